package io.quodock.ui.launch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Predicate;

/**
 * Whether this user may create the sockets a daemon needs, checked before starting one, so a user
 * without the rights reads why and what to do instead of a daemon's failure to bind.
 */
public final class SocketRights {
    private SocketRights() {
    }

    /** Why {@code user} cannot create the daemon's sockets, in plain words; null when nothing stands in the way. */
    public static String problem(DaemonSettings settings, String user) {
        return problem(settings, user, Files::isWritable);
    }

    /** As {@link #problem(DaemonSettings, String)}, with {@code writable} deciding which directories this user may write. */
    static String problem(DaemonSettings settings, String user, Predicate<Path> writable) {
        String plugin = problem(settings.pluginSocket(), user, writable);
        if (plugin != null) {
            return plugin + " Docker looks for plugin sockets only in /run/docker/plugins, /etc/docker/plugins and"
                    + " /usr/lib/docker/plugins, which belong to root: start the daemon as root (`sudo ./quodock daemon`,"
                    + " or its systemd unit) and the console attaches by itself, or try quodock out with the embedded"
                    + " daemon.";
        }
        String admin = problem(settings.adminSocket(), user, writable);
        return admin == null ? null : admin + " Choose an admin socket in a directory you may write, or start the daemon"
                + " as root.";
    }

    private static String problem(Path socket, String user, Predicate<Path> writable) {
        Path dir = socket.toAbsolutePath().getParent();
        while (dir != null && !Files.exists(dir)) {
            dir = dir.getParent();
        }
        if (dir == null || writable.test(dir)) {
            return null;
        }
        return "You run the console as " + user + ", who may not create " + socket + ": " + dir
                + " can be written only by " + owner(dir) + ".";
    }

    private static String owner(Path dir) {
        try {
            return Files.getOwner(dir).getName();
        } catch (IOException | UnsupportedOperationException e) {
            return "its owner";
        }
    }
}
