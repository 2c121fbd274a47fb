package io.quodock.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the host's mount table, /proc/mounts, to find and undo mounts a dockerd left behind. */
final class MountTable {

    private static final Path PROC_MOUNTS = Path.of("/proc/mounts");
    private static final Pattern OCTAL_ESCAPE = Pattern.compile("\\\\([0-7]{3})");
    private static final Duration UMOUNT_TIMEOUT = Duration.ofSeconds(30);

    private MountTable() {
    }

    /** Mount points at or below {@code dir}, in mount order; a path mounted over twice appears twice. */
    static List<Path> mountPointsUnder(Path dir) throws IOException {
        Path absolute = dir.toAbsolutePath();
        return Files.readAllLines(PROC_MOUNTS).stream()
                .map(line -> Path.of(unescape(line.split(" ")[1])))
                .filter(mountPoint -> mountPoint.startsWith(absolute))
                .toList();
    }

    /**
     * Unmounts everything at or below {@code dir}, deepest first, and fails if anything is still
     * mounted afterwards, so that the caller never deletes files through a leftover mount.
     */
    static void unmountAllUnder(Path dir) throws IOException {
        List<Path> deepestFirst = mountPointsUnder(dir).stream()
                .sorted(Comparator.comparingInt(Path::getNameCount).reversed())
                .toList();
        for (Path mountPoint : deepestFirst) {
            // Lazy: a mount still busy is detached at once; a failure shows up in the check below.
            Command.run(List.of("umount", "--lazy", mountPoint.toString()), Map.of(), UMOUNT_TIMEOUT);
        }
        List<Path> left = mountPointsUnder(dir);
        if (!left.isEmpty()) {
            throw new IOException("still mounted under " + dir + " after umount: " + left
                    + "; unmount them by hand before deleting " + dir);
        }
    }

    /** /proc/mounts writes space, tab, newline and backslash in paths as three-digit octal escapes. */
    private static String unescape(String field) {
        Matcher escape = OCTAL_ESCAPE.matcher(field);
        StringBuilder text = new StringBuilder();
        while (escape.find()) {
            escape.appendReplacement(text,
                    Matcher.quoteReplacement(String.valueOf((char) Integer.parseInt(escape.group(1), 8))));
        }
        return escape.appendTail(text).toString();
    }
}
