package io.quodock.backend.quobyte;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quodock.driver.DriverException;
import io.quodock.mount.FileSystemProbe;
import io.quodock.mount.MountTable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.util.component.LifeCycle;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shared mount going dead or hung, on a real FUSE mount (bindfs standing in for the Quobyte client):
 * health says so, and Mount and Create fail quickly with a clear error instead of hanging.
 */
class DeadMountIT {
    private static final String ID = "e".repeat(64);
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(1);

    @TempDir
    Path tmp;
    private Path source;
    private Path mountPoint;
    private QuobyteApiDouble quobyte;
    private FuseBind fuse;
    private QuobyteHost host;

    @BeforeEach
    void start() throws Exception {
        source = Files.createDirectory(tmp.resolve("cluster"));
        mountPoint = Files.createDirectory(tmp.resolve("mnt"));
        quobyte = new QuobyteApiDouble(QuobyteHost.USER, QuobyteHost.PASSWORD, source);
        quobyte.start();
        String tenant = quobyte.addTenant("docker");
        fuse = new FuseBind(source, mountPoint);
        host = new QuobyteHost(quobyte.url(), mountPoint, tenant, tmp.resolve("state"), PROBE_TIMEOUT);
        host.service.create("v", null);
    }

    @AfterEach
    void stop() throws Exception {
        try {
            fuse.close();
        } finally {
            host.close();
            LifeCycle.stop(quobyte);
        }
    }

    @Test
    void aDeadMountIsReportedAndMountAndCreateFailAtOnce() throws Exception {
        fuse.kill();

        assertEquals("dead", host.backend.health().get("mount_state"));
        long start = System.nanoTime();
        DriverException mount = assertThrows(DriverException.class, () -> host.service.mount("v", ID));
        long mountMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue(mount.getMessage().contains("the Quobyte client mount at " + mountPoint
                + " is dead (Transport endpoint is not connected)"), mount.getMessage());
        assertTrue(mountMillis < 500, mountMillis + " ms");

        DriverException create = assertThrows(DriverException.class, () -> host.service.create("w", null));
        assertTrue(create.getMessage().startsWith("cannot create volume w: the Quobyte client mount"), create.getMessage());
        assertTrue(quobyte.calls("createVolume").stream().noneMatch(call -> "w".equals(call.param("name"))),
                "nothing is created in Quobyte while the mount is dead");
        assertEquals(0, host.service.get("v").orElseThrow().mounts().total());
        assertEquals(1, host.service.list().size());
    }

    @Test
    void aHungMountFailsMountWithinTheProbeTimeoutAndThenAtOnce() throws Exception {
        fuse.stop();
        try {
            long start = System.nanoTime();
            DriverException first = assertThrows(DriverException.class, () -> host.service.mount("v", ID));
            long firstMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertEquals(DriverException.Kind.TIMEOUT, first.kind());
            assertTrue(first.getMessage().contains("does not answer"), first.getMessage());
            assertTrue(firstMillis >= PROBE_TIMEOUT.toMillis() && firstMillis < PROBE_TIMEOUT.toMillis() + 1000,
                    firstMillis + " ms");

            start = System.nanoTime();
            assertThrows(DriverException.class, () -> host.service.mount("v", ID));
            assertEquals("hung", host.backend.health().get("mount_state"));
            long againMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertTrue(againMillis < 300, "no second wait on a stuck mount: " + againMillis + " ms");
        } finally {
            fuse.resume();
        }
        awaitAlive();
        assertTrue(host.service.mount("v", ID).endsWith("/v"), "usable again once the client answers");
    }

    @Test
    void aDeadQuobyteMountIsUnmountedAndMountedAgainAtStart() throws Exception {
        fuse.kill();
        QuobyteSettings settings = new QuobyteSettings(QuobyteHost.settings(quobyte.url(), mountPoint, "", PROBE_TIMEOUT).api(),
                "", "BASE", mountPoint, "localhost:7861", "", "bindfs -o subtype=quobyte " + source + " {path}", true,
                PROBE_TIMEOUT, false, Duration.ZERO);
        try (QuobyteMount mount = new QuobyteMount(settings, Duration.ofSeconds(10))) {
            mount.start();

            assertEquals(FileSystemProbe.State.ALIVE, mount.probe("v").state());
            List<MountTable.Entry> entries = MountTable.read().at(mountPoint);
            assertEquals(1, entries.size(), "the dead mount is gone, one live one in its place: " + entries);
            assertEquals("fuse.quobyte", entries.get(0).type());
        }
    }

    private void awaitAlive() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!"alive".equals(host.backend.health().get("mount_state"))) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the mount did not answer again after SIGCONT");
            }
            Thread.sleep(50);
        }
    }
}
