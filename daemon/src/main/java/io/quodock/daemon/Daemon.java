package io.quodock.daemon;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quodock.backend.LocalBackend;
import io.quodock.backend.quobyte.ClusterRefresh;
import io.quodock.backend.quobyte.QuobyteApiClient;
import io.quodock.backend.quobyte.QuobyteBackend;
import io.quodock.backend.quobyte.QuobyteMount;
import io.quodock.backend.quobyte.QuobyteSettings;
import io.quodock.driver.Backend;
import io.quodock.driver.VolumeService;
import io.quodock.mount.BindfsViews;
import io.quodock.plugin.BlankHostConnectionFactory;
import io.quodock.plugin.JsonErrorHandler;
import io.quodock.plugin.PluginHandler;
import io.quodock.state.DurableStore;
import io.quodock.state.StateDamagedException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.eclipse.jetty.server.HttpConfiguration;
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
 * client, the shared mount and then the cluster refresh) and the driver core, then binds the plugin
 * socket (and the TCP address with its spec file); {@link #doStop} undoes exactly that in reverse:
 * requests in flight are drained, the state is made durable and closed, socket and spec files are
 * removed. Volumes, and the Quobyte mount, are never unmounted on stop: containers may still use them.
 */
public final class Daemon extends AbstractLifeCycle {
    private static final Logger LOG = LoggerFactory.getLogger(Daemon.class);
    /** Journal size after which the state is folded into a snapshot. */
    private static final long COMPACT_AFTER_BYTES = 8L * 1024 * 1024;

    private final DaemonConfig config;
    private DurableStore store;
    private VolumeService service;
    private QuobyteApiClient quobyteApi;
    private QuobyteMount quobyteMount;
    private ClusterRefresh clusterRefresh;
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
            server = newServer();
            UnixSockets.prepare(config.pluginSocket());
            server.start();
            UnixSockets.restrict(config.pluginSocket(), config.socketGroup());
            writeSpecFile();
        } catch (Exception e) {
            doStop();
            throw e;
        }
        LOG.info("quodock serving driver '{}' on {} ({} backend, {} volumes, state in {})", config.driverName(),
                config.pluginSocket(), service.backendName(), service.list().size(), config.stateDir());
    }

    @Override
    protected void doStop() throws Exception {
        if (specFile != null) {
            Files.deleteIfExists(specFile);
            specFile = null;
        }
        if (server != null) {
            server.stop(); // drains requests in flight, then deletes the socket file
            server = null;
        }
        if (clusterRefresh != null) {
            clusterRefresh.close();
            clusterRefresh = null;
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

    private Server newServer() {
        QueuedThreadPool threads = new QueuedThreadPool(64, 2);
        threads.setName("quodock-http");
        Server jetty = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendDateHeader(false);

        UnixDomainServerConnector unix = new UnixDomainServerConnector(jetty, 1, 1, new BlankHostConnectionFactory(http));
        unix.setUnixDomainPath(config.pluginSocket());
        jetty.addConnector(unix);
        if (config.tcpAddress() != null) {
            ServerConnector tcp = config.tls() == null
                    ? new ServerConnector(jetty, 1, 1, new BlankHostConnectionFactory(http))
                    : new ServerConnector(jetty, 1, 1, new SslConnectionFactory(sslContext(config.tls()), "http/1.1"),
                            new BlankHostConnectionFactory(http));
            DaemonConfig.HostPort address = DaemonConfig.HostPort.parse(config.tcpAddress());
            tcp.setHost(address.host());
            tcp.setPort(address.port());
            jetty.addConnector(tcp);
        }
        jetty.setHandler(new GracefulHandler(new PluginHandler(service)));
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
        ServerConnector tcp = (ServerConnector) server.getConnectors()[1];
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
