package io.quodock.ui.admin;

import java.util.Objects;

/**
 * A volume's fixed-user mapping as {@code user:group} texts. A change made while containers mount the
 * volume waits for its next first mount; until then {@code next} differs from {@code current}.
 *
 * @param current the mapping in effect, or null for none
 * @param next    what the next first mount applies, or null for none
 */
public record FixedUserInfo(String current, String next) {
    public static final FixedUserInfo NONE = new FixedUserInfo(null, null);

    /** Whether a change waits for the next first mount. */
    public boolean pending() {
        return !Objects.equals(current, next);
    }

    /** For the table: {@code alice:staff}, {@code alice:staff → bob:staff (pending)}, or empty. */
    public String describe() {
        if (!pending()) {
            return current == null ? "" : current;
        }
        return (current == null ? "none" : current) + " → " + (next == null ? "none" : next) + " (pending)";
    }
}
