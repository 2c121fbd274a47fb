package io.quodock.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quodock.image.RuntimeImage.Result;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code quodock install} and {@code uninstall} of the real image, below a temporary root instead of /. */
class InstallIT {
    @TempDir
    Path tmp;
    private Path root;

    @BeforeEach
    void install() throws IOException {
        root = tmp.resolve("root");
        Result installed = RuntimeImage.run(List.of(RuntimeImage.dir().resolve("bin/quodock").toString(), "install",
                "--root", root.toString()), Map.of());
        assertEquals(0, installed.exit(), installed.output());
        assertTrue(installed.output().contains("next: systemctl daemon-reload && systemctl enable --now quodock.socket"
                + " quodock.service"), installed.output());
    }

    @Test
    void installPutsTheImageInOptAndTheHostFilesInPlace() throws IOException {
        assertTrue(Files.isExecutable(root.resolve("opt/quodock/bin/quodock")));
        assertTrue(Files.readString(root.resolve("etc/systemd/system/quodock.service"))
                .contains("ExecStart=/opt/quodock/bin/quodock daemon"));
        assertTrue(Files.readString(root.resolve("etc/systemd/system/quodock.socket"))
                .contains("ListenStream=/run/docker/plugins/quobyte.sock"));
        Path settings = root.resolve("etc/default/quodock");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(settings)));
        assertTrue(Files.readString(settings).contains("#QUOBYTE_API_URL=http://localhost:7860"));
        assertEquals(Path.of("/opt/quodock/bin/quodock"), Files.readSymbolicLink(root.resolve("usr/local/bin/quodock")));
    }

    @Test
    void installedLauncherRunsWithItsAppCdsArchive() throws IOException {
        Result version = RuntimeImage.run(List.of(root.resolve("opt/quodock/bin/quodock").toString(), "--version"),
                Map.of("QUODOCK_JAVA_OPTS", "-Xshare:on -Xlog:class+load=info"));

        assertEquals(0, version.exit(), version.output());
        assertTrue(version.output().contains("io.quodock.cli.Main source: shared objects file (top)"), version.output());
    }

    @Test
    void installedUnitsPassSystemdAnalyzeVerify() throws IOException {
        // verify --root resolves ExecStart= and the units' dependencies inside the root: give it systemd's targets.
        Path units = Files.createDirectories(root.resolve("usr/lib/systemd/system"));
        try (DirectoryStream<Path> targets = Files.newDirectoryStream(Path.of("/lib/systemd/system"), "*.target")) {
            for (Path target : targets) {
                Files.copy(target, units.resolve(target.getFileName()), LinkOption.NOFOLLOW_LINKS);
            }
        }

        Result verified = RuntimeImage.run(List.of("systemd-analyze", "verify", "--root=" + root, "quodock.socket",
                "quodock.service"), Map.of());

        assertEquals(0, verified.exit(), verified.output());
        assertEquals("", verified.output(), "systemd reports problems it merely ignores as warnings");
    }

    @Test
    void uninstallFromTheInstalledImageRemovesItButKeepsTheSettings() throws IOException {
        Result removed = RuntimeImage.run(List.of(root.resolve("opt/quodock/bin/quodock").toString(), "uninstall",
                "--root", root.toString()), Map.of());

        assertEquals(0, removed.exit(), removed.output());
        assertFalse(Files.exists(root.resolve("opt/quodock")));
        assertFalse(Files.exists(root.resolve("etc/systemd/system/quodock.service")));
        assertFalse(Files.exists(root.resolve("etc/systemd/system/quodock.socket")));
        assertFalse(Files.exists(root.resolve("usr/local/bin/quodock"), LinkOption.NOFOLLOW_LINKS));
        assertTrue(Files.exists(root.resolve("etc/default/quodock")));
    }
}
