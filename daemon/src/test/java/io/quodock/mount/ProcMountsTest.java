package io.quodock.mount;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProcMountsTest {
    private static final List<String> TABLE = List.of(
            "/dev/vda / ext4 rw,relatime 0 0",
            "quobyte@10.0.0.1:7861/ /run/docker/quobyte/mnt fuse rw,nosuid,nodev,allow_other 0 0",
            "/srv/a\\040b /mnt/with\\040space fuse rw 0 0",
            "tmpfs /run/docker/quobyte/mnt tmpfs rw 0 0");

    @Test
    void stackedMountsAtOnePathAreReturnedOldestFirst() {
        List<ProcMounts.Entry> entries = ProcMounts.at(Path.of("/run/docker/quobyte/mnt"), TABLE);
        assertEquals(2, entries.size());
        assertEquals("quobyte@10.0.0.1:7861/", entries.get(0).source());
        assertEquals("tmpfs", entries.get(1).type());
    }

    @Test
    void octalEscapesInSourceAndMountPointAreDecoded() {
        List<ProcMounts.Entry> entries = ProcMounts.at(Path.of("/mnt/with space"), TABLE);
        assertEquals(List.of(new ProcMounts.Entry("/srv/a b", Path.of("/mnt/with space"), "fuse")), entries);
    }

    @Test
    void aPathBelowAMountIsNotItsMountPoint() {
        assertTrue(ProcMounts.at(Path.of("/run/docker/quobyte/mnt/vol"), TABLE).isEmpty());
        assertTrue(ProcMounts.at(Path.of("/run/docker/quobyte/mnt/../mnt"), TABLE).size() == 2, "paths are normalized");
    }

    @Test
    void theRealTableHasTheRootFileSystem() throws IOException {
        assertEquals(1, ProcMounts.at(Path.of("/")).stream().limit(1).count());
    }
}
