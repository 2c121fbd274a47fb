package io.quodock.backend;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code subdirs} create option, for every backend: directories made inside a new (or adopted)
 * volume, owned like the volume root, never through a symbolic link that could lead out of it.
 */
public final class Subdirectories {
    private Subdirectories() {
    }

    /**
     * Creates {@code subdir} (a relative path, checked by {@code CreateOptions}) below {@code volume}.
     *
     * @throws IOException when a segment is a symbolic link, with what to do, or when the disk refuses
     */
    public static void create(Path volume, String subdir) throws IOException {
        Object uid = Files.getAttribute(volume, "unix:uid", LinkOption.NOFOLLOW_LINKS);
        Object gid = Files.getAttribute(volume, "unix:gid", LinkOption.NOFOLLOW_LINKS);
        Path current = volume;
        List<Path> created = new ArrayList<>();
        for (Path segment : Path.of(subdir)) {
            current = current.resolve(segment);
            if (Files.isSymbolicLink(current)) {
                throw new IOException("subdirs entry " + subdir + " passes through the symbolic link " + current
                        + ", which could lead outside the volume; remove the link or choose another path");
            }
            if (!Files.isDirectory(current, LinkOption.NOFOLLOW_LINKS)) {
                Files.createDirectory(current);
                created.add(current);
            }
        }
        for (Path dir : created) {
            Files.setAttribute(dir, "unix:uid", uid, LinkOption.NOFOLLOW_LINKS);
            Files.setAttribute(dir, "unix:gid", gid, LinkOption.NOFOLLOW_LINKS);
        }
    }
}
