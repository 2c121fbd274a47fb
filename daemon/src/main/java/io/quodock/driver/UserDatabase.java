package io.quodock.driver;

import io.quodock.mount.HostCommand;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The host's users and groups, looked up with {@code getent}. getent asks NSS, so users from LDAP or
 * sssd count as well as those in {@code /etc/passwd} (parsing that file would miss them); it runs as a
 * separate process with a time limit, so a directory server that does not answer cannot hang the
 * caller (the JDK's lookup service calls NSS in-process, without a limit, and knows no primary groups).
 * Keys are checked by {@link FixedUser} before they get here: a name or digits, never an option.
 */
final class UserDatabase {
    private static final Duration LOOKUP_TIMEOUT = Duration.ofSeconds(5);
    /** getent's exit status when the key is not in the database. */
    private static final int NOT_FOUND = 2;

    /** A {@code passwd} entry: name, uid and primary gid. */
    record Account(String name, long uid, long gid) {
    }

    /** A {@code group} entry: name and gid. */
    record Group(String name, long gid) {
    }

    /** The user with this name, or with this uid when {@code key} is digits. */
    Optional<Account> user(String key) {
        return lookup("passwd", key).map(fields -> new Account(fields[0], Long.parseLong(fields[2]), Long.parseLong(fields[3])));
    }

    /** The group with this name, or with this gid when {@code key} is digits. */
    Optional<Group> group(String key) {
        return lookup("group", key).map(fields -> new Group(fields[0], Long.parseLong(fields[2])));
    }

    private static Optional<String[]> lookup(String database, String key) {
        HostCommand.Result result;
        try {
            result = HostCommand.run(LOOKUP_TIMEOUT, List.of("getent", database, key));
        } catch (HostCommand.TimedOut e) {
            throw new DriverException(DriverException.Kind.TIMEOUT, "looking up " + key + " in the host's " + database
                    + " database timed out: " + e.getMessage() + "; check the directory service (LDAP, sssd)", e);
        } catch (IOException e) {
            throw new DriverException(DriverException.Kind.BACKEND, "cannot look up " + key + " in the host's "
                    + database + " database: " + e.getMessage(), e);
        }
        if (result.exitCode() == NOT_FOUND) {
            return Optional.empty();
        }
        String line = result.output().lines().findFirst().orElse("");
        String[] fields = line.split(":", -1);
        if (!result.ok() || fields.length < 4 || !FixedUser.isId(fields[2])) {
            throw new DriverException(DriverException.Kind.BACKEND, "getent " + database + " " + key
                    + " failed (exit status " + result.exitCode() + "): " + result.output());
        }
        return Optional.of(fields);
    }
}
