package io.quodock.mount;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class MountTableTest {
    private static final List<String> LINES = List.of(
            "/dev/sda1 / ext4 rw,relatime 0 0",
            "/srv/vol\\040one /run/quodock/fixed/one fuse rw,nosuid,nodev,relatime,user_id=0,group_id=0,"
                    + "default_permissions,allow_other 0 0",
            "/srv/two /run/quodock/fixed/two fuse rw,user_id=0,group_id=0 0 0",
            "/srv/two-again /run/quodock/fixed/two fuse rw,user_id=0,group_id=0 0 0",
            "tmpfs /run/quodock/fixed/two/deeper tmpfs rw 0 0",
            "quobyte@registry:7861/ /run/docker/quobyte/mnt fuse.quobyte rw,allow_other 0 0");

    @Test
    void octalEscapesInSourceAndMountPointAreDecoded() {
        MountTable.Entry entry = MountTable.parse(LINES).at(Path.of("/run/quodock/fixed/one")).get(0);

        assertEquals("/srv/vol one", entry.source());
        assertEquals("fuse", entry.type());
    }

    @Test
    void pathMountedOverTwiceHasBothEntriesOldestFirst() {
        List<MountTable.Entry> stacked = MountTable.parse(LINES).at(Path.of("/run/quodock/fixed/two"));

        assertEquals(List.of("/srv/two", "/srv/two-again"), stacked.stream().map(MountTable.Entry::source).toList());
    }

    @Test
    void childrenOfADirectoryLeaveOutDeeperMounts() {
        List<Path> children = MountTable.parse(LINES).childrenOf(Path.of("/run/quodock/fixed")).stream()
                .map(MountTable.Entry::mountPoint).toList();

        assertEquals(List.of(Path.of("/run/quodock/fixed/one"), Path.of("/run/quodock/fixed/two"),
                Path.of("/run/quodock/fixed/two")), children);
    }

    @Test
    void mountPointWithTrailingSlashMatchesNormalized() {
        assertEquals(1, MountTable.parse(LINES).at(Path.of("/run/docker/quobyte/mnt/")).size());
    }

    @Test
    void currentTableOfThisProcessHasTheRootFileSystem() throws Exception {
        assertFalse(MountTable.read().at(Path.of("/")).isEmpty());
    }
}
