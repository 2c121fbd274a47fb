package io.quodock.backend.quobyte;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A faithful stand-in for the Quobyte management API (reference/quobyte.md sections 5, 6 and 10), because Quobyte
 * itself cannot run in tests: a real Jetty server on 127.0.0.1 speaking Quobyte's JSON-RPC, with its error texts,
 * 401 handling and string ids, tenants and volumes in memory, and one directory per volume in a mount directory
 * that stands in for the Quobyte client mount.
 *
 * <p>It records every call it receives, and can be switched to misbehave: answer late ({@link #setLatency}), not
 * at all ({@link #hang}), with a given error ({@link #failCalls}), with an HTML page like another service
 * ({@link #answerHtml}), or with the error texts of newer Quobyte releases ({@link #useNewerErrorStyle}).
 *
 * <p>Run by hand: {@code QuobyteApiDouble <port> <user> <password> <mountDir> [tenantName[=tenantId] ...]} (see
 * {@link #main}).
 */
public final class QuobyteApiDouble implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(QuobyteApiDouble.class);

    private final SimulatedCluster cluster;
    private final DoubleSwitches switches = new DoubleSwitches();
    private final List<RecordedCall> calls = new CopyOnWriteArrayList<>();
    private final Server server;
    private final ServerConnector connector;
    private final String scheme;

    /** A double on an ephemeral port of 127.0.0.1, speaking plain http. */
    public QuobyteApiDouble(String user, String password, Path mountDir) {
        this(0, user, password, mountDir, null);
    }

    /**
     * @param port     the port on 127.0.0.1, 0 for an ephemeral one
     * @param user     the API user it accepts
     * @param password that user's password
     * @param mountDir where it creates and removes volume directories (it must exist)
     * @param tls      https settings with the server's key store, or {@code null} for plain http
     */
    public QuobyteApiDouble(int port, String user, String password, Path mountDir, SslContextFactory.Server tls) {
        this.cluster = new SimulatedCluster(mountDir);
        QueuedThreadPool threads = new QueuedThreadPool();
        threads.setName("quobyte-api-double");
        this.server = new Server(threads);
        this.connector = tls == null ? new ServerConnector(server) : new ServerConnector(server, tls);
        connector.setHost("127.0.0.1");
        connector.setPort(port);
        server.addConnector(connector);
        server.setHandler(new QuobyteApiDoubleHandler(user, password, cluster, switches, calls));
        this.scheme = tls == null ? "http" : "https";
    }

    /** Starts listening; {@link #url()} is valid afterwards. */
    public void start() throws Exception {
        server.start();
    }

    /** Releases hanging requests and stops listening. */
    public void stop() throws Exception {
        switches.release();
        server.stop();
    }

    /** Stops it, for try-with-resources. */
    @Override
    public void close() {
        try {
            stop();
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException("stopping the Quobyte API double failed", e);
        }
    }

    /** The URL to give a client, e.g. {@code http://127.0.0.1:40123}. */
    public URI url() {
        return URI.create(scheme + "://127.0.0.1:" + connector.getLocalPort());
    }

    /** The directory standing in for the Quobyte client mount: one sub-directory per volume name. */
    public Path mountDir() {
        return cluster.mountDir();
    }

    /** Adds a tenant with a random UUID as id, and returns the id. */
    public String addTenant(String name) {
        return addTenant(UUID.randomUUID().toString(), name);
    }

    /** Adds a tenant with the given id, and returns the id. */
    public String addTenant(String id, String name) {
        return cluster.addTenant(id, name).id();
    }

    /** Makes calls without a tenant use this one; without a default they fail like Quobyte's. */
    public void setDefaultTenant(String tenantId) {
        cluster.setDefaultTenant(tenantId);
    }

    /**
     * Creates a volume directly, as if made outside this plugin (for tests of adopting existing volumes).
     *
     * @throws IllegalArgumentException with Quobyte's error text if {@code createVolume} would fail
     */
    public SimulatedVolume addVolume(String tenantId, String name) {
        try {
            return cluster.create(tenantId, name, "", "", "");
        } catch (DoubleRpcError e) {
            throw new IllegalArgumentException(e.message(switches.newerErrorStyle()), e);
        }
    }

    /** The tenants, in the order they were added. */
    public List<SimulatedTenant> tenants() {
        return cluster.tenants();
    }

    /** The volumes, in the order they were created. */
    public List<SimulatedVolume> volumes() {
        return cluster.volumes();
    }

    /** The volume called {@code name} in that tenant, if there is one. */
    public Optional<SimulatedVolume> volume(String tenantId, String name) {
        return volumes().stream().filter(v -> v.tenantId().equals(tenantId) && v.name().equals(name)).findFirst();
    }

    /** Every call received so far, oldest first. */
    public List<RecordedCall> calls() {
        return List.copyOf(calls);
    }

    /** The calls of one method received so far, oldest first. */
    public List<RecordedCall> calls(String method) {
        return calls.stream().filter(call -> call.method().equals(method)).toList();
    }

    /** Forgets the calls received so far. */
    public void clearCalls() {
        calls.clear();
    }

    /**
     * Delays every answer by this much (zero for none). As with {@link #hang()}, the call is carried out first and
     * only its answer waits.
     */
    public void setLatency(Duration latency) {
        switches.setLatency(latency);
    }

    /**
     * Holds back every answer from now on, until {@link #release()} or {@link #stop()}. The call itself is carried
     * out (and recorded) first, so a client that gives up sees a timeout although the change happened: the case
     * that idempotent create and remove must survive.
     */
    public void hang() {
        switches.hang();
    }

    /** Lets held-back and later answers go. */
    public void release() {
        switches.release();
    }

    /** Answers every call of {@code method} with this JSON-RPC error (message verbatim) instead of doing it. */
    public void failCalls(String method, long code, String message) {
        switches.fail(method, code, message);
    }

    /** Stops failing calls on purpose. */
    public void clearFailures() {
        switches.clearFailures();
    }

    /** Answers every request with an HTML page and HTTP 200, like another service on the API's port. */
    public void answerHtml(boolean html) {
        switches.setAnswerHtml(html);
    }

    /** Writes error messages without the {@code /POSIX_ERROR_NONE} part, as newer Quobyte releases do. */
    public void useNewerErrorStyle(boolean newer) {
        switches.setNewerErrorStyle(newer);
    }

    /**
     * Runs the double until the process is stopped, so a daemon can be pointed at it by hand.
     *
     * <p>Arguments: {@code <port> <user> <password> <mountDir> [tenantName[=tenantId] ...]}; port 0 picks a free
     * one, the mount directory is created if missing, and each tenant gets the given id or a random one (logged).
     * From the build: {@code mvn -pl daemon exec:java -Dexec.classpathScope=test
     * -Dexec.mainClass=io.quodock.backend.quobyte.QuobyteApiDouble -Dexec.args="7860 admin quobyte /tmp/qmnt t1"}.
     */
    public static void main(String[] args) throws Exception {
        if (args.length < 4) {
            throw new IllegalArgumentException(
                    "usage: QuobyteApiDouble <port> <user> <password> <mountDir> [tenantName[=tenantId] ...]");
        }
        Path mountDir = Files.createDirectories(Path.of(args[3]));
        QuobyteApiDouble api = new QuobyteApiDouble(Integer.parseInt(args[0]), args[1], args[2], mountDir, null);
        for (int i = 4; i < args.length; i++) {
            String[] tenant = args[i].split("=", 2);
            String id = tenant.length == 2 ? api.addTenant(tenant[1], tenant[0]) : api.addTenant(tenant[0]);
            LOG.info("tenant {} has id {}", tenant[0], id);
        }
        api.start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                api.stop();
            } catch (Exception e) {
                LOG.warn("stopping the Quobyte API double failed", e);
            }
        }, "quobyte-api-double-stop"));
        LOG.info("Quobyte API double listening on {} (user {}), volumes in {}", api.url(), args[1], mountDir);
        api.server.join();
    }
}
