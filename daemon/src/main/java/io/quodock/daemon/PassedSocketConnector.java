package io.quodock.daemon;

import java.nio.file.Path;
import org.eclipse.jetty.server.ConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.unixdomain.server.UnixDomainServerConnector;

/**
 * Jetty's Unix-domain connector on the listening socket that systemd passed in (socket activation, see
 * {@link UnixSockets#passedIn}), which it takes from {@link System#inheritedChannel()}.
 *
 * <p>Unlike its parent it leaves the socket file alone when it stops. systemd.socket(5) forbids a daemon
 * to unlink a socket it was passed: systemd keeps listening on it and starts the daemon again on the
 * next connection, which Docker can only make while the file is there. The parent deletes whatever
 * {@link #getUnixDomainPath()} names when it stops (and binds it only when no channel was inherited, which
 * {@link UnixSockets#passedIn} has ruled out), so this connector names a path that never exists.
 */
final class PassedSocketConnector extends UnixDomainServerConnector {
    /** Debian policy reserves {@code /nonexistent} as a directory that must never exist. */
    private static final Path NO_FILE_OF_ITS_OWN = Path.of("/nonexistent/quodock-passed-in-socket");

    private final Path socket;

    PassedSocketConnector(Server server, Path socket, ConnectionFactory factory) {
        super(server, 1, 1, factory);
        this.socket = socket;
        setInheritChannel(true);
    }

    @Override
    public Path getUnixDomainPath() {
        return NO_FILE_OF_ITS_OWN;
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + socket + ", passed in by systemd]";
    }
}
