package io.quodock.driver;

import java.util.Objects;

/**
 * A volume's fixed-user mapping over time. A mapping never changes under running containers: a change
 * made while the volume is mounted waits, and takes effect at the next first Mount.
 *
 * @param current the mapping in effect: what Mount applies while the volume is mounted; null for none
 * @param next    what the next first Mount applies; differs from {@code current} while a change waits
 * @param method  how the backend applies the mapping; null exactly when both are null
 */
public record FixedUserMapping(FixedUser current, FixedUser next, FixedUser.Method method) {
    /** No mapping, none waiting. */
    public static final FixedUserMapping NONE = new FixedUserMapping(null, null, null);

    public FixedUserMapping {
        if ((current == null && next == null) != (method == null)) {
            throw new IllegalArgumentException("a fixed-user method goes with a mapping, and only with one: "
                    + current + ", " + next + ", " + method);
        }
    }

    /** {@code mapping} in effect at once, or {@link #NONE} when it is null. */
    public static FixedUserMapping of(FixedUser mapping, FixedUser.Method method) {
        return mapping == null ? NONE : new FixedUserMapping(mapping, mapping, method);
    }

    /** Whether a change waits for the next first Mount. */
    public boolean pending() {
        return !Objects.equals(current, next);
    }

    /**
     * This mapping after a change to {@code to} (null removes it): in effect at once when the volume is
     * not mounted, waiting otherwise. Changing back to the mapping in effect cancels a waiting change.
     */
    public FixedUserMapping change(FixedUser to, FixedUser.Method method, boolean mounted) {
        if (!mounted) {
            return of(to, method);
        }
        return current == null && to == null ? NONE : new FixedUserMapping(current, to, method);
    }

    /** At a first Mount: the waiting change, if any, takes effect. */
    public FixedUserMapping applyPending() {
        return pending() ? of(next, method) : this;
    }
}
