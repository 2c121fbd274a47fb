package io.quodock.backend.quobyte;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quodock.daemon.Daemon;
import io.quodock.daemon.DaemonConfig;
import io.quodock.e2e.PluginClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.util.component.LifeCycle;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Backend faults as Docker meets them, over the real plugin socket of a daemon on the quobyte backend:
 * a Quobyte API that refuses connections, answers slowly, hangs or answers HTML, and a client mount
 * whose probe hangs. Every call returns within its bound with a clear {@code Err}, while Get and List
 * keep answering and another volume keeps mounting.
 */
class BackendFaultsIT {
    private static final String ID = "f".repeat(64);
    private static final Duration API_TIMEOUT = Duration.ofSeconds(1);
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(1);
    private static final Duration OPERATION_TIMEOUT = Duration.ofSeconds(4);
    /** What the daemon may take beyond the bound it promises: scheduling on a busy 2-core machine. */
    private static final long SLACK_MILLIS = 1500;
    /** What Get, List and a healthy Mount may take while another volume's backend call is stuck. */
    private static final long PROMPT_MILLIS = 500;

    @TempDir
    Path tmp;
    private Path source;
    private Path mountPoint;
    private QuobyteApiDouble quobyte;
    private FuseBind fuse;
    private Daemon daemon;
    private PluginClient docker;

    @BeforeEach
    void start() throws Exception {
        source = Files.createDirectory(tmp.resolve("cluster"));
        mountPoint = Files.createDirectory(tmp.resolve("mnt"));
        quobyte = new QuobyteApiDouble(QuobyteHost.USER, QuobyteHost.PASSWORD, source);
        quobyte.start();
        String tenant = quobyte.addTenant("docker");
        fuse = new FuseBind(source, mountPoint);
        QuobyteApiConfig api = new QuobyteApiConfig(quobyte.url(), QuobyteHost.USER, QuobyteHost.PASSWORD,
                API_TIMEOUT, API_TIMEOUT, null);
        QuobyteSettings settings = new QuobyteSettings(api, tenant, "BASE", mountPoint, "localhost:7861", "",
                QuobyteSettings.DEFAULT_MOUNT_COMMAND, false, PROBE_TIMEOUT, false, Duration.ZERO);
        daemon = new Daemon(new DaemonConfig("qdfault", tmp.resolve("plugins"), "root", tmp.resolve("state"),
                tmp.resolve("volumes"), OPERATION_TIMEOUT, null, tmp.resolve("spec"), null, tmp.resolve("run"),
                tmp.resolve("admin.sock"), "root", tmp.resolve("no-docker.sock"), false, settings));
        daemon.start();
        docker = new PluginClient(daemon.config().pluginSocket());
        assertEquals("", docker.call("VolumeDriver.Create", "{\"Name\":\"steady\"}").err());
    }

    @AfterEach
    void stop() throws Exception {
        try {
            quobyte.release();
            docker.close();
            daemon.stop();
        } finally {
            fuse.close();
            LifeCycle.stop(quobyte);
        }
    }

    @Test
    void apiRefusingConnectionsFailsCreateAtOnce() throws Exception {
        quobyte.stop();
        assertCreateFailsPromptlyWhileOthersAnswer(API_TIMEOUT.toMillis(), "unreachable");
    }

    @Test
    void apiAnsweringTooSlowlyFailsCreateAtTheApiTimeout() throws Exception {
        quobyte.setLatency(API_TIMEOUT.multipliedBy(3));
        assertCreateFailsPromptlyWhileOthersAnswer(API_TIMEOUT.toMillis(), "timeout");
    }

    @Test
    void hungApiFailsCreateAtTheApiTimeout() throws Exception {
        quobyte.hang();
        assertCreateFailsPromptlyWhileOthersAnswer(API_TIMEOUT.toMillis(), "timeout");
    }

    @Test
    void apiAnsweringHtmlFailsCreateWithWhatToCheck() throws Exception {
        quobyte.answerHtml(true);
        assertCreateFailsPromptlyWhileOthersAnswer(API_TIMEOUT.toMillis(), "-api");
    }

    @Test
    void hungClientMountFailsMountWithinTheProbeTimeoutWhileGetAndListAnswer() throws Exception {
        fuse.stop();
        try {
            long started = System.nanoTime();
            CompletableFuture<PluginClient.Response> mount = CompletableFuture.supplyAsync(() -> call(
                    "VolumeDriver.Mount", "{\"Name\":\"steady\",\"ID\":\"" + ID + "\"}"));
            assertPrompt("{\"Name\":\"steady\"}");
            PluginClient.Response answer = mount.get(PROBE_TIMEOUT.toMillis() + SLACK_MILLIS, TimeUnit.MILLISECONDS);
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            assertTrue(answer.err().contains("does not answer"), answer.err());
            assertTrue(millis < PROBE_TIMEOUT.toMillis() + SLACK_MILLIS, millis + " ms");
        } finally {
            fuse.resume();
        }
    }

    /** A Create that needs the API fails within {@code boundMillis} (+ slack); other requests stay prompt. */
    private void assertCreateFailsPromptlyWhileOthersAnswer(long boundMillis, String hint) throws Exception {
        long started = System.nanoTime();
        CompletableFuture<PluginClient.Response> create = CompletableFuture.supplyAsync(
                () -> call("VolumeDriver.Create", "{\"Name\":\"fresh\"}"));

        assertPrompt("{\"Name\":\"steady\"}");
        try (PluginClient other = new PluginClient(daemon.config().pluginSocket())) {
            long mountStarted = System.nanoTime();
            String mountpoint = other.call("VolumeDriver.Mount", "{\"Name\":\"steady\",\"ID\":\"" + ID + "\"}")
                    .json().get("Mountpoint").asText();
            assertEquals(mountPoint.resolve("steady").toString(), mountpoint);
            assertTrue(millisSince(mountStarted) < PROMPT_MILLIS, "another volume mounts meanwhile");
            assertEquals("", other.call("VolumeDriver.Unmount", "{\"Name\":\"steady\",\"ID\":\"" + ID + "\"}").err());
        }

        PluginClient.Response answer = create.get(boundMillis + SLACK_MILLIS, TimeUnit.MILLISECONDS);
        long millis = millisSince(started);
        assertTrue(answer.err().contains(hint), answer.err());
        assertTrue(millis < boundMillis + SLACK_MILLIS, millis + " ms");
        assertTrue(daemon.service().get("fresh").isEmpty(), "a failed Create leaves no volume");
    }

    /** Get and List from a second connection answer quickly, whatever is stuck. */
    private void assertPrompt(String getBody) throws Exception {
        try (PluginClient other = new PluginClient(daemon.config().pluginSocket())) {
            long started = System.nanoTime();
            assertEquals("steady", other.call("VolumeDriver.Get", getBody).json().at("/Volume/Name").asText());
            assertEquals(1, other.call("VolumeDriver.List", "{}").json().get("Volumes").size());
            assertTrue(millisSince(started) < PROMPT_MILLIS, "Get and List answer from state: " + millisSince(started) + " ms");
        }
    }

    private PluginClient.Response call(String endpoint, String body) {
        try (PluginClient client = new PluginClient(daemon.config().pluginSocket())) {
            return client.call(endpoint, body);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static long millisSince(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - nanos);
    }
}
