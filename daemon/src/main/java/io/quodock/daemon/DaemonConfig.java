package io.quodock.daemon;

import io.quodock.backend.quobyte.QuobyteSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Everything the daemon needs to start, already resolved from flags, environment and defaults.
 *
 * @param driverName   the Docker driver name; the plugin socket is {@code <pluginDir>/<driverName>.sock}
 * @param pluginDir    where Docker looks for plugin sockets
 * @param socketGroup  group that may use the plugin socket (mode 0660)
 * @param stateDir     the durable state
 * @param volumesRoot  the local backend's directory of volumes
 * @param timeout      the bound on one volume change (backend call and state write)
 * @param tcpAddress   {@code host:port} to serve on TCP as well, or null
 * @param specDir      where the {@code .spec} (or, with TLS, {@code .json}) file for the TCP address goes
 * @param tls          TLS for the TCP address, or null for plain HTTP
 * @param runDir       run-time files that go with the host's boot: the fixed-user views in {@code fixed/}
 * @param adminSocket  the admin API's socket (mode 0660)
 * @param adminGroup   group that may use the admin socket
 * @param dockerSocket the Docker Engine's API socket, asked which containers use which volume
 * @param reconcileOnStart whether to drop stale mount references once Docker answers after start
 * @param quobyte      the quobyte backend's settings, or null for the local backend
 */
public record DaemonConfig(String driverName, Path pluginDir, String socketGroup, Path stateDir, Path volumesRoot,
                           Duration timeout, String tcpAddress, Path specDir, Tls tls, Path runDir, Path adminSocket,
                           String adminGroup, Path dockerSocket, boolean reconcileOnStart, QuobyteSettings quobyte) {

    /** A daemon on the local backend. */
    public DaemonConfig(String driverName, Path pluginDir, String socketGroup, Path stateDir, Path volumesRoot,
                        Duration timeout, String tcpAddress, Path specDir, Tls tls, Path runDir, Path adminSocket,
                        String adminGroup, Path dockerSocket, boolean reconcileOnStart) {
        this(driverName, pluginDir, socketGroup, stateDir, volumesRoot, timeout, tcpAddress, specDir, tls, runDir,
                adminSocket, adminGroup, dockerSocket, reconcileOnStart, (QuobyteSettings) null);
    }

    /**
     * A daemon on the quobyte backend when {@code quobyte} is not null, configured from the command line.
     *
     * @throws IllegalArgumentException when a Quobyte option is wrong, saying what to write instead
     */
    public DaemonConfig(String driverName, Path pluginDir, String socketGroup, Path stateDir, Path volumesRoot,
                        Duration timeout, String tcpAddress, Path specDir, Tls tls, Path runDir, Path adminSocket,
                        String adminGroup, Path dockerSocket, boolean reconcileOnStart, QuobyteOptions quobyte) {
        this(driverName, pluginDir, socketGroup, stateDir, volumesRoot, timeout, tcpAddress, specDir, tls, runDir,
                adminSocket, adminGroup, dockerSocket, reconcileOnStart, quobyte == null ? null : quobyte.settings());
    }

    /**
     * HTTPS on the TCP address.
     *
     * @param keystore         PKCS#12 keystore with the server's key and certificate
     * @param keystorePassword its password (a secret: never logged, never in {@link #toString})
     * @param caFile           CA certificate file Docker should verify the server with, or null to let
     *                         Docker skip verification ({@code InsecureSkipVerify})
     */
    public record Tls(Path keystore, String keystorePassword, Path caFile) {
        @Override
        public String toString() {
            return "Tls[keystore=" + keystore + ", caFile=" + caFile + "]";
        }
    }

    public DaemonConfig {
        Objects.requireNonNull(driverName, "driverName");
        if (!driverName.matches("[a-zA-Z0-9][a-zA-Z0-9_.-]*")) {
            throw new IllegalArgumentException("driver name '" + driverName + "' is invalid: use [a-zA-Z0-9][a-zA-Z0-9_.-]*");
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, not " + timeout);
        }
        UnixSockets.checkLength(pluginDir.resolve(driverName + ".sock"));
        UnixSockets.checkLength(adminSocket);
        UnixSockets.checkLength(dockerSocket);
        if (adminSocket.toAbsolutePath().equals(pluginDir.resolve(driverName + ".sock").toAbsolutePath())) {
            throw new IllegalArgumentException("admin socket " + adminSocket + " is the plugin socket; give another --admin-socket");
        }
        if (tcpAddress != null) {
            HostPort.parse(tcpAddress);
        }
        if (tls != null && tcpAddress == null) {
            throw new IllegalArgumentException("TLS options need --tcp: TLS is for the TCP address only");
        }
    }

    public Path pluginSocket() {
        return pluginDir.resolve(driverName + ".sock");
    }

    /** Where the bindfs views of volumes with a fixed-user mapping are mounted, one directory per volume. */
    public Path fixedUserViewsDir() {
        return runDir.resolve("fixed");
    }

    /** A {@code host:port} pair from the command line; port 0 picks a free port. */
    public record HostPort(String host, int port) {
        public static HostPort parse(String text) {
            int colon = text.lastIndexOf(':');
            try {
                if (colon > 0) {
                    int port = Integer.parseInt(text.substring(colon + 1));
                    if (port >= 0 && port <= 65535) {
                        return new HostPort(text.substring(0, colon), port);
                    }
                }
            } catch (NumberFormatException e) {
                // fall through to the message below
            }
            throw new IllegalArgumentException("TCP address '" + text + "' is invalid: use host:port, e.g. 127.0.0.1:9876");
        }
    }
}
