package io.quodock.cli;

import io.quodock.daemon.Daemon;
import io.quodock.daemon.DaemonConfig;
import io.quodock.daemon.QuobyteOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help.Visibility;
import picocli.CommandLine.IModelTransformer;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code quodock daemon}: serves Docker until SIGTERM. Every option also reads an environment
 * variable; a flag wins over the variable, the variable over the env file ({@code --env-file}), the
 * env file over the default. The Quobyte options are the original plugin's ({@code -api},
 * {@code -tenant_id} ...), with one dash or two, reading the same variables with the same defaults.
 */
@Command(name = "daemon", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Run the volume plugin daemon (Docker talks to it on <plugin-dir>/<driver-name>.sock).",
        showDefaultValues = true, modelTransformer = DaemonCommand.EnvFileSupport.class)
final class DaemonCommand implements Callable<Integer> {
    static final String LOCAL = "local";
    static final String QUOBYTE = "quobyte";

    /** Installs {@link EnvFileDefaults} for this command, reading the parsed {@code --env-file}. */
    static final class EnvFileSupport implements IModelTransformer {
        @Override
        public CommandSpec transform(CommandSpec spec) {
            DaemonCommand command = (DaemonCommand) spec.userObject();
            command.defaults = new EnvFileDefaults(() -> command.environment, () -> command.envFile);
            spec.defaultValueProvider(command.defaults);
            return spec;
        }
    }

    @Spec
    CommandSpec spec;

    /** The process environment; tests replace it before parsing. */
    Map<String, String> environment = System.getenv();

    private EnvFileDefaults defaults;

    @Option(names = "--driver-name", defaultValue = "${env:QUODOCK_DRIVER_NAME:-quobyte}",
            description = "Docker driver name (env QUODOCK_DRIVER_NAME).")
    String driverName;

    @Option(names = "--plugin-dir", defaultValue = "${env:QUODOCK_PLUGIN_DIR:-/run/docker/plugins}",
            description = "Directory of the plugin socket; Docker only looks in /run/docker/plugins (env QUODOCK_PLUGIN_DIR).")
    Path pluginDir;

    @Option(names = {"--socket-group", "-group", "--group"}, defaultValue = "${env:SOCKET_GROUP:-root}",
            description = "Group allowed to use the plugin socket, mode 0660 (env SOCKET_GROUP).")
    String socketGroup;

    @Option(names = "--state-dir", defaultValue = "${env:QUODOCK_STATE_DIR:-/var/lib/quodock}",
            description = "Directory of the durable state (env QUODOCK_STATE_DIR).")
    Path stateDir;

    @Option(names = "--backend", defaultValue = "${env:QUODOCK_BACKEND:-local}",
            description = "Where volumes live: local (directories under --volumes-root) or quobyte (env QUODOCK_BACKEND).")
    String backend;

    @Option(names = "--env-file", description = "File of KEY=VALUE lines giving the environment variables of these"
            + " options when the environment does not (env QUODOCK_ENV_FILE; default "
            + EnvFileDefaults.DEFAULT_FILE + " when it exists).")
    Path envFile;

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

    @Option(names = {"-api", "--api"}, defaultValue = "${env:QUOBYTE_API_URL:-http://localhost:7860}",
            description = "URL of the Quobyte API service (env QUOBYTE_API_URL).")
    String apiUrl;

    @Option(names = {"-user", "--user"}, defaultValue = "${env:QUOBYTE_API_USER:-admin}",
            description = "Quobyte API user (env QUOBYTE_API_USER).")
    String apiUser;

    @Option(names = {"-password", "--password"}, defaultValue = "${env:QUOBYTE_API_PASSWORD:-quobyte}",
            showDefaultValue = Visibility.NEVER,
            description = "Quobyte API password (env QUOBYTE_API_PASSWORD; default quobyte). A flag shows in ps:"
                    + " prefer the env file or --password-file.")
    String apiPassword;

    @Option(names = "--password-file", defaultValue = "${env:QUODOCK_PASSWORD_FILE}",
            description = "File holding the Quobyte API password, readable by its owner only (env QUODOCK_PASSWORD_FILE).")
    Path passwordFile;

    @Option(names = "--api-ca-file", defaultValue = "${env:QUODOCK_API_CA_FILE}",
            description = "PEM file of the CA that signed the Quobyte API's https certificate (env QUODOCK_API_CA_FILE).")
    Path apiCaFile;

    @Option(names = "--api-timeout", defaultValue = "${env:QUODOCK_API_TIMEOUT:-20s}", converter = DurationConverter.class,
            description = "Bound on one Quobyte API call (env QUODOCK_API_TIMEOUT).")
    Duration apiTimeout;

    @Option(names = "--api-connect-timeout", defaultValue = "${env:QUODOCK_API_CONNECT_TIMEOUT:-5s}",
            converter = DurationConverter.class,
            description = "Bound on connecting to the Quobyte API (env QUODOCK_API_CONNECT_TIMEOUT).")
    Duration apiConnectTimeout;

    @Option(names = {"-registry", "--registry"}, defaultValue = "${env:QUOBYTE_REGISTRY:-localhost:7861}",
            description = "Quobyte registry address(es) to mount, host[:port][,host:port] (env QUOBYTE_REGISTRY).")
    String registry;

    @Option(names = {"-path", "--path"}, defaultValue = "${env:QUOBYTE_MOUNT_PATH:-/run/docker/quobyte/mnt}",
            description = "Where the Quobyte client mounts all volumes (env QUOBYTE_MOUNT_PATH).")
    Path mountPath;

    @Option(names = {"-options", "--options"}, defaultValue = "${env:QUOBYTE_MOUNT_OPTIONS:--o user_xattr}",
            description = "Options spliced into the mount command (env QUOBYTE_MOUNT_OPTIONS).")
    String mountOptions;

    @Option(names = {"-tenant_id", "--tenant_id"}, defaultValue = "${env:QUOBYTE_TENANT_ID:-NO-DEFAULT-CHANGE-ME}",
            description = "Tenant (id or name) of volumes created without -o tenant_id (env QUOBYTE_TENANT_ID).")
    String tenant;

    @Option(names = {"-configuration_name", "--configuration_name"},
            defaultValue = "${env:QUOBYTE_VOLUME_CONFIG_NAME:-BASE}",
            description = "Volume configuration without -o configuration_name (env QUOBYTE_VOLUME_CONFIG_NAME).")
    String configurationName;

    @Option(names = {"-max-fs-checks", "--max-fs-checks"}, defaultValue = "${env:MAX_FS_CHECKS:-5}",
            description = "Accepted for compatibility with quobyte/docker-volume, which stopped using it; no effect (env MAX_FS_CHECKS).")
    String maxFsChecks;

    @Option(names = {"-max-wait-time", "--max-wait-time"}, defaultValue = "${env:MAX_WAIT_TIME:-64}",
            description = "Accepted for compatibility with quobyte/docker-volume, which stopped using it; no effect:"
                    + " Create waits up to 2/3 of --timeout for a new volume to show (env MAX_WAIT_TIME).")
    String maxWaitTime;

    @Option(names = "--mount-command",
            defaultValue = "${env:QUODOCK_MOUNT_COMMAND:-" + QuobyteOptions.DEFAULT_MOUNT_COMMAND + "}",
            description = "Run by /bin/sh when nothing Quobyte is mounted at -path; {options}, {registry} and {path}"
                    + " are filled in (env QUODOCK_MOUNT_COMMAND).")
    String mountCommand;

    @Option(names = "--no-mount", defaultValue = "${env:QUODOCK_NO_MOUNT:-false}",
            description = "Never mount: a Quobyte client outside quodock (a container, say) mounts -path (env QUODOCK_NO_MOUNT).")
    boolean noMount;

    @Option(names = "--probe-timeout", defaultValue = "${env:QUODOCK_PROBE_TIMEOUT:-5s}", converter = DurationConverter.class,
            description = "How long the Quobyte mount may take to answer before it counts as hung (env QUODOCK_PROBE_TIMEOUT).")
    Duration probeTimeout;

    @Option(names = "--adopt-existing", defaultValue = "${env:QUODOCK_ADOPT_EXISTING:-false}",
            description = "Register the volumes that exist in the tenant at start, e.g. those of quobyte/docker-volume"
                    + " (env QUODOCK_ADOPT_EXISTING).")
    boolean adoptExisting;

    @Option(names = "--refresh-interval", defaultValue = "${env:QUODOCK_REFRESH_INTERVAL:-30s}",
            converter = DurationConverter.class,
            description = "How often the Quobyte volume list is fetched to follow other hosts; 0s: only at start"
                    + " (env QUODOCK_REFRESH_INTERVAL).")
    Duration refreshInterval;

    @Option(names = "--fixed-user-method", defaultValue = "${env:QUODOCK_FIXED_USER_METHOD:-quobyte}",
            description = "How the quobyte backend makes fixed-user mappings: quobyte (the client's user#group@volume"
                    + " paths; quodock mounts with -o allow-usermapping-in-volumename) or bindfs (views as for local"
                    + " volumes) (env QUODOCK_FIXED_USER_METHOD).")
    String fixedUserMethod;

    /** Everything resolved and checked, ready for {@link Daemon}. */
    DaemonConfig config() throws IOException {
        if (defaults.problem() != null) {
            throw defaults.problem();
        }
        QuobyteOptions quobyte = switch (backend) {
            case LOCAL -> null;
            case QUOBYTE -> quobyte();
            default -> throw new IllegalArgumentException("backend '" + backend + "' is unknown: use " + LOCAL
                    + " or " + QUOBYTE);
        };
        return new DaemonConfig(driverName, pluginDir, socketGroup, stateDir, volumesRoot, timeout,
                tcpAddress, specDir, tls(), runDir, adminSocket, adminGroup, dockerSocket, reconcileOnStart, quobyte);
    }

    private QuobyteOptions quobyte() throws IOException {
        return new QuobyteOptions(apiUrl, apiUser, password(), apiCaFile, apiConnectTimeout, apiTimeout, tenant,
                configurationName, mountPath, registry, mountOptions, mountCommand, !noMount, probeTimeout,
                adoptExisting, refreshInterval, fixedUserMethod);
    }

    private String password() throws IOException {
        if (passwordFile == null) {
            return apiPassword;
        }
        if (spec.commandLine().getParseResult().hasMatchedOption("--password")) {
            throw new IllegalArgumentException("give the Quobyte API password once: -password or --password-file");
        }
        Set<PosixFilePermission> mode = Files.getPosixFilePermissions(passwordFile);
        if (mode.contains(PosixFilePermission.GROUP_READ) || mode.contains(PosixFilePermission.OTHERS_READ)) {
            throw new IllegalArgumentException("password file " + passwordFile + " is readable by others: chmod 600 "
                    + passwordFile);
        }
        String password = Files.readString(passwordFile).strip();
        if (password.isEmpty()) {
            throw new IllegalArgumentException("password file " + passwordFile + " is empty");
        }
        return password;
    }

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
            config = config();
        } catch (IllegalArgumentException | IOException e) {
            System.err.println("quodock: " + e.getMessage());
            return 2;
        }
        if (defaults.file() != null) {
            System.err.println("quodock: read environment defaults from " + defaults.file());
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
