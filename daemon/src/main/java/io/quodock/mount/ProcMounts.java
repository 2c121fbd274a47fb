package io.quodock.mount;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The mount table of this process's mount namespace ({@code /proc/self/mounts}). Reading it asks the
 * kernel only, never a mounted file system, so it cannot hang on a dead or stuck FUSE mount.
 */
public final class ProcMounts {
    private static final Path PROC_SELF_MOUNTS = Path.of("/proc/self/mounts");

    /**
     * One line of the table.
     *
     * @param source     what is mounted: a device, a directory, a registry address ({@code quobyte@host:7861/})
     * @param mountPoint where it is mounted
     * @param type       the file system type, e.g. {@code ext4}, {@code fuse} or {@code fuse.quobyte}
     */
    public record Entry(String source, Path mountPoint, String type) {
    }

    private ProcMounts() {
    }

    /** The file systems mounted exactly at {@code mountPoint}, oldest first (more than one when stacked). */
    public static List<Entry> at(Path mountPoint) throws IOException {
        return at(mountPoint, Files.readAllLines(PROC_SELF_MOUNTS));
    }

    /**
     * The entries of {@code lines} (in the format of {@code /proc/mounts}) mounted at {@code mountPoint}.
     * Space, tab, newline and backslash in the first two fields are three-digit octal escapes there.
     */
    static List<Entry> at(Path mountPoint, List<String> lines) {
        Path wanted = mountPoint.toAbsolutePath().normalize();
        List<Entry> found = new ArrayList<>();
        for (String line : lines) {
            String[] fields = line.split(" ");
            if (fields.length >= 3 && Path.of(unescape(fields[1])).equals(wanted)) {
                found.add(new Entry(unescape(fields[0]), wanted, fields[2]));
            }
        }
        return found;
    }

    private static String unescape(String field) {
        if (field.indexOf('\\') < 0) {
            return field;
        }
        StringBuilder text = new StringBuilder(field.length());
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == '\\' && isOctal(field, i + 1)) {
                text.append((char) Integer.parseInt(field.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                text.append(c);
            }
        }
        return text.toString();
    }

    private static boolean isOctal(String field, int from) {
        if (from + 3 > field.length()) {
            return false;
        }
        for (int i = from; i < from + 3; i++) {
            char c = field.charAt(i);
            if (c < '0' || c > '7') {
                return false;
            }
        }
        return true;
    }
}
