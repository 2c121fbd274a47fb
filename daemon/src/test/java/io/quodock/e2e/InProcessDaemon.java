package io.quodock.e2e;

import io.quodock.daemon.Daemon;
import io.quodock.daemon.DaemonConfig;
import io.quodock.driver.VolumeService;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A quodock daemon running in the test's JVM with everything in one directory: plugin socket
 * {@code <dir>/plugins/<driver>.sock}, admin socket {@code <dir>/admin.sock}, state, volumes and run directory. Its
 * Docker socket is {@code <dir>/docker.sock} unless given, so by default Docker is absent.
 * {@link #close()} stops it, which removes both sockets.
 */
public final class InProcessDaemon implements AutoCloseable {
    private final Daemon daemon;

    private InProcessDaemon(Daemon daemon) {
        this.daemon = daemon;
    }

    public static InProcessDaemon start(Path dir) throws Exception {
        return start(dir, dir.resolve("docker.sock"));
    }

    public static InProcessDaemon start(Path dir, Path dockerSocket) throws Exception {
        DaemonConfig config = new DaemonConfig("quobyte", dir.resolve("plugins"), "root", dir.resolve("state"),
                dir.resolve("volumes"), Duration.ofSeconds(10), null, dir.resolve("spec"), null, dir.resolve("run"),
                dir.resolve("admin.sock"), "root", dockerSocket, false);
        Daemon daemon = new Daemon(config);
        daemon.start();
        return new InProcessDaemon(daemon);
    }

    public Path adminSocket() {
        return daemon.config().adminSocket();
    }

    public Path pluginSocket() {
        return daemon.config().pluginSocket();
    }

    public Path volumesRoot() {
        return daemon.config().volumesRoot();
    }

    public VolumeService service() {
        return daemon.service();
    }

    @Override
    public void close() {
        try {
            daemon.stop();
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException("quodock daemon did not stop cleanly: " + e.getMessage(), e);
        }
    }
}
