package io.quodock.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quodock.driver.VolumeService;
import io.quodock.mount.BindfsProcesses;
import io.quodock.mount.BindfsViews;
import io.quodock.mount.HostCommand;
import io.quodock.mount.MountLeakCheck;
import io.quodock.state.DurableStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fixed-user mappings of the local backend end to end through the driver core, on real bindfs and
 * FUSE, with a real durable state: needs root, bindfs and /dev/fuse, and fails without them.
 */
class LocalBackendFixedUserIT {
    private static final String ID1 = "1".repeat(64);
    private static final String ID2 = "2".repeat(64);
    private static final Map<String, String> MAPPED = Map.of(
            "user", "1234", "group", "1234", "fixed_user", "1234", "fixed_group", "2345");

    @TempDir
    Path dir;
    @RegisterExtension
    final MountLeakCheck leaks = new MountLeakCheck(() -> dir);

    private DurableStore store;
    private VolumeService service;

    @BeforeEach
    void start() throws Exception {
        open();
    }

    @AfterEach
    void stop() throws Exception {
        close();
    }

    @Test
    void filesCreatedThroughTheViewByRootAndByAnotherUidBelongToTheMappedUser() throws Exception {
        service.create("db", MAPPED);
        Path backing = volumes().resolve("db");

        Path view = Path.of(service.mount("db", ID1));
        Files.writeString(view.resolve("by-root"), "root");
        int asOtherUid = runAsUid999(view, "touch", "by-999");
        int besideTheView = runAsUid999(backing, "touch", "not-allowed");

        assertEquals(views().resolve("db"), view);
        assertEquals(0, asOtherUid, "uid 999 could not create a file through the view");
        assertNotEquals(0, besideTheView, "uid 999 must not write to the backing directory owned by 1234 directly");
        assertEquals(List.of(1234, 1234), owner(backing));
        assertEquals(List.of(1234, 2345), owner(backing.resolve("by-root")));
        assertEquals(List.of(1234, 2345), owner(backing.resolve("by-999")));
        service.unmount("db", ID1);
        assertEquals(List.of(), MountLeakCheck.mountPointsUnder(views()));
        assertFalse(Files.exists(view, LinkOption.NOFOLLOW_LINKS), "mount point left behind");
    }

    @Test
    void restartedServiceAdoptsTheMountedViewAndNeverMountsItTwice() throws Exception {
        service.create("db", MAPPED);
        Path view = Path.of(service.mount("db", ID1));
        List<ProcessHandle> bindfs = BindfsProcesses.serving(view);

        close();
        open();
        String path = service.path("db");
        String second = service.mount("db", ID2);

        assertEquals(view.toString(), path, "Path after a restart must name the view");
        assertEquals(view.toString(), second);
        assertEquals(List.of(view), MountLeakCheck.mountPointsUnder(dir));
        assertEquals(1, bindfs.size());
        assertEquals(bindfs, BindfsProcesses.serving(view));
        service.unmount("db", ID1);
        assertEquals(List.of(view), MountLeakCheck.mountPointsUnder(dir), "one container still holds the view");
        service.unmount("db", ID2);
        assertEquals(List.of(), MountLeakCheck.mountPointsUnder(dir));
    }

    @Test
    void restartUnmountsTheViewsOfVolumesNoContainerHolds() throws Exception {
        service.create("db", MAPPED);
        close();
        // What a crash between the last Unmount's state write and its view's unmount leaves: a view without references.
        Path view = Files.createDirectories(views().resolve("db"));
        HostCommand.Result bindfs = HostCommand.run(Duration.ofSeconds(20), List.of("bindfs", "--force-user=1234",
                "--force-group=2345", "-o", "allow_other", volumes().resolve("db").toString(), view.toString()));
        assertEquals(0, bindfs.exitCode(), bindfs.output());
        assertEquals(List.of(view), MountLeakCheck.mountPointsUnder(dir));

        open();

        assertEquals(List.of(), MountLeakCheck.mountPointsUnder(dir));
        assertFalse(Files.exists(view, LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void viewWhoseBindfsDiedIsMountedAgainOnTheNextMount() throws Exception {
        service.create("db", MAPPED);
        Path view = Path.of(service.mount("db", ID1));
        List<ProcessHandle> bindfs = BindfsProcesses.serving(view);
        assertEquals(1, bindfs.size());
        bindfs.get(0).destroyForcibly();
        bindfs.get(0).onExit().get(10, TimeUnit.SECONDS);
        IOException dead = assertThrows(IOException.class, () -> Files.readAttributes(view, BasicFileAttributes.class));
        assertFalse(dead instanceof NoSuchFileException, "expected ENOTCONN from the dead view, got " + dead);

        String again = service.mount("db", ID2);
        Files.writeString(view.resolve("after"), "x");

        assertEquals(view.toString(), again);
        assertEquals(List.of(1234, 2345), owner(volumes().resolve("db/after")));
        assertEquals(List.of(view), MountLeakCheck.mountPointsUnder(dir));
        service.unmount("db", ID1);
        service.unmount("db", ID2);
    }

    @Test
    void changeWhileMountedTakesEffectAtTheNextFirstMountOnly() throws Exception {
        service.create("db", MAPPED);
        Path view = Path.of(service.mount("db", ID1));

        service.setFixedUser("db", "4321", "5432");
        Files.writeString(view.resolve("before"), "x");
        Map<String, Object> waiting = service.get("db").orElseThrow().status();
        service.unmount("db", ID1);
        Path next = Path.of(service.mount("db", ID2));
        Files.writeString(next.resolve("after"), "x");

        assertEquals("1234:2345", waiting.get("fixedUser"));
        assertEquals("4321:5432", waiting.get("fixedUserPending"));
        assertEquals(List.of(1234, 2345), owner(volumes().resolve("db/before")));
        assertEquals(List.of(4321, 5432), owner(volumes().resolve("db/after")));
        Map<String, Object> applied = service.get("db").orElseThrow().status();
        assertEquals("4321:5432", applied.get("fixedUser"));
        assertFalse(applied.containsKey("fixedUserPending"));
        service.unmount("db", ID2);
    }

    @Test
    void removalWhileMountedLeavesThePlainDirectoryAtTheNextFirstMount() throws Exception {
        service.create("db", MAPPED);
        service.mount("db", ID1);

        service.clearFixedUser("db");
        Map<String, Object> waiting = service.get("db").orElseThrow().status();
        service.unmount("db", ID1);
        String plain = service.mount("db", ID2);

        assertEquals("none", waiting.get("fixedUserPending"));
        assertEquals(volumes().resolve("db").toString(), plain);
        assertEquals(List.of(), MountLeakCheck.mountPointsUnder(dir));
        assertTrue(service.get("db").orElseThrow().status().keySet().stream().noneMatch(key -> key.startsWith("fixedUser")));
        service.unmount("db", ID2);
    }

    @Test
    void removingAVolumeUnmountsAViewLeftByAFailedRelease() throws Exception {
        service.create("db", MAPPED);
        Path view = Path.of(service.mount("db", ID1));
        service.unmount("db", ID1);
        // The release failed in an earlier run: the view is there again without references.
        HostCommand.Result bindfs = HostCommand.run(Duration.ofSeconds(20), List.of("bindfs", "-o", "allow_other",
                volumes().resolve("db").toString(), Files.createDirectories(view).toString()));
        assertEquals(0, bindfs.exitCode(), bindfs.output());
        close();
        open();
        assertEquals(List.of(), MountLeakCheck.mountPointsUnder(dir), "restart unmounts it already");

        service.remove("db");

        assertFalse(Files.exists(volumes().resolve("db")));
    }

    private Path volumes() {
        return dir.resolve("volumes");
    }

    private Path views() {
        return dir.resolve("run/fixed");
    }

    private void open() throws Exception {
        store = DurableStore.open(dir.resolve("state"), 1 << 20);
        LocalBackend backend = new LocalBackend(volumes(), new BindfsViews(views()));
        backend.start();
        service = new VolumeService(backend, store, Duration.ofSeconds(40), Clock.systemUTC());
    }

    /** Like a daemon stopping: closes the core and the state, never unmounting what containers use. */
    private void close() throws Exception {
        if (service != null) {
            service.close();
            store.close();
            service = null;
        }
    }

    /** Runs a program as uid and gid 999 with no other groups, in {@code cwd} (so the 0700 parents are not walked). */
    private static int runAsUid999(Path cwd, String... command) throws Exception {
        List<String> line = new java.util.ArrayList<>(List.of("setpriv", "--reuid=999", "--regid=999", "--clear-groups"));
        line.addAll(List.of(command));
        Process process = new ProcessBuilder(line).directory(cwd.toFile()).inheritIO().start();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(line + " did not finish within 20 s");
        }
        return process.exitValue();
    }

    private static List<Integer> owner(Path file) throws IOException {
        return List.of((Integer) Files.getAttribute(file, "unix:uid", LinkOption.NOFOLLOW_LINKS),
                (Integer) Files.getAttribute(file, "unix:gid", LinkOption.NOFOLLOW_LINKS));
    }
}
