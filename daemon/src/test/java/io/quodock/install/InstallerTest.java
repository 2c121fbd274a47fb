package io.quodock.install;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Install and uninstall of a small image, laid out as the build lays out the real one, below a temporary root. */
class InstallerTest {
    @TempDir
    Path tmp;
    private Path image;
    private Path root;
    private final List<String> report = new ArrayList<>();
    private Installer installer;

    @BeforeEach
    void makeImage() throws IOException {
        image = tmp.resolve("quodock-0.1.0");
        root = tmp.resolve("root");
        write(image.resolve("bin/quodock"), "#!/bin/sh\n", "rwxr-xr-x");
        write(image.resolve("lib/modules"), "modules", "rw-r--r--");
        write(image.resolve("host/etc/systemd/system/quodock.service"), "[Service]\n", "rw-r--r--");
        write(image.resolve("host/etc/systemd/system/quodock.socket"), "[Socket]\n", "rw-r--r--");
        write(image.resolve("host/etc/default/quodock"), "#QUOBYTE_API_PASSWORD=quobyte\n", "rw-r--r--");
        write(image.resolve("host/usr/share/applications/quodock-console.desktop"), "[Desktop Entry]\n", "rw-r--r--");
        Files.createDirectories(image.resolve("host/usr/local/bin"));
        Files.createSymbolicLink(image.resolve("host/usr/local/bin/quodock"), Path.of("/opt/quodock/bin/quodock"));
        installer = new Installer(root, report::add);
    }

    @Test
    void installCopiesTheImageToOptAndEveryHostFileToItsPath() throws IOException {
        installer.install(image);

        Path home = root.resolve("opt/quodock");
        assertTrue(Files.isExecutable(home.resolve("bin/quodock")), "the launcher keeps its mode");
        assertEquals("modules", Files.readString(home.resolve("lib/modules")));
        assertEquals("[Service]\n", Files.readString(root.resolve("etc/systemd/system/quodock.service")));
        assertEquals("[Socket]\n", Files.readString(root.resolve("etc/systemd/system/quodock.socket")));
        assertTrue(Files.isRegularFile(root.resolve("usr/share/applications/quodock-console.desktop")));
        assertEquals(Path.of("/opt/quodock/bin/quodock"), Files.readSymbolicLink(root.resolve("usr/local/bin/quodock")),
                "links are copied as links");
        assertTrue(report.contains("wrote " + root.resolve("etc/systemd/system/quodock.service")), report.toString());
    }

    @Test
    void settingsAreWrittenOnceWithMode0600AndThenLeftToTheAdministrator() throws IOException {
        installer.install(image);
        Path settings = root.resolve("etc/default/quodock");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(settings)));

        Files.writeString(settings, "QUOBYTE_API_PASSWORD=secret\n");
        installer.install(image);

        assertEquals("QUOBYTE_API_PASSWORD=secret\n", Files.readString(settings));
        assertTrue(report.contains("kept " + settings + " (settings)"), report.toString());
    }

    @Test
    void reinstallReplacesTheWholeImageAndLeavesNoStagingCopy() throws IOException {
        installer.install(image);
        Files.delete(image.resolve("lib/modules"));
        write(image.resolve("lib/modules2"), "new", "rw-r--r--");

        installer.install(image);

        Path home = root.resolve("opt/quodock");
        assertFalse(Files.exists(home.resolve("lib/modules")), "nothing of the old image stays");
        assertEquals("new", Files.readString(home.resolve("lib/modules2")));
        assertFalse(Files.exists(root.resolve("opt/quodock.new")));
        assertFalse(Files.exists(root.resolve("opt/quodock.old")));
    }

    @Test
    void installFromTheInstalledImageKeepsItAndPutsItsHostFilesInPlace() throws IOException {
        installer.install(image);
        Files.delete(root.resolve("etc/systemd/system/quodock.service"));
        report.clear();

        installer.install(root.resolve("opt/quodock"));

        assertTrue(Files.exists(root.resolve("etc/systemd/system/quodock.service")));
        assertTrue(report.stream().noneMatch(line -> line.startsWith("installed ")), report.toString());
    }

    @Test
    void uninstallRemovesWhatInstallPutExceptTheSettings() throws IOException {
        installer.install(image);
        Path otherUnit = root.resolve("etc/systemd/system/docker.service");
        write(otherUnit, "[Service]\n", "rw-r--r--");

        installer.uninstall();

        assertFalse(Files.exists(root.resolve("opt/quodock")));
        assertFalse(Files.exists(root.resolve("etc/systemd/system/quodock.service")));
        assertFalse(Files.exists(root.resolve("etc/systemd/system/quodock.socket")));
        assertFalse(Files.exists(root.resolve("usr/share/applications/quodock-console.desktop")));
        assertFalse(Files.exists(root.resolve("usr/local/bin/quodock"), LinkOption.NOFOLLOW_LINKS));
        assertTrue(Files.exists(root.resolve("etc/default/quodock")), "settings stay");
        assertTrue(Files.exists(otherUnit), "files quodock did not install stay");
    }

    @Test
    void uninstallRefusesWhileAUnitIsEnabledAndRemovesNothing() throws IOException {
        installer.install(image);
        Path wants = root.resolve("etc/systemd/system/sockets.target.wants");
        Files.createDirectories(wants);
        Files.createSymbolicLink(wants.resolve("quodock.socket"), Path.of("/etc/systemd/system/quodock.socket"));

        IOException refused = assertThrows(IOException.class, installer::uninstall);

        assertEquals("quodock.socket is still enabled: run systemctl disable --now quodock.socket quodock.service first",
                refused.getMessage());
        assertTrue(Files.exists(root.resolve("opt/quodock/bin/quodock")));
        assertTrue(Files.exists(root.resolve("etc/systemd/system/quodock.service")));
    }

    @Test
    void installRefusesADirectoryThatIsNotAnImage() {
        IOException refused = assertThrows(IOException.class, () -> installer.install(tmp.resolve("root")));
        assertTrue(refused.getMessage().contains("is not a quodock runtime image"), refused.getMessage());
        assertFalse(Files.exists(root.resolve("opt")));
    }

    @Test
    void uninstallSaysWhenNothingIsInstalled() {
        IOException refused = assertThrows(IOException.class, installer::uninstall);
        assertEquals("no quodock is installed at " + root.resolve("opt/quodock"), refused.getMessage());
    }

    private static void write(Path file, String text, String mode) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
    }
}
