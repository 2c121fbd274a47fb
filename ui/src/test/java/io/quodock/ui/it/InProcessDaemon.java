package io.quodock.ui.it;

import io.quodock.daemon.Daemon;
import io.quodock.daemon.DaemonConfig;
import io.quodock.driver.VolumeService;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A real daemon in the test's JVM, on sockets in a temporary directory: the plugin socket Docker would
 * use and the admin socket the console attaches to. Docker's socket points nowhere, so the daemon
 * names no containers. {@link #restart} stops it and starts it again on the same state and sockets.
 */
final class InProcessDaemon implements AutoCloseable {
    static final String DRIVER = "qdui";

    private final Path dir;
    private Daemon daemon;

    InProcessDaemon(Path dir) {
        this.dir = dir;
    }

    Path adminSocket() {
        return dir.resolve("admin.sock");
    }

    Path pluginSocket() {
        return dir.resolve("plugins").resolve(DRIVER + ".sock");
    }

    VolumeService service() {
        return daemon.service();
    }

    InProcessDaemon start() throws Exception {
        daemon = new Daemon(new DaemonConfig(DRIVER, dir.resolve("plugins"), null, dir.resolve("state"),
                dir.resolve("volumes"), Duration.ofSeconds(20), null, dir.resolve("spec"), null, dir.resolve("run"),
                adminSocket(), null, dir.resolve("no-docker.sock"), false));
        daemon.start();
        return this;
    }

    void stop() throws Exception {
        if (daemon != null) {
            daemon.stop();
            daemon = null;
        }
    }

    void restart() throws Exception {
        stop();
        start();
    }

    @Override
    public void close() {
        try {
            stop();
        } catch (Exception e) {
            throw new IllegalStateException("the daemon did not stop cleanly: " + e.getMessage(), e);
        }
    }
}
