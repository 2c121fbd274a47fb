package io.quodock.ui.launch;

import io.quodock.daemon.Daemon;
import io.quodock.daemon.DaemonConfig;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A daemon inside the console, for trying quodock out: the local backend, with state, volumes and both
 * sockets under the user's data directory, so it needs no rights. It stops when the console closes;
 * the volumes and the state stay for the next time.
 */
final class EmbeddedDaemon {
    /** The daemon's default bound on one volume change. */
    private static final Duration TIMEOUT = Duration.ofSeconds(45);

    private EmbeddedDaemon() {
    }

    /** @throws IllegalStateException with the daemon's reason when it cannot start (e.g. another one holds the state) */
    static StartedDaemon start(Path userData) {
        DaemonConfig config = new DaemonConfig("quobyte", userData.resolve("plugins"), null, userData.resolve("state"),
                userData.resolve("volumes"), TIMEOUT, null, userData.resolve("plugins"), null, userData.resolve("run"),
                userData.resolve("admin.sock"), null, Path.of("/var/run/docker.sock"), false);
        Daemon daemon = new Daemon(config);
        try {
            daemon.start();
        } catch (Exception e) {
            throw new IllegalStateException(e.getMessage() == null ? e.toString() : e.getMessage(), e);
        }
        return new StartedDaemon(config.adminSocket(), "embedded daemon (" + userData + ")", daemon::stop);
    }
}
