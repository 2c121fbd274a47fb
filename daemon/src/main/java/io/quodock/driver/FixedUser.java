package io.quodock.driver;

import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A fixed-user mapping: every access to a volume happens as {@code user} and {@code group} on the
 * storage, whatever user a container runs as. Each is a name or a numeric id (kept without leading
 * zeros). Names never contain {@code #}, {@code @}, {@code :} or {@code /}, so the Quobyte path form
 * {@code user#group@volume} and the {@code user:group} form of Status read one way only.
 *
 * @param user  the user every access is made as
 * @param group the group every access is made as
 */
public record FixedUser(String user, String group) {
    /** Longest user or group name accepted; Linux's own tools allow 32. */
    public static final int MAX_NAME_LENGTH = 64;
    /** Largest id: {@code (uid_t) -1} means "no change" to the kernel. */
    public static final long MAX_ID = 4_294_967_294L;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]*\\$?");
    private static final Pattern ID = Pattern.compile("[0-9]+");

    /** How a backend makes every access happen as the mapped user. */
    public enum Method {
        /** A bindfs FUSE view of the volume directory with forced owner and group. */
        BINDFS("bindfs"),
        /** The Quobyte client's own mapping, the path {@code <mount>/<user>#<group>@<volume>}. */
        QUOBYTE("quobyte");

        private final String wire;

        Method(String wire) {
            this.wire = wire;
        }

        /** The name in Status, state and the {@code --fixed-user-method} flag. */
        public String wire() {
            return wire;
        }

        public static Method fromWire(String text) {
            for (Method method : values()) {
                if (method.wire.equals(text)) {
                    return method;
                }
            }
            throw new IllegalArgumentException("fixed-user method '" + text + "' is unknown: use bindfs or quobyte");
        }
    }

    public FixedUser {
        user = checked(user, CreateOptions.FIXED_USER, "user", "uid");
        group = checked(group, CreateOptions.FIXED_GROUP, "group", "gid");
    }

    /**
     * The path under a Quobyte client mount of all volumes at which {@code volume} is seen as this
     * user: {@code <mount>/<user>#<group>@<volume>}. The client honours it only when mounted with
     * {@code --allow-usermapping-in-volumename}.
     */
    public Path quobytePath(Path mount, String volume) {
        return mount.resolve(user + "#" + group + "@" + VolumeName.require(volume));
    }

    /** {@code user:group}, as Status shows it. */
    @Override
    public String toString() {
        return user + ":" + group;
    }

    /**
     * Applies the rules of the {@code fixed_user} and {@code fixed_group} options: either may be null,
     * not both. A missing group is the user's primary group, a missing user is {@code owner}, the
     * volume's owner. Names must exist in the host's user database; numeric ids are taken as they are,
     * like chown takes them, except that a user without an entry has no primary group to default to.
     */
    static FixedUser resolve(String user, String group, String owner, UserDatabase users) {
        if (user == null && group == null) {
            throw DriverException.invalid("a fixed-user mapping needs fixed_user, fixed_group or both");
        }
        String userKey = checked(user != null ? user : owner, CreateOptions.FIXED_USER, "user", "uid");
        Optional<UserDatabase.Account> account = users.user(userKey);
        if (account.isEmpty() && !isId(userKey)) {
            throw DriverException.invalid((user != null
                    ? "fixed_user '" + userKey + "'"
                    : "fixed_user defaults to the volume owner, but '" + userKey + "'")
                    + " is not a user on this host (getent passwd finds nothing): create it, or give a numeric uid");
        }
        String groupValue;
        if (group != null) {
            groupValue = checked(group, CreateOptions.FIXED_GROUP, "group", "gid");
            if (!isId(groupValue) && users.group(groupValue).isEmpty()) {
                throw DriverException.invalid("fixed_group '" + groupValue + "' is not a group on this host"
                        + " (getent group finds nothing): create it, or give a numeric gid");
            }
        } else {
            long gid = account.orElseThrow(() -> DriverException.invalid("fixed_user " + userKey
                    + " has no entry in the host's user database, so it has no primary group: give fixed_group as well"))
                    .gid();
            groupValue = users.group(Long.toString(gid)).map(UserDatabase.Group::name).orElse(Long.toString(gid));
        }
        return new FixedUser(userKey, groupValue);
    }

    static boolean isId(String value) {
        return ID.matcher(value).matches();
    }

    private static String checked(String value, String option, String kind, String id) {
        if (value != null && isId(value)) {
            String digits = value.replaceFirst("^0+(?=.)", "");
            if (digits.length() <= 10 && Long.parseLong(digits) <= MAX_ID) {
                return digits;
            }
        } else if (value != null && value.length() <= MAX_NAME_LENGTH && NAME.matcher(value).matches()) {
            return value;
        }
        throw DriverException.invalid(option + " '" + (value == null ? "" : VolumeName.printable(value))
                + "' is invalid: give a " + kind + " name ([A-Za-z0-9_][A-Za-z0-9_.-]*, at most " + MAX_NAME_LENGTH
                + " characters) or a numeric " + id + " up to " + MAX_ID);
    }
}
