package io.quodock.backend.quobyte;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.eclipse.jetty.client.CompletableResponseListener;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.StringRequestContent;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.util.component.LifeCycle;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The API double's own wire contract (reference/quobyte.md section 10), checked with raw HTTP requests so that it
 * does not depend on the client it is there to test.
 */
class QuobyteApiDoubleTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String AUTHORIZATION =
            "Basic " + Base64.getEncoder().encodeToString("admin:quobyte".getBytes(UTF_8));

    @TempDir
    Path mountDir;

    private QuobyteApiDouble api;
    private HttpClient http;

    @BeforeEach
    void start() throws Exception {
        api = new QuobyteApiDouble("admin", "quobyte", mountDir);
        api.start();
        http = new HttpClient();
        http.start();
    }

    @AfterEach
    void stop() {
        LifeCycle.stop(http);
        LifeCycle.stop(api);
    }

    @Test
    void anUnknownMethodIsJsonRpcMethodNotFoundWithHttp200() throws Exception {
        ContentResponse response = post("{\"id\":\"9\",\"jsonrpc\":\"2.0\",\"method\":\"noSuchMethod\",\"params\":{}}");

        assertEquals(200, response.getStatus());
        JsonNode answer = JSON.readTree(response.getContentAsString());
        assertEquals("2.0", answer.get("jsonrpc").asText());
        assertEquals("9", answer.get("id").asText());
        assertEquals(-32601, answer.get("error").get("code").asInt());
    }

    @Test
    void malformedJsonIsAParseError() throws Exception {
        JsonNode answer = JSON.readTree(post("{\"id\":\"1\",\"method\":").getContentAsString());

        assertEquals(-32700, answer.get("error").get("code").asInt());
        assertTrue(answer.get("id").isNull());
    }

    @Test
    void aNumericIdIsEchoedAsAString() throws Exception {
        JsonNode answer = JSON.readTree(
                post("{\"id\":7,\"jsonrpc\":\"2.0\",\"method\":\"getVolumeList\",\"params\":{}}").getContentAsString());

        assertTrue(answer.get("id").isTextual(), answer.toString());
        assertEquals("7", answer.get("id").asText());
        assertTrue(answer.get("result").isObject(), answer.toString());
    }

    @Test
    void missingCredentialsGet401WithAnHtmlPageAndABasicChallenge() throws Exception {
        ContentResponse response = http.newRequest(api.url()).method(HttpMethod.POST)
                .body(new StringRequestContent("application/json", "{}")).send();

        assertEquals(401, response.getStatus());
        assertEquals("text/html", response.getMediaType());
        assertTrue(response.getHeaders().get(HttpHeader.WWW_AUTHENTICATE).startsWith("Basic "));
        assertTrue(api.calls().isEmpty());
    }

    @Test
    void anUnknownParamIsRefusedSoClientTyposShowUp() throws Exception {
        String tenant = api.addTenant("tenant-a");
        JsonNode answer = JSON.readTree(post("{\"id\":\"1\",\"jsonrpc\":\"2.0\",\"method\":\"createVolume\","
                + "\"params\":{\"name\":\"data\",\"tenant\":\"" + tenant + "\"}}").getContentAsString());

        assertEquals("INVALID_ARGUMENTS/POSIX_ERROR_NONE: Unknown field 'tenant' in createVolume request. / ",
                answer.get("error").get("message").asText());
        assertTrue(api.volumes().isEmpty());
    }

    @Test
    void deleteVolumeAnswersAnEmptyObjectNotNull() throws Exception {
        String tenant = api.addTenant("tenant-a");
        SimulatedVolume volume = api.addVolume(tenant, "data");

        JsonNode answer = JSON.readTree(post("{\"id\":\"1\",\"jsonrpc\":\"2.0\",\"method\":\"deleteVolume\","
                + "\"params\":{\"volume_uuid\":\"" + volume.uuid() + "\"}}").getContentAsString());

        assertEquals("{}", answer.get("result").toString());
    }

    @Test
    void sameNamedVolumesOfTwoTenantsShareTheDirectoryUntilTheLastIsDeleted() throws Exception {
        SimulatedVolume first = api.addVolume(api.addTenant("tenant-a"), "data");
        api.addVolume(api.addTenant("tenant-b"), "data");

        post("{\"id\":\"1\",\"jsonrpc\":\"2.0\",\"method\":\"deleteVolume\",\"params\":{\"volume_uuid\":\""
                + first.uuid() + "\"}}");

        assertEquals(1, api.volumes().size());
        assertTrue(Files.isDirectory(mountDir.resolve("data")));
    }

    @Test
    void aHangingRequestIsRecordedAndAnsweredWhenReleased() throws Exception {
        api.setDefaultTenant(api.addTenant("tenant-a"));
        api.hang();

        CompletableFuture<ContentResponse> pending = new CompletableResponseListener(
                request("{\"id\":\"1\",\"jsonrpc\":\"2.0\",\"method\":\"getVolumeList\",\"params\":{}}")).send();
        waitUntilRecorded();
        assertFalse(pending.isDone());

        api.release();
        assertEquals(200, pending.get(5, TimeUnit.SECONDS).getStatus());
    }

    @Test
    void stoppingTheDoubleDoesNotWaitForHangingRequests() throws Exception {
        api.hang();
        CompletableFuture<ContentResponse> pending = new CompletableResponseListener(
                request("{\"id\":\"1\",\"jsonrpc\":\"2.0\",\"method\":\"getVolumeList\",\"params\":{}}")).send();
        waitUntilRecorded();

        long start = System.nanoTime();
        api.stop();

        assertTrue(Duration.ofNanos(System.nanoTime() - start).compareTo(Duration.ofSeconds(5)) < 0);
        pending.handle((response, failure) -> null).get(5, TimeUnit.SECONDS);
    }

    private ContentResponse post(String body) throws Exception {
        return request(body).send();
    }

    private Request request(String body) {
        return http.newRequest(api.url()).method(HttpMethod.POST)
                .headers(headers -> headers.put(HttpHeader.AUTHORIZATION, AUTHORIZATION))
                .body(new StringRequestContent("application/json", body))
                .timeout(10, TimeUnit.SECONDS);
    }

    private void waitUntilRecorded() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (api.calls().isEmpty()) {
            assertTrue(System.nanoTime() < deadline, "the request never reached the double");
            Thread.sleep(10);
        }
    }
}
