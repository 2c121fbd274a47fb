package io.quodock.ui.launch;

import java.nio.file.Path;

/**
 * Starts daemons on this host: a process through {@link DaemonProcess}, or an {@link EmbeddedDaemon}
 * in the user's data directory.
 */
public final class LocalDaemonStarter implements DaemonStarter {
    private final DaemonProcess process;
    private final Path userData;

    /** @param userData where an embedded daemon keeps state, volumes and sockets */
    public LocalDaemonStarter(DaemonProcess process, Path userData) {
        this.process = process;
        this.userData = userData;
    }

    /** {@code $XDG_DATA_HOME/quodock}, by default {@code ~/.local/share/quodock}. */
    public static Path userDataDir() {
        String xdg = System.getenv("XDG_DATA_HOME");
        Path data = xdg == null || xdg.isBlank() ? Path.of(System.getProperty("user.home"), ".local", "share") : Path.of(xdg);
        return data.resolve("quodock");
    }

    @Override
    public StartedDaemon startProcess(DaemonSettings settings) {
        return process.start(settings);
    }

    @Override
    public StartedDaemon startEmbedded() {
        return EmbeddedDaemon.start(userData);
    }
}
