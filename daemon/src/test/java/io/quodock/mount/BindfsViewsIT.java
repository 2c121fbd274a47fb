package io.quodock.mount;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The view manager on real bindfs and FUSE: needs root, bindfs and /dev/fuse, and fails without them. */
class BindfsViewsIT {
    @TempDir
    Path dir;
    @RegisterExtension
    final MountLeakCheck leaks = new MountLeakCheck(() -> dir);

    private Path views;
    private Path source;

    @BeforeEach
    void directories() throws Exception {
        views = dir.resolve("run/fixed");
        source = Files.createDirectory(dir.resolve("source"));
    }

    @Test
    void newFileThroughTheViewGetsTheForcedOwnerOnTheSource() throws Exception {
        BindfsViews manager = new BindfsViews(views);
        Path view = manager.open("vol", source, "1234", "2345");

        Files.writeString(view.resolve("file"), "x");

        assertEquals(List.of(1234, 2345), owner(source.resolve("file")));
        manager.close("vol");
    }

    @Test
    void chownThroughTheViewLeavesTheForcedOwnerOnTheSource() throws Exception {
        BindfsViews manager = new BindfsViews(views);
        Path view = manager.open("vol", source, "1234", "2345");
        Path file = Files.writeString(view.resolve("file"), "x");

        HostCommand.Result chown = HostCommand.run(Duration.ofSeconds(10), List.of("chown", "5:5", file.toString()));

        assertEquals(0, chown.exitCode(), chown.output());
        assertEquals(List.of(1234, 2345), owner(source.resolve("file")));
        manager.close("vol");
    }

    @Test
    void openingAViewTwiceMountsItOnce() throws Exception {
        BindfsViews manager = new BindfsViews(views);
        Path view = manager.open("vol", source, "1234", "2345");
        List<ProcessHandle> bindfs = BindfsProcesses.serving(view);

        Path again = manager.open("vol", source, "1234", "2345");

        assertEquals(view, again);
        assertEquals(1, MountTable.read().at(view).size());
        assertEquals(1, bindfs.size());
        assertEquals(bindfs, BindfsProcesses.serving(view));
        manager.close("vol");
    }

    @Test
    void viewsDirectoryIsOpenToRootOnly() throws Exception {
        BindfsViews manager = new BindfsViews(views);
        manager.open("vol", source, "1234", "2345");

        assertEquals(PosixFilePermissions.fromString("rwx------"), Files.getPosixFilePermissions(views));
        manager.close("vol");
    }

    @Test
    void viewOfAnotherDirectoryAtTheSamePlaceIsReplaced() throws Exception {
        Path other = Files.createDirectory(dir.resolve("other"));
        BindfsViews manager = new BindfsViews(views);
        Path view = manager.open("vol", other, "1234", "2345");

        manager.open("vol", source, "1234", "2345");

        List<MountTable.Entry> mounted = MountTable.read().at(view);
        assertEquals(List.of(source.toRealPath().toString()), mounted.stream().map(MountTable.Entry::source).toList());
        manager.close("vol");
    }

    @Test
    void closeUnmountsAndRemovesTheMountPoint() throws Exception {
        BindfsViews manager = new BindfsViews(views);
        Path view = manager.open("vol", source, "1234", "2345");

        manager.close("vol");

        assertEquals(List.of(), MountTable.read().at(view));
        assertFalse(Files.exists(view, LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void viewInUseIsDetachedLazilyOnClose() throws Exception {
        BindfsViews manager = new BindfsViews(views);
        Path view = manager.open("vol", source, "1234", "2345");
        Process user = new ProcessBuilder("sleep", "60").directory(view.toFile()).start();
        try {
            manager.close("vol");

            assertEquals(List.of(), MountTable.read().at(view));
            assertFalse(Files.exists(view, LinkOption.NOFOLLOW_LINKS));
        } finally {
            user.destroyForcibly();
            user.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void restartAdoptsWantedViewsAndUnmountsTheRestWithStrayMountPoints() throws Exception {
        Path other = Files.createDirectory(dir.resolve("other"));
        BindfsViews before = new BindfsViews(views);
        Path kept = before.open("kept", source, "1234", "2345");
        List<ProcessHandle> keptBindfs = BindfsProcesses.serving(kept);
        Path unwanted = before.open("unwanted", source, "1234", "2345");
        Path moved = before.open("moved", other, "1234", "2345");
        Path stray = Files.createDirectory(views.resolve("stray"));

        BindfsViews after = new BindfsViews(views);
        Set<String> adopted = after.retain(Map.of("kept", source, "moved", source));

        assertEquals(Set.of("kept"), adopted);
        assertEquals(List.of(kept), MountLeakCheck.mountPointsUnder(views));
        assertEquals(keptBindfs, BindfsProcesses.serving(kept));
        for (Path gone : List.of(unwanted, moved, stray)) {
            assertFalse(Files.exists(gone, LinkOption.NOFOLLOW_LINKS), gone + " still there");
        }
        after.close("kept");
        assertTrue(MountLeakCheck.mountPointsUnder(views).isEmpty());
    }

    private static List<Integer> owner(Path file) throws Exception {
        return List.of((Integer) Files.getAttribute(file, "unix:uid", LinkOption.NOFOLLOW_LINKS),
                (Integer) Files.getAttribute(file, "unix:gid", LinkOption.NOFOLLOW_LINKS));
    }
}
