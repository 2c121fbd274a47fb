package io.quodock.mount;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The mount table of this process's mount namespace, as {@code /proc/self/mounts} shows it at one
 * moment. Reading it asks the kernel only, never a mounted file system, so it cannot hang on a dead
 * or stuck FUSE mount.
 */
public final class MountTable {
    private static final Path PROC_SELF_MOUNTS = Path.of("/proc/self/mounts");

    /**
     * One mounted file system.
     *
     * @param source     what is mounted: a device, a directory (bindfs), a registry address (Quobyte)
     * @param mountPoint where it is mounted
     * @param type       the file system type, e.g. {@code fuse} or {@code fuse.quobyte}
     * @param options    the mount options, comma-separated
     */
    public record Entry(String source, Path mountPoint, String type, String options) {
    }

    private final List<Entry> entries;

    private MountTable(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    /** Reads the current table. */
    public static MountTable read() throws IOException {
        return parse(Files.readAllLines(PROC_SELF_MOUNTS));
    }

    /**
     * Parses lines in the format of {@code /proc/mounts}: source, mount point, type, options and two
     * numbers, separated by single spaces, with space, tab, newline and backslash in the first two
     * written as three-digit octal escapes ({@code \040} for a space).
     */
    static MountTable parse(List<String> lines) {
        List<Entry> entries = new ArrayList<>(lines.size());
        for (String line : lines) {
            String[] fields = line.split(" ");
            if (fields.length < 4) {
                continue;
            }
            entries.add(new Entry(unescape(fields[0]), Path.of(unescape(fields[1])), fields[2], fields[3]));
        }
        return new MountTable(entries);
    }

    public List<Entry> entries() {
        return entries;
    }

    /** The file systems mounted exactly at {@code mountPoint}, oldest first; more than one when stacked. */
    public List<Entry> at(Path mountPoint) {
        Path wanted = mountPoint.toAbsolutePath().normalize();
        return entries.stream().filter(entry -> entry.mountPoint().equals(wanted)).toList();
    }

    /** The file systems mounted directly inside {@code dir} (not deeper), oldest first. */
    public List<Entry> childrenOf(Path dir) {
        Path parent = dir.toAbsolutePath().normalize();
        return entries.stream().filter(entry -> parent.equals(entry.mountPoint().getParent())).toList();
    }

    private static String unescape(String field) {
        if (field.indexOf('\\') < 0) {
            return field;
        }
        StringBuilder text = new StringBuilder(field.length());
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == '\\' && i + 3 < field.length() && isOctal(field, i + 1)) {
                text.append((char) Integer.parseInt(field.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                text.append(c);
            }
        }
        return text.toString();
    }

    private static boolean isOctal(String field, int from) {
        for (int i = from; i < from + 3; i++) {
            char c = field.charAt(i);
            if (c < '0' || c > '7') {
                return false;
            }
        }
        return true;
    }
}
