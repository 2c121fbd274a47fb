package io.quodock.driver;

import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * Docker's own volume name rule: {@code [a-zA-Z0-9][a-zA-Z0-9_.-]*}, at most 255 bytes. Names with
 * {@code /}, {@code ..} in a path sense, NUL or nothing at all are refused, because dockerd accepts
 * them in Create but can then neither inspect nor remove the volume.
 */
public final class VolumeName {
    public static final int MAX_BYTES = 255;
    private static final Pattern RULE = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]*");

    private VolumeName() {
    }

    /** Returns {@code name} if it is valid, otherwise throws an {@link DriverException.Kind#INVALID} error. */
    public static String require(String name) {
        String problem = problem(name);
        if (problem != null) {
            throw DriverException.invalid(problem);
        }
        return name;
    }

    /** Whether {@code name} can name a volume; cheap enough for every request. */
    public static boolean isValid(String name) {
        return problem(name) == null;
    }

    /**
     * Why {@code name} cannot name a volume, in words for the user, or {@code null} when it can.
     * The console uses this for live validation, so it is the one statement of the rule.
     */
    public static String problem(String name) {
        if (name == null || name.isEmpty()) {
            return "volume name is empty: give a name matching [a-zA-Z0-9][a-zA-Z0-9_.-]*";
        }
        int bytes = name.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_BYTES) {
            return "volume name is " + bytes + " bytes long; at most " + MAX_BYTES + " are allowed";
        }
        if (!RULE.matcher(name).matches()) {
            String hint = name.indexOf('/') >= 0
                    ? ", or create the volume and use the subdirs option for directories inside it"
                    : "";
            return "volume name '" + printable(name) + "' is invalid: use [a-zA-Z0-9][a-zA-Z0-9_.-]*" + hint;
        }
        return null;
    }

    /** Shows control characters (NUL, newlines) as escapes so error messages stay one clean line. */
    static String printable(String text) {
        StringBuilder out = new StringBuilder(Math.min(text.length(), 80));
        for (int i = 0; i < text.length() && out.length() < 80; i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                out.append(String.format("\\x%02x", (int) c));
            } else {
                out.append(c);
            }
        }
        if (out.length() >= 80) {
            out.append("...");
        }
        return out.toString();
    }
}
