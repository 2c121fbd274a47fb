package io.quodock.backend.quobyte;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

import org.eclipse.jetty.util.component.LifeCycle;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

import io.quodock.backend.quobyte.QuobyteApiException.Kind;

/** The Quobyte API client against the API double, over real HTTP on the loopback interface. */
class QuobyteApiClientTest {

    private static final String USER = "admin";
    private static final String PASSWORD = "s3cret-Pa55word";

    @TempDir
    Path mountDir;

    private QuobyteApiDouble api;
    private String tenant;
    private QuobyteApiClient client;

    @BeforeEach
    void startDoubleAndClient() throws Exception {
        api = new QuobyteApiDouble(USER, PASSWORD, mountDir);
        api.start();
        tenant = api.addTenant("tenant-a");
        client = started(config(api.url(), PASSWORD));
    }

    @AfterEach
    void stop() {
        LifeCycle.stop(client);
        LifeCycle.stop(api);
    }

    @Test
    void createVolumeReturnsTheUuidAndTheVolumeAppearsInTheMount() throws Exception {
        String uuid = client.createVolume(new CreateVolumeRequest("data", tenant, "docker", "staff", "SSD_ONLY"));

        SimulatedVolume volume = api.volume(tenant, "data").orElseThrow();
        assertAll(
                () -> assertEquals(volume.uuid(), uuid),
                () -> assertEquals("docker", volume.rootUserId()),
                () -> assertEquals("staff", volume.rootGroupId()),
                () -> assertEquals("SSD_ONLY", volume.configurationName()),
                () -> assertTrue(Files.isDirectory(mountDir.resolve("data"))));
    }

    @Test
    void createVolumeSendsSnakeCaseParamsInOrderWithEmptyValuesLeftOut() throws Exception {
        client.createVolume(new CreateVolumeRequest("data", tenant, "docker", "", null));

        RecordedCall call = api.calls("createVolume").get(0);
        assertEquals("{\"name\":\"data\",\"root_user_id\":\"docker\",\"tenant_id\":\"" + tenant
                + "\",\"retry\":\"INTERACTIVE\"}", call.params().toString());
    }

    @Test
    void everyRequestIsAnEnvelopeWithAStringIdFirstAndIdsIncrease() throws Exception {
        client.createVolume(new CreateVolumeRequest("data", tenant, "", "", ""));
        client.resolveVolumeName("data", tenant);
        client.getVolumeList(tenant);

        List<RecordedCall> calls = api.calls();
        assertEquals(List.of("1", "2", "3"), calls.stream().map(RecordedCall::id).toList());
        assertTrue(calls.get(1).body().startsWith(
                        "{\"id\":\"2\",\"jsonrpc\":\"2.0\",\"method\":\"resolveVolumeName\",\"params\":{"),
                calls.get(1).body());
    }

    @Test
    void resolveVolumeNameFindsTheVolumeInItsTenant() throws Exception {
        String otherTenant = api.addTenant("tenant-b");
        String uuid = client.createVolume(new CreateVolumeRequest("data", tenant, "", "", ""));
        client.createVolume(new CreateVolumeRequest("data", otherTenant, "", "", ""));

        assertEquals(uuid, client.resolveVolumeName("data", tenant));
        assertEquals("{\"volume_name\":\"data\",\"tenant_domain\":\"" + tenant + "\"}",
                api.calls("resolveVolumeName").get(0).params().toString());
    }

    @Test
    void resolveVolumeNameOfAMissingVolumeIsEntityNotFound() {
        QuobyteApiException e = assertFails(Kind.RPC_ERROR, () -> client.resolveVolumeName("missing", tenant));

        assertTrue(e.isEntityNotFound(), e.getMessage());
        assertFalse(e.isEntityExistsAlready());
        assertEquals(OptionalLong.of(2), e.rpcCode());
        assertEquals("resolveVolumeName", e.method());
    }

    @Test
    void resolveVolumeNameWithoutTenantAndNoDefaultTenantPassesQuobyteTextThrough() {
        QuobyteApiException e = assertFails(Kind.RPC_ERROR, () -> client.resolveVolumeName("data", ""));

        assertEquals("INVALID_ARGUMENTS/POSIX_ERROR_NONE: No valid tenant id given and no default tenant"
                + " configuration available. / ", e.getMessage());
        assertEquals("{\"volume_name\":\"data\"}", api.calls("resolveVolumeName").get(0).params().toString());
    }

    @Test
    void deleteVolumeRemovesTheVolumeAndItsDirectory() throws Exception {
        String uuid = client.createVolume(new CreateVolumeRequest("data", tenant, "", "", ""));
        Files.writeString(mountDir.resolve("data").resolve("file"), "content");

        client.deleteVolume(uuid);

        assertTrue(api.volumes().isEmpty());
        assertFalse(Files.exists(mountDir.resolve("data")));
        assertEquals("{\"volume_uuid\":\"" + uuid + "\"}", api.calls("deleteVolume").get(0).params().toString());
    }

    @Test
    void deleteVolumeOfAnUnknownUuidIsEntityNotFound() {
        QuobyteApiException e = assertFails(Kind.RPC_ERROR, () -> client.deleteVolume("no-such-uuid"));

        assertTrue(e.isEntityNotFound(), e.getMessage());
    }

    @Test
    void getVolumeListListsTheTenantsVolumesWithTheirDetails() throws Exception {
        String otherTenant = api.addTenant("tenant-b");
        client.createVolume(new CreateVolumeRequest("one", tenant, "", "", "BASE"));
        client.createVolume(new CreateVolumeRequest("two", tenant, "", "", "SSD_ONLY"));
        client.createVolume(new CreateVolumeRequest("elsewhere", otherTenant, "", "", ""));

        List<QuobyteVolume> volumes = client.getVolumeList(tenant);

        List<QuobyteVolume> expected = api.volumes().stream()
                .filter(v -> v.tenantId().equals(tenant))
                .map(v -> new QuobyteVolume(v.uuid(), v.name(), v.tenantId(), v.configurationName(), v.createdAt()))
                .toList();
        assertEquals(expected, volumes);
        assertEquals(List.of("one", "two"), volumes.stream().map(QuobyteVolume::name).toList());
        assertEquals("SSD_ONLY", volumes.get(1).configurationName());
    }

    @Test
    void getVolumeListWithoutTenantSendsNoTenantAndListsAll() throws Exception {
        String otherTenant = api.addTenant("tenant-b");
        client.createVolume(new CreateVolumeRequest("one", tenant, "", "", ""));
        client.createVolume(new CreateVolumeRequest("two", otherTenant, "", "", ""));

        assertEquals(2, client.getVolumeList(null).size());
        assertEquals("{}", api.calls("getVolumeList").get(0).params().toString());
    }

    @Test
    void getVolumeListOfATenantWithoutVolumesIsEmpty() throws Exception {
        assertEquals(List.of(), client.getVolumeList(tenant));
    }

    @Test
    void resolveTenantNameReturnsTheTenantId() throws Exception {
        assertEquals(tenant, client.resolveTenantName("tenant-a"));
        assertEquals("{\"tenant_name\":\"tenant-a\"}", api.calls("resolveTenantName").get(0).params().toString());
    }

    @Test
    void resolveTenantNameOfAnUnknownTenantIsEntityNotFound() {
        QuobyteApiException e = assertFails(Kind.RPC_ERROR, () -> client.resolveTenantName("nobody"));

        assertTrue(e.isEntityNotFound());
        assertEquals("ENTITY_NOT_FOUND/POSIX_ERROR_NONE: Tenant 'nobody' does not exist. / ", e.getMessage());
    }

    @Test
    void createVolumeTwiceReportsEntityExistsAlready() throws Exception {
        String uuid = client.createVolume(new CreateVolumeRequest("data", tenant, "", "", ""));

        QuobyteApiException e = assertFails(Kind.RPC_ERROR,
                () -> client.createVolume(new CreateVolumeRequest("data", tenant, "", "", "")));

        assertTrue(e.isEntityExistsAlready(), e.getMessage());
        assertFalse(e.isEntityNotFound());
        assertEquals("ENTITY_EXISTS_ALREADY/POSIX_ERROR_NONE: Volume name data is already used by volume " + uuid
                + " / ", e.getMessage());
    }

    @Test
    void createVolumeTwiceReportsEntityExistsAlreadyInTheNewerErrorStyle() throws Exception {
        api.useNewerErrorStyle(true);
        client.createVolume(new CreateVolumeRequest("data", tenant, "", "", ""));

        QuobyteApiException e = assertFails(Kind.RPC_ERROR,
                () -> client.createVolume(new CreateVolumeRequest("data", tenant, "", "", "")));

        assertTrue(e.getMessage().startsWith("ENTITY_EXISTS_ALREADY: Volume name data"), e.getMessage());
        assertTrue(e.isEntityExistsAlready());
    }

    @Test
    void createVolumeInAnUnknownTenantPassesQuobyteErrorTextThroughVerbatim() {
        QuobyteApiException e = assertFails(Kind.RPC_ERROR,
                () -> client.createVolume(new CreateVolumeRequest("data", "NO-DEFAULT-CHANGE-ME", "", "", "")));

        assertEquals("ENTITY_NOT_FOUND/POSIX_ERROR_NONE: Tenant 'NO-DEFAULT-CHANGE-ME' does not exist. / ",
                e.getMessage());
        assertFalse(e.isEntityExistsAlready());
        assertFalse(Files.exists(mountDir.resolve("data")));
    }

    @Test
    void aServerErrorKeepsItsCodeAndText() {
        api.failCalls("createVolume", 7, "RETRY_OTHER_IMMEDIATELY/POSIX_ERROR_NONE: database dirdb not found /");

        QuobyteApiException e = assertFails(Kind.RPC_ERROR,
                () -> client.createVolume(new CreateVolumeRequest("data", tenant, "", "", "")));

        assertEquals("RETRY_OTHER_IMMEDIATELY/POSIX_ERROR_NONE: database dirdb not found /", e.getMessage());
        assertEquals(OptionalLong.of(7), e.rpcCode());
        assertTrue(e.isQuobyteError("RETRY_OTHER_IMMEDIATELY"));
    }

    @Test
    void wrongPasswordIsAnAuthFailureThatSaysWhatToCheckButNeverShowsThePassword() throws Exception {
        String wrongPassword = "wr0ng-Pa55word";
        QuobyteApiClient wrong = started(config(api.url(), wrongPassword));
        try {
            QuobyteApiException e = assertFails(Kind.AUTH, () -> wrong.resolveTenantName("tenant-a"));

            assertEquals("Quobyte API at " + api.url() + " answered HTTP 401 (not JSON): check the API user ('admin')"
                    + " and password (-user/-password or QUOBYTE_API_USER/QUOBYTE_API_PASSWORD)", e.getMessage());
            assertFalse(e.getMessage().contains(wrongPassword));
            assertFalse(wrong.toString().contains(wrongPassword));
            assertFalse(wrong.config().toString().contains(wrongPassword));
            assertTrue(api.calls().isEmpty(), "an unauthenticated call must not reach the cluster");
        } finally {
            LifeCycle.stop(wrong);
        }
    }

    @Test
    void anHtmlAnswerFromAnotherServiceIsNotJsonAndPointsAtTheApiUrl() {
        api.answerHtml(true);

        QuobyteApiException e = assertFails(Kind.NOT_JSON, () -> client.getVolumeList(tenant));

        assertEquals("Quobyte API at " + api.url() + " answered HTTP 200 with text/html instead of JSON-RPC: check"
                + " that -api (QUOBYTE_API_URL) points at the Quobyte API service (default port 7860)",
                e.getMessage());
    }

    @Test
    void aHangingApiTimesOutWithinTheRequestTimeout() throws Exception {
        QuobyteApiClient impatient = started(config(api.url(), PASSWORD)
                .withTimeouts(Duration.ofSeconds(2), Duration.ofMillis(300)));
        api.hang();
        try {
            long start = System.nanoTime();
            QuobyteApiException e = assertFails(Kind.TIMEOUT,
                    () -> impatient.createVolume(new CreateVolumeRequest("data", tenant, "", "", "")));
            Duration took = Duration.ofNanos(System.nanoTime() - start);

            assertTrue(took.compareTo(Duration.ofSeconds(3)) < 0, "took " + took);
            assertEquals("Quobyte API at " + api.url() + " did not answer createVolume within the request timeout"
                    + " of 300 ms", e.getMessage());
            assertTrue(api.volume(tenant, "data").isPresent(), "the double carries a call out, only its answer hangs");
        } finally {
            api.release();
            LifeCycle.stop(impatient);
        }
    }

    @Test
    void aSlowApiStillAnswersWithinTheRequestTimeout() throws Exception {
        api.setLatency(Duration.ofMillis(200));

        long start = System.nanoTime();
        assertEquals(tenant, client.resolveTenantName("tenant-a"));

        assertTrue(Duration.ofNanos(System.nanoTime() - start).toMillis() >= 200);
    }

    @Test
    void aClosedPortIsUnreachableWithTheUrlAndWhatToCheck() throws Exception {
        URI closed = URI.create("http://127.0.0.1:" + closedPort());
        QuobyteApiClient refused = started(config(closed, PASSWORD));
        try {
            QuobyteApiException e = assertFails(Kind.UNREACHABLE, () -> refused.resolveTenantName("tenant-a"));

            assertTrue(e.getMessage().startsWith("Quobyte API at " + closed + " is unreachable (Connection refused)"),
                    e.getMessage());
            assertTrue(e.getMessage().contains("check that the Quobyte API service is running"), e.getMessage());
        } finally {
            LifeCycle.stop(refused);
        }
    }

    @Test
    void aConnectionThatIsNeverAcceptedTimesOutWithTheConnectTimeout() throws Exception {
        List<Socket> queued = new ArrayList<>();
        try (ServerSocket neverAccepts = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            fillAcceptQueue(neverAccepts, queued);
            URI url = URI.create("http://127.0.0.1:" + neverAccepts.getLocalPort());
            QuobyteApiClient stuck = started(config(url, PASSWORD)
                    .withTimeouts(Duration.ofMillis(300), Duration.ofSeconds(5)));
            try {
                QuobyteApiException e = assertFails(Kind.TIMEOUT, () -> stuck.resolveTenantName("tenant-a"));

                assertEquals("could not connect to the Quobyte API at " + url + " within the connect timeout of"
                        + " 300 ms: check the host, the port and any firewall in between", e.getMessage());
            } finally {
                LifeCycle.stop(stuck);
            }
        } finally {
            for (Socket socket : queued) {
                socket.close();
            }
        }
    }

    @Test
    void anUnknownHostIsUnreachableAndNamesTheHost() throws Exception {
        QuobyteApiClient nowhere = started(config(URI.create("http://no-such-host.invalid:7860"), PASSWORD));
        try {
            QuobyteApiException e = assertFails(Kind.UNREACHABLE, () -> nowhere.resolveTenantName("tenant-a"));

            assertEquals("Quobyte API at http://no-such-host.invalid:7860 is unreachable (unknown host"
                    + " 'no-such-host.invalid'): check the host name in -api (QUOBYTE_API_URL)", e.getMessage());
        } finally {
            LifeCycle.stop(nowhere);
        }
    }

    @Test
    void aNullResultIsAProtocolErrorNotASuccess() throws Exception {
        QuobyteApiException e = failureFromCannedAnswer(200, "application/json",
                "{\"jsonrpc\":\"2.0\",\"id\":\"1\",\"result\":null}", c -> c.deleteVolume("uuid"));

        assertEquals(Kind.PROTOCOL, e.kind());
        assertTrue(e.getMessage().contains("answered deleteVolume (HTTP 200) with neither a result nor an error"),
                e.getMessage());
    }

    @Test
    void aResultWithoutTheVolumeUuidIsAProtocolError() throws Exception {
        QuobyteApiException e = failureFromCannedAnswer(200, "application/json",
                "{\"jsonrpc\":\"2.0\",\"id\":\"1\",\"result\":{}}",
                c -> c.createVolume(new CreateVolumeRequest("data", "", "", "", "")));

        assertEquals(Kind.PROTOCOL, e.kind());
        assertTrue(e.getMessage().endsWith("answered createVolume with no 'volume_uuid': {}"), e.getMessage());
    }

    @Test
    void anErrorWithoutMessageIsNamedAfterItsCodeLikeQuobytesGoClientDoes() throws Exception {
        QuobyteApiException e = failureFromCannedAnswer(200, "application/json",
                "{\"jsonrpc\":\"2.0\",\"id\":\"1\",\"error\":{\"code\":-32601,\"message\":\"\"}}",
                c -> c.resolveTenantName("t"));

        assertEquals(Kind.RPC_ERROR, e.kind());
        assertEquals("ERROR_CODE_METHOD_NOT_FOUND", e.getMessage());
        assertEquals(OptionalLong.of(-32601), e.rpcCode());
    }

    @Test
    void aJsonRpcErrorWithAnHttpErrorStatusIsStillQuobytesError() throws Exception {
        QuobyteApiException e = failureFromCannedAnswer(500, "application/json",
                "{\"jsonrpc\":\"2.0\",\"id\":\"1\","
                        + "\"error\":{\"code\":5,\"message\":\"INTERNAL/POSIX_ERROR_NONE: x /\"}}",
                c -> c.resolveTenantName("t"));

        assertEquals(Kind.RPC_ERROR, e.kind());
        assertEquals("INTERNAL/POSIX_ERROR_NONE: x /", e.getMessage());
    }

    @Test
    void anEmptyAnswerFromAProxyIsNotJson() throws Exception {
        QuobyteApiException e = failureFromCannedAnswer(502, "text/plain", "", c -> c.resolveTenantName("t"));

        assertEquals(Kind.NOT_JSON, e.kind());
        assertTrue(e.getMessage().contains("answered HTTP 502 with an empty body instead of JSON-RPC"),
                e.getMessage());
    }

    @Test
    void creationTimesWrittenAsStringsAreRead() throws Exception {
        String answer = "{\"jsonrpc\":\"2.0\",\"id\":\"1\",\"result\":{\"volume\":[{\"volume_uuid\":\"u1\","
                + "\"name\":\"data\",\"creation_timestamp_ms\":\"1700000000123\"}]}}";
        try (CannedAnswerServer server = new CannedAnswerServer(200, "application/json", answer)) {
            QuobyteApiClient canned = started(config(server.url(), PASSWORD));
            try {
                assertEquals(List.of(new QuobyteVolume("u1", "data", "", "", Instant.ofEpochMilli(1700000000123L))),
                        canned.getVolumeList(""));
            } finally {
                LifeCycle.stop(canned);
            }
        }
    }

    @Test
    void callingBeforeStartIsRefusedWithWhatToDo() {
        QuobyteApiClient notStarted = new QuobyteApiClient(config(api.url(), PASSWORD));

        IllegalStateException e = assertThrows(IllegalStateException.class, () -> notStarted.resolveTenantName("x"));

        assertTrue(e.getMessage().contains("start() it before calling resolveTenantName"), e.getMessage());
    }

    private static QuobyteApiConfig config(URI url, String password) {
        return QuobyteApiConfig.of(url, USER, password).withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(5));
    }

    private static QuobyteApiClient started(QuobyteApiConfig config) throws Exception {
        QuobyteApiClient started = new QuobyteApiClient(config);
        started.start();
        return started;
    }

    /** A call of the client that is expected to fail. */
    private interface Call {
        void on(QuobyteApiClient client) throws QuobyteApiException;
    }

    private static QuobyteApiException failureFromCannedAnswer(int status, String contentType, String body, Call call)
            throws Exception {
        try (CannedAnswerServer server = new CannedAnswerServer(status, contentType, body)) {
            QuobyteApiClient canned = started(config(server.url(), PASSWORD));
            try {
                return assertThrows(QuobyteApiException.class, () -> call.on(canned));
            } finally {
                LifeCycle.stop(canned);
            }
        }
    }

    private static QuobyteApiException assertFails(Kind kind, Executable call) {
        QuobyteApiException e = assertThrows(QuobyteApiException.class, call);
        assertEquals(kind, e.kind(), e.getMessage());
        if (kind != Kind.RPC_ERROR) {
            assertTrue(e.rpcCode().isEmpty());
        }
        assertFalse(e.getMessage().contains(PASSWORD), e.getMessage());
        return e;
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /**
     * Connects to a server that never accepts until its accept queue is full: Linux then drops further SYNs, so the
     * next connection attempt hangs instead of failing, as with a host behind a dropping firewall.
     */
    private static void fillAcceptQueue(ServerSocket server, List<Socket> queued) throws IOException {
        for (int i = 0; i < 16; i++) {
            Socket socket = new Socket();
            try {
                socket.connect(server.getLocalSocketAddress(), 200);
                queued.add(socket);
            } catch (SocketTimeoutException queueFull) {
                socket.close();
                return;
            }
        }
        fail("the accept queue of a server with backlog 1 never filled up");
    }
}
