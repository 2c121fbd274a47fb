package io.quodock.daemon;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quodock.admin.AdminHandler;
import io.quodock.admin.DaemonInfo;
import io.quodock.admin.EventHub;
import io.quodock.admin.Metrics;
import io.quodock.backend.LocalBackend;
import io.quodock.backend.quobyte.ClusterRefresh;
import io.quodock.backend.quobyte.QuobyteApiClient;
import io.quodock.backend.quobyte.QuobyteBackend;
import io.quodock.backend.quobyte.QuobyteMount;
import io.quodock.backend.quobyte.QuobyteSettings;
import io.quodock.driver.Backend;
import io.quodock.docker.DockerClient;
import io.quodock.docker.DockerUnavailableException;
import io.quodock.docker.Reconciler;
import io.quodock.driver.DriverException;
import io.quodock.driver.VolumeService;
import io.quodock.mount.BindfsViews;
import io.quodock.plugin.BlankHostConnectionFactory;
import io.quodock.plugin.JsonErrorHandler;
import io.quodock.plugin.PluginHandler;
import io.quodock.plugin.RequestListener;
import io.quodock.state.DurableStore;
import io.quodock.state.StateDamagedException;
import java.io.IOException;
import java.lang.module.ModuleDescriptor;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.unixdomain.server.UnixDomainServerConnector;
import org.eclipse.jetty.util.component.AbstractLifeCycle;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running daemon. {@link #doStart} opens the state, starts the backend (for quobyte: the API
 * client, the shared mount and then the cluster refresh) and the driver core, the Docker client and
 * the event hub, then binds the plugin socket, or serves the one systemd passed in (socket activation),
 * the TCP address with its spec file and the admin socket, one Jetty server for all, routed by connector;
 * {@link #doStop} undoes exactly that in reverse: event streams end, requests in flight are drained, the
 * state is made durable and closed, socket and spec files are removed (except a passed-in plugin socket,
 * which systemd owns). Volumes, and the Quobyte mount, are never unmounted on stop: containers may still
 * use them.
 */
public final class Daemon extends AbstractLifeCycle {
    private static final Logger LOG = LoggerFactory.getLogger(Daemon.class);
    /** Journal size after which the state is folded into a snapshot. */
    private static final long COMPACT_AFTER_BYTES = 8L * 1024 * 1024;
    /** Docker answers its container list in milliseconds; a slower Docker is treated as absent. */
    private static final Duration DOCKER_TIMEOUT = Duration.ofSeconds(3);
    private static final Duration HEALTH_INTERVAL = Duration.ofSeconds(10);
    /** How long --reconcile-on-start waits for Docker (started after quodock by systemd), and how often it asks. */
    private static final Duration RECONCILE_WAIT = Duration.ofMinutes(5);
    private static final Duration RECONCILE_RETRY = Duration.ofSeconds(2);
    private static final String PLUGIN_CONNECTOR = "plugin";
    private static final String ADMIN_CONNECTOR = "admin";

    private final DaemonConfig config;
    private DurableStore store;
    private VolumeService service;
    private QuobyteApiClient quobyteApi;
    private QuobyteMount quobyteMount;
    private ClusterRefresh clusterRefresh;
    private DockerClient docker;
    private EventHub events;
    private ScheduledExecutorService timer;
    private Server server;
    private Path specFile;

    public Daemon(DaemonConfig config) {
        this.config = config;
    }

    public DaemonConfig config() {
        return config;
    }

    /** The driver core; available while the daemon runs. */
    public VolumeService service() {
        return service;
    }

    /**
     * quodock's version: the module's (set at build), else the jar manifest's (on the class path),
     * else {@code dev}. A package in a named module has no manifest attributes, so the module comes first.
     */
    public static String version() {
        ModuleDescriptor descriptor = Daemon.class.getModule().getDescriptor();
        if (descriptor != null && descriptor.rawVersion().isPresent()) {
            return descriptor.rawVersion().get();
        }
        String version = Daemon.class.getPackage().getImplementationVersion();
        return version == null ? "dev" : version;
    }

    @Override
    protected void doStart() throws Exception {
        requireJettyInternals();
        try {
            store = DurableStore.open(config.stateDir(), COMPACT_AFTER_BYTES);
        } catch (StateDamagedException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
        try {
            Backend backend = startBackend();
            service = new VolumeService(backend, store, config.timeout(), Clock.systemUTC());
            if (backend instanceof QuobyteBackend quobyte) {
                QuobyteSettings settings = config.quobyte();
                clusterRefresh = new ClusterRefresh(quobyte, service, settings.refreshInterval(), settings.adoptExisting());
                clusterRefresh.start();
            }
            Instant startedAt = Instant.now();
            docker = new DockerClient(config.dockerSocket(), DOCKER_TIMEOUT);
            events = new EventHub(EventHub.DEFAULT_CAPACITY);
            events.start();
            service.addListener(events);
            Reconciler reconciler = new Reconciler(service, docker, config.driverName());
            boolean passedIn = UnixSockets.passedIn(config.pluginSocket());
            if (passedIn) {
                LOG.info("plugin socket {} passed in by systemd (socket activation)", config.pluginSocket());
            } else {
                UnixSockets.prepare(config.pluginSocket());
            }
            server = newServer(startedAt, reconciler, passedIn);
            UnixSockets.prepare(config.adminSocket());
            server.start();
            UnixSockets.restrict(config.pluginSocket(), config.socketGroup());
            UnixSockets.restrict(config.adminSocket(), config.adminGroup());
            // After the sockets: its HTTP client takes a third of the start (TLS and JMX setup it never
            // uses on a Unix socket), and Docker must not wait for that. Until then it counts as absent.
            docker.start();
            writeSpecFile();
            startTimer(reconciler);
        } catch (Exception e) {
            doStop();
            throw e;
        }
        LOG.info("quodock serving driver '{}' on {} ({} backend, {} volumes, state in {}); admin API on {}",
                config.driverName(), config.pluginSocket(), service.backendName(), service.list().size(),
                config.stateDir(), config.adminSocket());
    }

    @Override
    protected void doStop() throws Exception {
        if (timer != null) {
            timer.shutdownNow();
            timer = null;
        }
        if (specFile != null) {
            Files.deleteIfExists(specFile);
            specFile = null;
        }
        if (events != null) {
            events.stop(); // ends the event streams, which would otherwise hold the server's graceful stop
            events = null;
        }
        if (server != null) {
            server.stop(); // drains requests in flight, then deletes the socket files (not one systemd passed in)
            server = null;
        }
        if (clusterRefresh != null) {
            clusterRefresh.close();
            clusterRefresh = null;
        }
        if (docker != null) {
            docker.stop();
            docker = null;
        }
        if (service != null) {
            service.close();
            service = null;
        }
        if (store != null) {
            store.close();
            store = null;
        }
        if (quobyteApi != null) {
            quobyteApi.stop();
            quobyteApi = null;
        }
        if (quobyteMount != null) {
            quobyteMount.close();
            quobyteMount = null;
        }
    }

    private Backend startBackend() throws Exception {
        QuobyteSettings settings = config.quobyte();
        if (settings == null) {
            LocalBackend local = new LocalBackend(config.volumesRoot(), new BindfsViews(config.fixedUserViewsDir()));
            local.start();
            return local;
        }
        LOG.info("quobyte backend: {}", settings);
        quobyteApi = new QuobyteApiClient(settings.api());
        quobyteApi.start();
        quobyteMount = new QuobyteMount(settings, config.timeout());
        quobyteMount.start();
        // Create waits for a new volume to show in the mount for 2/3 of the operation timeout, so that
        // its message, not the core's generic timeout, reaches Docker.
        return new QuobyteBackend(quobyteApi, quobyteMount, settings, new BindfsViews(config.fixedUserViewsDir()),
                config.driverName(),
                config.timeout().multipliedBy(2).dividedBy(3));
    }

    /** Fails at start, not at Docker's first request, when the launcher forgot the --add-exports flag. */
    private static void requireJettyInternals() {
        Module jetty = Server.class.getModule();
        if (jetty.isNamed() && !jetty.isExported("org.eclipse.jetty.server.internal", Daemon.class.getModule())) {
            throw new IllegalStateException("the JVM needs --add-exports "
                    + "org.eclipse.jetty.server/org.eclipse.jetty.server.internal=io.quodock.daemon"
                    + " (dockerd's empty Host header is accepted through it); use the quodock launcher");
        }
    }

    /** Health checks every {@link #HEALTH_INTERVAL}, and the reconciliation that --reconcile-on-start asks for. */
    private void startTimer(Reconciler reconciler) {
        timer = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "quodock-timer");
            thread.setDaemon(true);
            return thread;
        });
        timer.scheduleWithFixedDelay(this::checkHealth, 0, HEALTH_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
        if (config.reconcileOnStart()) {
            long deadline = System.nanoTime() + RECONCILE_WAIT.toNanos();
            timer.execute(() -> reconcileOnStart(reconciler, deadline));
        }
    }

    private void checkHealth() {
        try {
            service.checkHealth();
        } catch (RuntimeException e) {
            LOG.error("backend health check failed", e);
        }
    }

    /** Drops stale references once Docker answers; retries until {@link #RECONCILE_WAIT} has passed. */
    private void reconcileOnStart(Reconciler reconciler, long deadline) {
        try {
            Reconciler.Report report = reconciler.reconcile(true);
            LOG.info("reconcile on start: dropped stale references of {} volume(s), {} volume(s) in use left alone",
                    report.stale().size(), report.inUse().size());
        } catch (DockerUnavailableException e) {
            if (System.nanoTime() < deadline) {
                timer.schedule(() -> reconcileOnStart(reconciler, deadline), RECONCILE_RETRY.toMillis(), TimeUnit.MILLISECONDS);
            } else {
                LOG.warn("reconcile on start skipped: {} within {} s; run `quodock reconcile` later",
                        e.getMessage(), RECONCILE_WAIT.toSeconds());
            }
        } catch (DriverException e) {
            LOG.error("reconcile on start failed: {}; run `quodock reconcile` to retry", e.getMessage());
        }
    }

    /** @param passedIn whether the plugin socket is the listening socket systemd passed in (socket activation) */
    private Server newServer(Instant startedAt, Reconciler reconciler, boolean passedIn) {
        QueuedThreadPool threads = new QueuedThreadPool(64, 2);
        threads.setName("quodock-http");
        Server jetty = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendDateHeader(false);

        UnixDomainServerConnector unix;
        if (passedIn) {
            unix = new PassedSocketConnector(jetty, config.pluginSocket(), new BlankHostConnectionFactory(http));
        } else {
            unix = new UnixDomainServerConnector(jetty, 1, 1, new BlankHostConnectionFactory(http));
            unix.setUnixDomainPath(config.pluginSocket());
        }
        unix.setName(PLUGIN_CONNECTOR);
        jetty.addConnector(unix);
        UnixDomainServerConnector admin = new UnixDomainServerConnector(jetty, 1, 1, new HttpConnectionFactory(http));
        admin.setUnixDomainPath(config.adminSocket());
        admin.setName(ADMIN_CONNECTOR);
        jetty.addConnector(admin);
        if (config.tcpAddress() != null) {
            ServerConnector tcp = config.tls() == null
                    ? new ServerConnector(jetty, 1, 1, new BlankHostConnectionFactory(http))
                    : new ServerConnector(jetty, 1, 1, new SslConnectionFactory(sslContext(config.tls()), "http/1.1"),
                            new BlankHostConnectionFactory(http));
            tcp.setName(PLUGIN_CONNECTOR);
            DaemonConfig.HostPort address = DaemonConfig.HostPort.parse(config.tcpAddress());
            tcp.setHost(address.host());
            tcp.setPort(address.port());
            jetty.addConnector(tcp);
        }
        Metrics metrics = new Metrics(service, startedAt);
        RequestListener requests = event -> {
            metrics.onRequest(event);
            events.onRequest(event);
        };
        DaemonInfo info = new DaemonInfo(version(), ProcessHandle.current().pid(), startedAt, config.driverName(),
                config.pluginSocket(), config.adminSocket());
        AdminHandler adminHandler = new AdminHandler(info, service, docker, reconciler, events, metrics);
        jetty.setHandler(new GracefulHandler(new ConnectorRouter(Map.of(
                PLUGIN_CONNECTOR, new PluginHandler(service, requests),
                ADMIN_CONNECTOR, adminHandler))));
        jetty.setErrorHandler(new JsonErrorHandler());
        jetty.setStopTimeout(config.timeout().toMillis());
        return jetty;
    }

    private static SslContextFactory.Server sslContext(DaemonConfig.Tls tls) {
        SslContextFactory.Server ssl = new SslContextFactory.Server();
        ssl.setKeyStorePath(tls.keystore().toString());
        ssl.setKeyStoreType("PKCS12");
        ssl.setKeyStorePassword(tls.keystorePassword());
        return ssl;
    }

    /**
     * Docker finds TCP plugins through {@code <specDir>/<driver>.spec} (one URL) or, for TLS,
     * {@code <specDir>/<driver>.json} with the address and how to verify the server.
     */
    private void writeSpecFile() throws IOException {
        if (config.tcpAddress() == null) {
            return;
        }
        ServerConnector tcp = server.getBean(ServerConnector.class);
        String host = DaemonConfig.HostPort.parse(config.tcpAddress()).host();
        Files.createDirectories(config.specDir());
        Path file;
        String url;
        if (config.tls() == null) {
            url = "tcp://" + host + ":" + tcp.getLocalPort();
            file = config.specDir().resolve(config.driverName() + ".spec");
            Files.writeString(file, url + "\n", StandardCharsets.US_ASCII);
        } else {
            url = "https://" + host + ":" + tcp.getLocalPort();
            file = config.specDir().resolve(config.driverName() + ".json");
            ObjectNode spec = JsonNodeFactory.instance.objectNode();
            spec.put("Name", config.driverName());
            spec.put("Addr", url);
            ObjectNode tls = spec.putObject("TLSConfig");
            if (config.tls().caFile() == null) {
                tls.put("InsecureSkipVerify", true);
            } else {
                tls.put("InsecureSkipVerify", false);
                tls.put("CAFile", config.tls().caFile().toAbsolutePath().toString());
            }
            Files.writeString(file, spec.toPrettyString() + "\n", StandardCharsets.UTF_8);
        }
        specFile = file;
        LOG.info("serving on {} too, announced in {}", url, file);
    }
}
