package io.quodock.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quodock.client.AdminClient;
import io.quodock.client.AdminException;
import io.quodock.client.ServerSentEvent;
import io.quodock.daemon.Daemon;
import io.quodock.e2e.InProcessDaemon;
import io.quodock.e2e.PluginClient;
import io.quodock.e2e.PrometheusParser;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The admin API over its real Unix socket, against a real daemon whose plugin socket is used as dockerd would. */
class AdminApiIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private InProcessDaemon daemon;
    private AdminClient admin;
    private PluginClient plugin;

    @BeforeEach
    void start() throws Exception {
        daemon = InProcessDaemon.start(dir);
        admin = new AdminClient(daemon.adminSocket());
        plugin = new PluginClient(daemon.pluginSocket());
    }

    @AfterEach
    void stop() throws Exception {
        plugin.close();
        admin.close();
        daemon.close();
    }

    @Test
    void stateShowsTheDaemonAndEveryVolumeWithItsMountIdsCountsAndSince() throws Exception {
        create("alpha", Map.of("subdirs", "data"));
        create("beta", Map.of());
        Instant before = Instant.now();
        mount("alpha", "m1");
        mount("alpha", "m1");
        mount("alpha", "m2");

        JsonNode state = admin.get("/v1/state");

        JsonNode info = state.path("daemon");
        assertEquals(Daemon.version(), info.path("version").asText());
        assertEquals(ProcessHandle.current().pid(), info.path("pid").asLong());
        assertEquals("quobyte", info.path("driver").asText());
        assertEquals(daemon.pluginSocket().toString(), info.path("pluginSocket").asText());
        assertEquals(daemon.adminSocket().toString(), info.path("adminSocket").asText());
        assertFalse(Instant.parse(info.path("startedAt").asText()).isAfter(before));
        assertEquals("local", info.path("backend").path("name").asText());
        assertTrue(info.path("backend").path("healthy").asBoolean());
        assertTrue(info.path("backend").path("health").path("rootWritable").asBoolean());
        assertFalse(info.path("docker").path("reachable").asBoolean(), "this test runs without Docker");
        assertTrue(info.path("docker").path("error").asText().contains(dir.resolve("docker.sock").toString()));

        JsonNode volumes = state.path("volumes");
        assertEquals(List.of("alpha", "beta"), names(volumes));
        JsonNode alpha = volumes.get(0);
        assertEquals(daemon.volumesRoot().resolve("alpha").toString(), alpha.path("mountpoint").asText());
        assertEquals("local", alpha.path("backend").asText());
        assertEquals("0:0", alpha.path("owner").asText());
        assertEquals("data", alpha.path("options").path("subdirs").asText());
        assertEquals(3, alpha.path("refs").asInt());
        JsonNode mounts = alpha.path("mounts");
        assertEquals("m1", mounts.get(0).path("id").asText());
        assertEquals(2, mounts.get(0).path("count").asInt());
        assertEquals("m2", mounts.get(1).path("id").asText());
        assertEquals(1, mounts.get(1).path("count").asInt());
        assertFalse(Instant.parse(mounts.get(0).path("since").asText()).isBefore(before));
        assertFalse(alpha.has("containers"), "containers are shown only when Docker answers");
        assertEquals(0, volumes.get(1).path("refs").asInt());
    }

    @Test
    void createRefusesBadInputWithInvalidKindAnd400() {
        AdminException badName = assertThrows(AdminException.class, () -> create("a/b", Map.of()));
        assertEquals(400, badName.status());
        assertEquals("invalid", badName.kind());
        assertTrue(badName.getMessage().contains("subdirs option"), badName.getMessage());

        AdminException badOption = assertThrows(AdminException.class, () -> create("ok", Map.of("colour", "red")));
        assertEquals(400, badOption.status());
        assertTrue(badOption.getMessage().contains("known options are"), badOption.getMessage());

        AdminException noName = assertThrows(AdminException.class,
                () -> admin.call("POST", "/v1/volumes", JSON.createObjectNode()));
        assertEquals("invalid", noName.kind());

        assertEquals(List.of(), names(admin.get("/v1/state").path("volumes")), "nothing was created");
    }

    @Test
    void createAnswers201WithTheNewVolume() {
        JsonNode volume = create("fresh", Map.of("subdirs", "logs"));

        assertEquals("fresh", volume.path("name").asText());
        assertEquals("logs", volume.path("options").path("subdirs").asText());
        assertTrue(daemon.service().get("fresh").isPresent());
    }

    @Test
    void removeOfAMountedVolumeIsRefusedWith409InUseAndSucceedsAfterUnmount() throws Exception {
        create("busy", Map.of());
        mount("busy", "m1");

        AdminException inUse = assertThrows(AdminException.class, () -> admin.call("DELETE", "/v1/volumes/busy", null));
        assertEquals(409, inUse.status());
        assertEquals("in_use", inUse.kind());

        unmount("busy", "m1");
        assertEquals("busy", admin.call("DELETE", "/v1/volumes/busy", null).path("removed").asText());
        AdminException gone = assertThrows(AdminException.class, () -> admin.get("/v1/volumes/busy"));
        assertEquals(404, gone.status());
        assertEquals("not_found", gone.kind());
    }

    @Test
    void reconcileWithAnApplyThatIsNoBooleanIsRefusedNotTakenForADryRun() {
        AdminException refused = assertThrows(AdminException.class,
                () -> admin.call("POST", "/v1/reconcile", JSON.createObjectNode().put("apply", 42)));

        assertEquals(400, refused.status());
        assertEquals("invalid", refused.kind());
        assertTrue(refused.getMessage().contains("\"apply\" must be true or false"), refused.getMessage());
    }

    @Test
    void removeOfAnUnknownVolumeIs404() {
        AdminException missing = assertThrows(AdminException.class, () -> admin.call("DELETE", "/v1/volumes/nope", null));

        assertEquals(404, missing.status());
        assertEquals("not_found", missing.kind());
    }

    @Test
    void fixedUserIsSetAtOnceOnAnUnmountedVolumeAndClearedAgain() {
        create("mapped", Map.of());

        JsonNode set = admin.call("PUT", "/v1/volumes/mapped/fixed-user",
                JSON.createObjectNode().put("user", "nobody").put("group", "nogroup"));

        JsonNode fixedUser = set.path("fixedUser");
        assertEquals("nobody", fixedUser.path("current").path("user").asText());
        assertEquals("nogroup", fixedUser.path("current").path("group").asText());
        assertFalse(fixedUser.path("pending").asBoolean());
        assertEquals("bindfs", fixedUser.path("method").asText());
        assertEquals(fixedUser, volumeInState("mapped").path("fixedUser"));

        JsonNode cleared = admin.call("DELETE", "/v1/volumes/mapped/fixed-user", null);
        assertFalse(cleared.has("fixedUser"), cleared.toString());
        assertFalse(volumeInState("mapped").has("fixedUser"));
    }

    @Test
    void fixedUserChangedWhileMountedWaitsForTheNextFirstMount() throws Exception {
        create("busy", Map.of());
        mount("busy", "m1");

        JsonNode set = admin.call("PUT", "/v1/volumes/busy/fixed-user", JSON.createObjectNode().put("user", "65534")
                .put("group", "65534"));

        assertTrue(set.path("fixedUser").path("pending").asBoolean());
        assertTrue(set.path("fixedUser").path("current").isNull());
        assertEquals("65534", set.path("fixedUser").path("next").path("user").asText());
    }

    @Test
    void fixedUserOfAnUnknownUserOrWithoutUserAndGroupIsRefusedAsInvalid() {
        create("mapped", Map.of());

        AdminException unknown = assertThrows(AdminException.class, () -> admin.call("PUT",
                "/v1/volumes/mapped/fixed-user", JSON.createObjectNode().put("user", "no-such-user-here")));
        AdminException empty = assertThrows(AdminException.class,
                () -> admin.call("PUT", "/v1/volumes/mapped/fixed-user", JSON.createObjectNode()));
        AdminException missing = assertThrows(AdminException.class, () -> admin.call("PUT",
                "/v1/volumes/nope/fixed-user", JSON.createObjectNode().put("user", "nobody")));

        assertEquals(400, unknown.status());
        assertTrue(unknown.getMessage().contains("no-such-user-here"), unknown.getMessage());
        assertEquals(400, empty.status());
        assertEquals(404, missing.status());
        assertFalse(volumeInState("mapped").has("fixedUser"), "nothing changed");
    }

    @Test
    void unknownPathIs404AndWrongMethod405WithJsonErrors() {
        AdminException unknown = assertThrows(AdminException.class, () -> admin.get("/v1/nothing"));
        AdminException method = assertThrows(AdminException.class, () -> admin.call("PUT", "/v1/state", null));

        assertEquals(404, unknown.status());
        assertEquals("not_found", unknown.kind());
        assertEquals(405, method.status());
    }

    @Test
    void eachSocketServesOnlyItsOwnProtocol() throws Exception {
        PluginClient.Response onPluginSocket = plugin.call("v1/state", "{}");
        assertEquals(404, onPluginSocket.status());
        assertTrue(onPluginSocket.err().startsWith("unknown endpoint"), onPluginSocket.body());

        AdminException onAdminSocket = assertThrows(AdminException.class,
                () -> admin.call("POST", "/VolumeDriver.List", JSON.createObjectNode()));
        assertEquals(404, onAdminSocket.status());
    }

    @Test
    void eventsArriveInOrderWithConsecutiveIds() throws Exception {
        BlockingQueue<ServerSentEvent> events = new LinkedBlockingQueue<>();
        Thread listener = listen(events);
        try {
            create("ordered", Map.of());
            mount("ordered", "m1");
            unmount("ordered", "m1");
            admin.call("DELETE", "/v1/volumes/ordered", null);

            List<ServerSentEvent> received = take(events, 6);
            assertEquals(List.of("created", "mounted", "request", "unmounted", "request", "removed"),
                    received.stream().map(ServerSentEvent::event).toList());
            long first = Long.parseLong(received.get(0).id());
            for (int i = 0; i < received.size(); i++) {
                assertEquals(first + i, Long.parseLong(received.get(i).id()), "ids are consecutive");
            }
            JsonNode mounted = JSON.readTree(received.get(1).data());
            assertEquals("ordered", mounted.path("volume").asText());
            assertEquals("m1", mounted.path("mountId").asText());
            assertEquals(1, mounted.path("state").path("refs").asInt());
            JsonNode request = JSON.readTree(received.get(2).data());
            assertEquals("VolumeDriver.Mount", request.path("method").asText());
            assertEquals("ok", request.path("outcome").asText());
            assertTrue(request.path("latencyMicros").asLong() > 0);
        } finally {
            listener.interrupt();
        }
    }

    @Test
    void mappingChangeIsAnEvent() throws Exception {
        create("mapped", Map.of());
        BlockingQueue<ServerSentEvent> events = new LinkedBlockingQueue<>();
        Thread listener = listen(events);
        try {
            admin.call("PUT", "/v1/volumes/mapped/fixed-user", JSON.createObjectNode().put("user", "nobody"));

            ServerSentEvent event = take(events, 1).get(0);
            assertEquals("mapping-changed", event.event());
            JsonNode data = JSON.readTree(event.data());
            assertEquals("nobody", data.path("state").path("fixedUser").path("current").path("user").asText());
        } finally {
            listener.interrupt();
        }
    }

    @Test
    void failedPluginRequestIsAnEventWithItsOutcome() throws Exception {
        BlockingQueue<ServerSentEvent> events = new LinkedBlockingQueue<>();
        Thread listener = listen(events);
        try {
            plugin.call("VolumeDriver.Mount", "{\"Name\":\"missing\",\"ID\":\"m1\"}");

            JsonNode request = JSON.readTree(take(events, 1).get(0).data());
            assertEquals("not_found", request.path("outcome").asText());
            assertEquals("missing", request.path("volume").asText());
        } finally {
            listener.interrupt();
        }
    }

    @Test
    void slowEventConsumerGetsDropMarkerAndDaemonKeepsServing() throws Exception {
        create("busy", Map.of());
        try (SocketChannel slow = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            slow.connect(UnixDomainSocketAddress.of(daemon.adminSocket()));
            slow.write(ByteBuffer.wrap("GET /v1/events HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII)));
            awaitEventClients(1);

            // Far more than the client's buffer plus what the socket holds, while the client reads nothing.
            int requests = 8 * EventHub.DEFAULT_CAPACITY;
            for (int i = 0; i < requests; i++) {
                assertEquals("", plugin.call("VolumeDriver.Get", "{\"Name\":\"busy\"}").err());
            }
            assertEquals(1, admin.get("/v1/state").path("daemon").path("eventClients").asInt(), "the daemon still answers");

            ChunkedStream stream = new ChunkedStream(Channels.newInputStream(slow));
            long lastIdBeforeDrop = -1;
            long dropped = 0;
            while (dropped == 0) {
                String frame = stream.nextFrame();
                if (frame.startsWith("event: dropped") || frame.contains("\nevent: dropped")) {
                    dropped = count(frame);
                } else if (frame.startsWith("id: ")) {
                    lastIdBeforeDrop = id(frame);
                }
            }
            assertTrue(dropped > 0);
            create("after-the-drop", Map.of());
            long nextId;
            String frame;
            do {
                frame = stream.nextFrame();
            } while (!frame.startsWith("id: "));
            nextId = id(frame);
            assertEquals(lastIdBeforeDrop + dropped + 1, nextId, "the marker counts exactly the missing events");
            while (!frame.contains("\"volume\":\"after-the-drop\"")) {
                frame = stream.nextFrame();
            }
            assertTrue(frame.contains("event: created"), frame);
        }
    }

    @Test
    void stoppingTheDaemonIsNotHeldUpByAnEventClientThatDoesNotRead() throws Exception {
        create("busy", Map.of());
        try (SocketChannel stuck = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            stuck.connect(UnixDomainSocketAddress.of(daemon.adminSocket()));
            stuck.write(ByteBuffer.wrap("GET /v1/events HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII)));
            awaitEventClients(1);
            for (int i = 0; i < 4 * EventHub.DEFAULT_CAPACITY; i++) {
                plugin.call("VolumeDriver.Get", "{\"Name\":\"busy\"}");
            }

            long started = System.nanoTime();
            daemon.close();
            long millis = (System.nanoTime() - started) / 1_000_000;

            // The daemon's bound on a drain is its timeout, 10 s here; a stuck stream must not use it up.
            assertTrue(millis < 5000, "stopping took " + millis + " ms");
            assertFalse(java.nio.file.Files.exists(daemon.adminSocket()));
        }
        daemon = InProcessDaemon.start(dir); // for @AfterEach
        plugin.close();
        plugin = new PluginClient(daemon.pluginSocket());
        admin.close();
        admin = new AdminClient(daemon.adminSocket());
    }

    @Test
    void metricsParseAsPrometheusTextAndChangeWithTraffic() throws Exception {
        String getOk = "quodock_requests_total{method=\"VolumeDriver.Get\",outcome=\"ok\"}";
        String getCount = "quodock_request_duration_seconds_count{method=\"VolumeDriver.Get\"}";
        create("counted", Map.of());
        Map<String, Double> before = PrometheusParser.samples(admin.text("/metrics"));

        for (int i = 0; i < 5; i++) {
            plugin.call("VolumeDriver.Get", "{\"Name\":\"counted\"}");
        }
        mount("counted", "m1");
        plugin.call("VolumeDriver.Get", "{\"Name\":\"nope\"}");
        Map<String, Double> after = PrometheusParser.samples(admin.text("/metrics"));

        assertEquals(before.getOrDefault(getOk, 0.0) + 5, after.get(getOk));
        assertEquals(after.get(getOk) + 1, after.get(getCount), "the histogram counts failed requests too");
        assertEquals(1.0, after.get("quodock_requests_total{method=\"VolumeDriver.Get\",outcome=\"not_found\"}"));
        assertEquals(1.0, after.get("quodock_volumes{}"));
        assertEquals(0.0, before.get("quodock_mount_references{}"));
        assertEquals(1.0, after.get("quodock_mount_references{}"));
        assertEquals(1.0, after.get("quodock_backend_health{backend=\"local\",check=\"rootWritable\"}"));
        assertTrue(after.get("quodock_state_changes_total{}") > before.get("quodock_state_changes_total{}"));
        assertNotNull(after.get("quodock_request_duration_seconds_bucket{le=\"+Inf\",method=\"VolumeDriver.Mount\"}"));
        assertEquals(0.0, after.get("quodock_backend_errors_total{backend=\"local\"}"));
    }

    private void mount(String volume, String id) throws IOException {
        assertEquals("", plugin.call("VolumeDriver.Mount", "{\"Name\":\"" + volume + "\",\"ID\":\"" + id + "\"}").err());
    }

    private void unmount(String volume, String id) throws IOException {
        assertEquals("", plugin.call("VolumeDriver.Unmount", "{\"Name\":\"" + volume + "\",\"ID\":\"" + id + "\"}").err());
    }

    private JsonNode volumeInState(String name) {
        for (JsonNode volume : admin.get("/v1/state").path("volumes")) {
            if (volume.path("name").asText().equals(name)) {
                return volume;
            }
        }
        throw new AssertionError("no volume " + name);
    }

    private JsonNode create(String name, Map<String, String> options) {
        ObjectNode body = JSON.createObjectNode().put("name", name);
        options.forEach(body.putObject("options")::put);
        return admin.call("POST", "/v1/volumes", body);
    }

    private Thread listen(BlockingQueue<ServerSentEvent> into) throws Exception {
        Thread thread = new Thread(() -> {
            try (AdminClient client = new AdminClient(daemon.adminSocket())) {
                client.events(event -> {
                    into.add(event);
                    return !Thread.currentThread().isInterrupted();
                });
            } catch (RuntimeException ignored) {
                // the daemon stopped under the listener at the end of the test
            }
        }, "test-events");
        thread.setDaemon(true);
        thread.start();
        awaitEventClients(1);
        return thread;
    }

    private void awaitEventClients(int clients) throws InterruptedException {
        for (int i = 0; i < 100; i++) {
            if (admin.get("/v1/state").path("daemon").path("eventClients").asInt() == clients) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("expected " + clients + " event client(s)");
    }

    private static List<ServerSentEvent> take(BlockingQueue<ServerSentEvent> events, int count) throws InterruptedException {
        List<ServerSentEvent> taken = new ArrayList<>();
        while (taken.size() < count) {
            ServerSentEvent event = events.poll(10, TimeUnit.SECONDS);
            if (event == null) {
                throw new AssertionError("expected " + count + " events, got " + taken);
            }
            taken.add(event);
        }
        return taken;
    }

    private static List<String> names(JsonNode volumes) {
        List<String> names = new ArrayList<>();
        volumes.forEach(v -> names.add(v.path("name").asText()));
        return names;
    }

    private static long id(String frame) {
        return Long.parseLong(frame.substring(4, frame.indexOf('\n')));
    }

    private static long count(String frame) {
        Matcher matcher = Pattern.compile("\"count\":(\\d+)").matcher(frame);
        assertTrue(matcher.find(), frame);
        return Long.parseLong(matcher.group(1));
    }

    /** Reads an HTTP/1.1 chunked event stream frame by frame (frames end with a blank line). */
    private static final class ChunkedStream {
        private final InputStream in;
        private final StringBuilder pending = new StringBuilder();

        ChunkedStream(InputStream in) throws IOException {
            this.in = in;
            String headers = line();
            for (String header = line(); !header.isEmpty(); header = line()) {
                headers += "\n" + header;
            }
            assertTrue(headers.startsWith("HTTP/1.1 200"), headers);
            assertTrue(headers.contains("text/event-stream"), headers);
        }

        String nextFrame() throws IOException {
            int end;
            while ((end = pending.indexOf("\n\n")) < 0) {
                // A chunk's closing CRLF comes with the next chunk, so it precedes the size line.
                String sizeLine = line();
                if (sizeLine.isEmpty()) {
                    sizeLine = line();
                }
                int size = Integer.parseInt(sizeLine.strip(), 16);
                if (size == 0) {
                    throw new IOException("event stream ended");
                }
                pending.append(new String(in.readNBytes(size), StandardCharsets.UTF_8));
            }
            String frame = pending.substring(0, end);
            pending.delete(0, end + 2);
            return frame;
        }

        private String line() throws IOException {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            for (int b = in.read(); b != '\n'; b = in.read()) {
                if (b < 0) {
                    throw new IOException("connection closed");
                }
                if (b != '\r') {
                    bytes.write(b);
                }
            }
            return bytes.toString(StandardCharsets.US_ASCII);
        }
    }
}
