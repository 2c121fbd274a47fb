package io.quodock.cli;

import io.quodock.daemon.Daemon;
import io.quodock.daemon.DaemonConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code quodock daemon}: serves Docker until SIGTERM. Every option also reads an environment
 * variable; a flag wins over the variable, the variable over the default.
 */
@Command(name = "daemon", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Run the volume plugin daemon (Docker talks to it on <plugin-dir>/<driver-name>.sock).",
        showDefaultValues = true)
final class DaemonCommand implements Callable<Integer> {

    @Option(names = "--driver-name", defaultValue = "${env:QUODOCK_DRIVER_NAME:-quobyte}",
            description = "Docker driver name (env QUODOCK_DRIVER_NAME).")
    String driverName;

    @Option(names = "--plugin-dir", defaultValue = "${env:QUODOCK_PLUGIN_DIR:-/run/docker/plugins}",
            description = "Directory of the plugin socket; Docker only looks in /run/docker/plugins (env QUODOCK_PLUGIN_DIR).")
    Path pluginDir;

    @Option(names = "--socket-group", defaultValue = "${env:SOCKET_GROUP:-root}",
            description = "Group allowed to use the plugin socket, mode 0660 (env SOCKET_GROUP).")
    String socketGroup;

    @Option(names = "--state-dir", defaultValue = "${env:QUODOCK_STATE_DIR:-/var/lib/quodock}",
            description = "Directory of the durable state (env QUODOCK_STATE_DIR).")
    Path stateDir;

    @Option(names = "--volumes-root", defaultValue = "${env:QUODOCK_VOLUMES_ROOT:-/var/lib/quodock/volumes}",
            description = "Directory of the local backend's volumes (env QUODOCK_VOLUMES_ROOT).")
    Path volumesRoot;

    @Option(names = "--timeout", defaultValue = "${env:QUODOCK_TIMEOUT:-45s}", converter = DurationConverter.class,
            description = "Bound on one volume change, below Docker's 60 s (env QUODOCK_TIMEOUT), e.g. 45s, 500ms.")
    Duration timeout;

    @Option(names = "--tcp", defaultValue = "${env:QUODOCK_TCP}",
            description = "Also serve on host:port and announce it in <spec-dir>/<driver-name>.spec (env QUODOCK_TCP).")
    String tcpAddress;

    @Option(names = "--spec-dir", defaultValue = "${env:QUODOCK_SPEC_DIR:-/etc/docker/plugins}",
            description = "Where the .spec file for --tcp goes (env QUODOCK_SPEC_DIR).")
    Path specDir;

    @Option(names = "--tls-keystore", defaultValue = "${env:QUODOCK_TLS_KEYSTORE}",
            description = "PKCS#12 keystore: serve --tcp over HTTPS and announce it in <spec-dir>/<driver-name>.json (env QUODOCK_TLS_KEYSTORE).")
    Path tlsKeystore;

    @Option(names = "--tls-keystore-password-file", defaultValue = "${env:QUODOCK_TLS_KEYSTORE_PASSWORD_FILE}",
            description = "File holding the keystore password (env QUODOCK_TLS_KEYSTORE_PASSWORD_FILE).")
    Path tlsKeystorePasswordFile;

    @Option(names = "--tls-ca-file", defaultValue = "${env:QUODOCK_TLS_CA_FILE}",
            description = "CA certificate Docker verifies the server with; without it Docker skips verification (env QUODOCK_TLS_CA_FILE).")
    Path tlsCaFile;

    @Option(names = "--run-dir", defaultValue = "${env:QUODOCK_RUN_DIR:-/run/quodock}",
            description = "Directory of run-time files; fixed-user views are mounted in its fixed/ (env QUODOCK_RUN_DIR).")
    Path runDir;

    @Option(names = "--admin-socket", defaultValue = AdminOptions.DEFAULT_SOCKET,
            description = "Socket of the admin API, used by the quodock commands and the console (env QUODOCK_ADMIN_SOCKET).")
    Path adminSocket;

    @Option(names = "--admin-group", defaultValue = "${env:QUODOCK_ADMIN_GROUP:-root}",
            description = "Group allowed to use the admin socket, mode 0660 (env QUODOCK_ADMIN_GROUP).")
    String adminGroup;

    @Option(names = "--docker-socket", defaultValue = "${env:QUODOCK_DOCKER_SOCKET:-/var/run/docker.sock}",
            description = "Docker Engine API socket, asked which containers use a volume (env QUODOCK_DOCKER_SOCKET).")
    Path dockerSocket;

    @Option(names = "--reconcile-on-start", defaultValue = "${env:QUODOCK_RECONCILE_ON_START:-false}",
            description = "Once Docker answers after start, drop mount references no container holds, "
                    + "as `quodock reconcile --apply` does (env QUODOCK_RECONCILE_ON_START).")
    boolean reconcileOnStart;

    @Option(names = "--debug", defaultValue = "${env:QUODOCK_DEBUG:-false}",
            description = "Log every plugin request with its latency (env QUODOCK_DEBUG).")
    boolean debug;

    private DaemonConfig.Tls tls() throws IOException {
        if (tlsKeystore == null) {
            return null;
        }
        if (tlsKeystorePasswordFile == null) {
            throw new IOException("--tls-keystore needs --tls-keystore-password-file");
        }
        return new DaemonConfig.Tls(tlsKeystore, Files.readString(tlsKeystorePasswordFile).strip(), tlsCaFile);
    }

    @Override
    public Integer call() throws Exception {
        if (debug) {
            // Read by jetty-slf4j-impl when the first logger is made, which has not happened yet.
            System.setProperty("io.quodock.LEVEL", "DEBUG");
        }
        DaemonConfig config;
        try {
            config = new DaemonConfig(driverName, pluginDir, socketGroup, stateDir, volumesRoot, timeout,
                    tcpAddress, specDir, tls(), runDir, adminSocket, adminGroup, dockerSocket, reconcileOnStart);
        } catch (IllegalArgumentException | IOException e) {
            System.err.println("quodock: " + e.getMessage());
            return 2;
        }
        Daemon daemon = new Daemon(config);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                daemon.stop();
            } catch (Exception e) {
                System.err.println("quodock: error while stopping: " + e);
            } finally {
                stopped.countDown();
            }
        }, "quodock-shutdown"));
        try {
            daemon.start();
        } catch (Exception e) {
            System.err.println("quodock: cannot start: " + e.getMessage());
            return 1;
        }
        stopped.await();
        return 0;
    }
}
