package io.quodock.backend.quobyte;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quodock.mount.FileSystemProbe;
import io.quodock.mount.HostCommand;
import io.quodock.mount.MountTable;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QuobyteMountTest {
    @TempDir
    Path tmp;

    @Test
    void aQuobyteEntryIsKnownByItsSourceOrItsType() {
        Path at = Path.of("/run/docker/quobyte/mnt");
        MountTable.Entry client = new MountTable.Entry("quobyte@10.0.0.1:7861/", at, "fuse", "rw");
        MountTable.Entry typed = new MountTable.Entry("registry:7861/", at, "fuse.quobyte", "rw");
        MountTable.Entry other = new MountTable.Entry("/dev/vda", at, "ext4", "rw");

        assertEquals(client, QuobyteMount.quobyteEntry(List.of(other, client)).orElseThrow());
        assertEquals(typed, QuobyteMount.quobyteEntry(List.of(typed)).orElseThrow());
        assertTrue(QuobyteMount.quobyteEntry(List.of(other)).isEmpty());
    }

    @Test
    void theMountCommandGetsOptionsVerbatimAndRegistryAndPathQuoted() {
        QuobyteMount mount = new QuobyteMount(settings(Path.of("/run/docker/quobyte/mnt"),
                QuobyteSettings.DEFAULT_MOUNT_COMMAND, true), Duration.ofSeconds(5));
        assertEquals("mount -o user_xattr -o allow-usermapping-in-volumename -t quobyte 'reg1:7861,reg2:7861'/"
                + " '/run/docker/quobyte/mnt'", mount.commandLine());
    }

    @Test
    void theUserMappingOptionIsAddedOnlyForTheClientsOwnMappingAndOnlyOnce() {
        QuobyteSettings base = settings(Path.of("/mnt/q"), QuobyteSettings.DEFAULT_MOUNT_COMMAND, true);
        QuobyteSettings bindfs = new QuobyteSettings(base.api(), "", "BASE", base.mountPath(), base.registry(),
                "-o user_xattr", base.mountCommand(), true, base.probeTimeout(), false, Duration.ZERO,
                io.quodock.driver.FixedUser.Method.BINDFS);
        QuobyteSettings given = new QuobyteSettings(base.api(), "", "BASE", base.mountPath(), base.registry(),
                "-o allow-usermapping-in-volumename", base.mountCommand(), true, base.probeTimeout(), false, Duration.ZERO);

        assertEquals("-o user_xattr", bindfs.effectiveMountOptions());
        assertEquals("-o allow-usermapping-in-volumename", given.effectiveMountOptions());
    }

    @Test
    void quotedValuesStayOneWordWhateverTheyHold() throws IOException {
        String tricky = "it's $HOME; `id` \"x\"";
        HostCommand.Result result = HostCommand.run(Duration.ofSeconds(10),
                List.of("/bin/sh", "-c", "printf %s " + QuobyteMount.quote(tricky)));
        assertEquals(tricky, result.output());
    }

    @Test
    void withoutAQuobyteEntryTheMountCommandRunsAndTheMountIsProbed() throws IOException {
        Path path = tmp.resolve("mnt");
        Path ran = tmp.resolve("ran");
        try (QuobyteMount mount = new QuobyteMount(settings(path, "printf '%s %s' {registry} {path} > " + ran, true),
                Duration.ofSeconds(5))) {
            mount.start();

            assertEquals("reg1:7861,reg2:7861 " + path, Files.readString(ran));
            assertTrue(Files.isDirectory(path), "the mount point is created");
            assertEquals(FileSystemProbe.State.ALIVE, mount.probe().state());
        }
    }

    @Test
    void aFailingMountCommandStopsTheStartWithItsOutput() {
        QuobyteMount mount = new QuobyteMount(settings(tmp.resolve("mnt"), "echo 'mount: unknown filesystem type quobyte' >&2;"
                + " exit 32", true), Duration.ofSeconds(5));
        IOException e = assertThrows(IOException.class, mount::start);
        assertTrue(e.getMessage().contains("failed with exit status 32: mount: unknown filesystem type quobyte"),
                e.getMessage());
        assertTrue(e.getMessage().contains("or give --no-mount"), e.getMessage());
        mount.close();
    }

    @Test
    void withNoMountTheCommandNeverRuns() throws IOException {
        Path ran = tmp.resolve("ran");
        Path path = Files.createDirectory(tmp.resolve("mnt"));
        try (QuobyteMount mount = new QuobyteMount(settings(path, "touch " + ran, false), Duration.ofSeconds(5))) {
            mount.start();
            assertFalse(Files.exists(ran));
        }
    }

    @Test
    void aMissingMountPathWithNoMountIsReportedAsMissing() throws IOException {
        try (QuobyteMount mount = new QuobyteMount(settings(tmp.resolve("absent"), "true", false), Duration.ofSeconds(5))) {
            mount.start();
            assertEquals(FileSystemProbe.State.MISSING, mount.probe().state());
        }
    }

    private static QuobyteSettings settings(Path path, String command, boolean mount) {
        QuobyteApiConfig api = QuobyteApiConfig.of(URI.create("http://localhost:7860"), "admin", "quobyte");
        return new QuobyteSettings(api, "", "BASE", path, "reg1:7861,reg2:7861", "-o user_xattr", command, mount,
                Duration.ofSeconds(2), false, Duration.ZERO);
    }
}
