package io.quodock.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quodock.e2e.DaemonProcess;
import io.quodock.e2e.PluginClient;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Thousands of malformed requests on the plugin socket of the packaged daemon: each is answered with a
 * clean error (HTTP 200 with a JSON {@code Err}, or a 4xx with a JSON {@code Err}) or the connection is
 * closed; never a hang, a 5xx, an HTML page or a change. Well-formed requests on another connection are
 * answered correctly in between, the state (List, Get, the state files, the volume directories) is
 * byte for byte what it was, and the daemon's memory stays under {@link #RSS_BOUND_KIB}.
 *
 * <p>The admin socket gets the same treatment: its failures are {@code {"error": ..., "kind": ...}}
 * with a 4xx status, and requests that stall there must not keep the plugin socket waiting either.
 */
class BadInputIT {
    /** Heap 64 MB (the launcher's -Xmx64m) plus metaspace, code cache, thread stacks and buffers. */
    private static final long RSS_BOUND_KIB = 192 * 1024;
    private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration STALL_TIMEOUT = Duration.ofSeconds(45);
    private static final String KEPT = "keep";
    private static final String MOUNTED = "held";
    private static final String MOUNT_ID = "c0ffee".repeat(10) + "c0ff";
    private static final List<String> NAMED = List.of("VolumeDriver.Create", "VolumeDriver.Remove", "VolumeDriver.Mount",
            "VolumeDriver.Unmount", "VolumeDriver.Get", "VolumeDriver.Path");
    private static final long SEED = System.nanoTime();

    private static Path root;
    private static Path socket;
    private static Path adminSocket;
    private static DaemonProcess daemon;
    private static Snapshot before;
    private static int total;
    private static long peakRssKib;

    private final List<String> problems = new ArrayList<>();
    private PluginClient good;
    private PluginClient bad;
    private int sent;

    /** Everything a bad request must not change. */
    private record Snapshot(String list, String getKept, String getMounted, Map<String, String> files) {
    }

    @BeforeAll
    static void startDaemon() throws IOException {
        root = Files.createTempDirectory(Path.of("/tmp"), "qd-bad-");
        socket = root.resolve("plugins/qdbad.sock");
        adminSocket = root.resolve("admin.sock");
        daemon = new DaemonProcess(socket, root.resolve("daemon.log"), List.of("daemon", "--driver-name", "qdbad",
                "--plugin-dir", root.resolve("plugins").toString(), "--state-dir", root.resolve("state").toString(),
                "--volumes-root", root.resolve("volumes").toString(),
                "--run-dir", root.resolve("run").toString(), "--admin-socket", adminSocket.toString()));
        daemon.start();
        try (PluginClient docker = new PluginClient(socket, ANSWER_TIMEOUT)) {
            assertEquals("", docker.call("VolumeDriver.Create", "{\"Name\":\"" + KEPT + "\",\"Opts\":{\"subdirs\":\"a,b\"}}").err());
            assertEquals("", docker.call("VolumeDriver.Create", "{\"Name\":\"" + MOUNTED + "\"}").err());
            assertEquals("", docker.call("VolumeDriver.Mount", "{\"Name\":\"" + MOUNTED + "\",\"ID\":\"" + MOUNT_ID + "\"}").err());
            before = snapshot(docker);
        }
    }

    @AfterAll
    static void stopDaemon() throws IOException {
        System.out.printf("bad input: %d malformed requests, highest daemon RSS after a test %d MiB (bound %d MiB)%n",
                total, peakRssKib / 1024, RSS_BOUND_KIB / 1024);
        try {
            if (daemon != null) {
                assertEquals(143, daemon.stop(), "the daemon still stops cleanly on SIGTERM");
            }
        } finally {
            try (Stream<Path> paths = Files.walk(root)) {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    @BeforeEach
    void connect() throws IOException {
        good = new PluginClient(socket, ANSWER_TIMEOUT);
    }

    @AfterEach
    void disconnect() throws IOException {
        good.close();
        if (bad != null) {
            bad.close();
        }
    }

    @Test
    void malformedJsonIsAnErrOnEveryEndpointThatTakesAName() throws IOException {
        List<String> bodies = new ArrayList<>(List.of(
                "{", "}", "[", "{\"Name\":", "{\"Name\":\"keep", "{\"Name\":\"keep\"", "{\"Name\":\"keep\",",
                "{\"Name\" \"keep\"}", "{'Name':'keep'}", "{Name:\"keep\"}", "{\"Name\":keep}", "{\"Name\":\"keep\",}",
                "{\"Name\":\"\\x41\"}", "{\"Name\":\"\\u00\"}", "{\"Name\":\"keep\"\u0000}", "<volume>keep</volume>",
                "Name=keep", "{\"Name\":\"keep\"/*x*/}", "{\"Name\":\"ke\nep\"}",
                "[".repeat(5_000) + "]".repeat(5_000), "{\"a\":".repeat(5_000) + "1" + "}".repeat(5_000),
                "{\"Name\":" + "9".repeat(100_000) + "}"));
        for (String endpoint : NAMED) {
            for (String body : bodies) {
                expectErr(endpoint, body.getBytes(StandardCharsets.UTF_8));
            }
            expectErr(endpoint, new byte[] {'{', '"', 'N', 'a', 'm', 'e', '"', ':', '"', (byte) 0xff, (byte) 0xfe, '"', '}'});
            // Prefixes of a request that would succeed, cut before its closing brace.
            String whole = "{\"Name\":\"fresh\",\"ID\":\"" + MOUNT_ID + "\",\"Opts\":null}";
            for (int cut = 0; cut < whole.length() - 1; cut++) {
                expectErr(endpoint, whole.substring(0, cut).getBytes(StandardCharsets.UTF_8));
            }
        }
        assertNoProblems();
    }

    @Test
    void wrongTypesEmptyBodiesAndMissingFieldsAreAnErr() throws IOException {
        List<String> bodies = new ArrayList<>(List.of("", " ", "\n", "\r\n\t ", "{}", "null", "true", "42", "\"keep\"",
                "[]", "[1,2]", "[{\"Name\":\"keep\"}]", "{\"Name\":\"\"}", "{\"Name\":null}", "{\"Nom\":\"keep\"}"));
        for (String value : List.of("42", "1.5", "true", "false", "[]", "{}", "[\"keep\"]", "{\"Name\":\"keep\"}", "1e999999")) {
            bodies.add("{\"Name\":" + value + "}");
            bodies.add("{\"name\":" + value + ",\"Opts\":null}");
        }
        for (String endpoint : NAMED) {
            for (String body : bodies) {
                expectErr(endpoint, body.getBytes(StandardCharsets.UTF_8));
            }
        }
        for (String id : List.of("42", "true", "[]", "{}", "null", "\"\"", "\" \"", "\"a b\"", "\"a\\u0000b\"",
                "\"" + "x".repeat(10_000) + "\"", "\"\\u00e9\"", "\"line\\nbreak\"", "\"" + "\\u00e9".repeat(64) + "\"")) {
            expectErr("VolumeDriver.Mount", ("{\"Name\":\"" + KEPT + "\",\"ID\":" + id + "}").getBytes(StandardCharsets.UTF_8));
            expectErr("VolumeDriver.Unmount", ("{\"Name\":\"" + MOUNTED + "\",\"ID\":" + id + "}").getBytes(StandardCharsets.UTF_8));
        }
        expectErr("VolumeDriver.Mount", ("{\"Name\":\"" + KEPT + "\"}").getBytes(StandardCharsets.UTF_8));
        expectErr("VolumeDriver.Unmount", ("{\"Name\":\"" + MOUNTED + "\",\"ID\":\"" + "d".repeat(64) + "\"}").getBytes(StandardCharsets.UTF_8));
        expectErr("VolumeDriver.Remove", ("{\"Name\":\"" + MOUNTED + "\"}").getBytes(StandardCharsets.UTF_8));
        for (String opts : List.of("\"x\"", "1", "[]", "true", "[\"user\"]", "{\"user\":1}", "{\"user\":null}",
                "{\"user\":{}}", "{\"subdirs\":[\"a\"]}", "{\"sise\":\"10G\"}", "{\"subdirs\":\"../out\"}",
                "{\"subdirs\":\"/etc\"}", "{\"subdirs\":\"a/../../b\"}", "{\"subdirs\":\"a\\u0000b\"}",
                "{\"user\":\"no-such-user-qdbad\"}", "{\"group\":\"no-such-group-qdbad\"}", "{\"user\":\"a\\u0000b\"}",
                "{\"user\":\"" + "u".repeat(10_000) + "\"}", "{\"tenant_id\":\"t\"}", "{\"configuration_name\":\"c\"}",
                manyOptions(10_000))) {
            expectErr("VolumeDriver.Create", ("{\"Name\":\"fresh\",\"Opts\":" + opts + "}").getBytes(StandardCharsets.UTF_8));
        }
        assertNoProblems();
    }

    @Test
    void namesOutsideDockersRuleAreAnErrAndReachNoPath() throws IOException {
        List<String> names = new ArrayList<>(List.of("a/b", "/etc", "..", ".", "../evil", "a/../b", "keep/", "keep/..",
                ".hidden", "-dash", "_under", "keep\\u0000", "bad\\u0000name", "\\u0000", "\\u00e9t\\u00e9", "\\u65e5\\u672c",
                "emoji\\ud83d\\ude00", "zero\\u200bwidth", "rtl\\u202eevil", "new\\nline", "tab\\tname", "sp ace", " keep",
                "keep ", "a\\\\b", "%2e%2e", "a:b", "*", "$(reboot)", "; rm -rf /", "x".repeat(256), "x".repeat(10_000),
                "\\u00e9".repeat(5_000)));
        for (String endpoint : NAMED) {
            for (String name : names) {
                expectErr(endpoint, ("{\"Name\":\"" + name + "\",\"ID\":\"" + MOUNT_ID + "\"}").getBytes(StandardCharsets.UTF_8));
            }
        }
        assertNoProblems();
    }

    @Test
    void randomJsonAndRandomBytesAreAnErr() throws IOException {
        Random random = new Random(SEED);
        List<String> badNames = List.of("a/b", "..", "\\u0000", "\\u00e9", "x".repeat(300), "", "/", "a b", ".x");
        for (int i = 0; i < 1_500; i++) {
            StringBuilder body = new StringBuilder("{");
            int fields = random.nextInt(5);
            for (int f = 0; f < fields; f++) {
                body.append(f == 0 ? "" : ",").append(switch (random.nextInt(4)) {
                    case 0 -> "\"" + randomCase(random, "name") + "\":" + randomValue(random, badNames);
                    case 1 -> "\"" + randomCase(random, "id") + "\":" + randomValue(random, badNames);
                    case 2 -> "\"" + randomCase(random, "opts") + "\":{\"" + randomCase(random, "user") + "\":"
                            + randomValue(random, badNames) + "}";
                    default -> "\"k" + random.nextInt(1000) + "\":" + randomValue(random, badNames);
                });
            }
            expectErr(NAMED.get(random.nextInt(NAMED.size())), body.append('}').toString().getBytes(StandardCharsets.UTF_8));
        }
        for (int i = 0; i < 500; i++) {
            byte[] garbage = new byte[1 + random.nextInt(2_000)];
            random.nextBytes(garbage);
            expectErr(NAMED.get(random.nextInt(NAMED.size())), garbage);
        }
        assertNoProblems();
    }

    @Test
    void brokenHttpIsRefusedWithJsonOrAClosedConnection() throws IOException {
        String get = "{\"Name\":\"ghost\"}\n";
        List<String> requests = new ArrayList<>(List.of(
                "NONSENSE\r\n\r\n",
                "POST\r\n\r\n",
                "POST /VolumeDriver.Get HTTP/9.9\r\nHost: \r\n\r\n",
                "POST /VolumeDriver.Get HTTP/1.1\r\n\r\n",
                "POST /VolumeDriver.Get HTTP/1.1\r\nHost: \r\nContent-Length: -1\r\n\r\n",
                "POST /VolumeDriver.Get HTTP/1.1\r\nHost: \r\nContent-Length: abc\r\n\r\n",
                "POST /VolumeDriver.Get HTTP/1.1\r\nHost: \r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\n{}\n",
                "POST /VolumeDriver.Get HTTP/1.1\r\nHost: \r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n{}\n",
                "POST /VolumeDriver.Get HTTP/1.1\r\nHost: \r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n",
                "POST /VolumeDriver.Get HTTP/1.1\r\nHost: \r\nTransfer-Encoding: chunked\r\n\r\n" + "1".repeat(40) + "\r\n",
                "POST /VolumeDriver.Get HTTP/1.1\r\nHost: \r\nNo colon here\r\n\r\n",
                "POST /VolumeDriver.Get HTTP/1.1\r\nHost: \r\nX: a\r\n folded\r\n\r\n",
                "POST /VolumeDriver.Get HTTP/1.1\r\nHost: \r\nX-Nul: a\u0000b\r\n\r\n",
                "POST /VolumeDriver.Get HTTP/1.1\r\nHost: \r\nBad Name: x\r\n\r\n",
                "POST /VolumeDriver.Get HTTP/1.1\r\nHost: \r\nX: " + "h".repeat(64 * 1024) + "\r\n\r\n",
                "POST /VolumeDriver.Get HTTP/1.1\r\nHost: \r\n" + "X-Many: 1\r\n".repeat(5_000) + "\r\n",
                "POST /" + "p".repeat(20_000) + " HTTP/1.1\r\nHost: \r\n\r\n",
                "POST /VolumeDriver.Get HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n",
                "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n",
                "\u0016\u0003\u0001\u0002\u0000\u0001\u0000\u0001\u00fc\u0003\u0003"));
        for (String method : List.of("GET", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "FOO", "post")) {
            // Remove with the name of a real volume: refused for its method, the volume stays.
            requests.add(method + " /VolumeDriver.Remove HTTP/1.1\r\nHost: \r\nContent-Length: 17\r\n\r\n{\"Name\":\"keep\"}\n");
        }
        for (String path : List.of("/", "/x", "/VolumeDriver.Frobnicate", "/VolumeDriver.Get/extra", "/VolumeDriver.",
                "/Plugin.Deactivate", "/%00", "/VolumeDriver.Get%00", "/..%2fVolumeDriver.Remove", "/%2e%2e/VolumeDriver.Remove",
                "/VolumeDriver.Remove/..%2f..%2f", "*", "/\u00e9")) {
            requests.add("POST " + path + " HTTP/1.1\r\nHost: \r\nContent-Length: 17\r\n\r\n{\"Name\":\"keep\"}\n");
        }
        requests.add("POST /VolumeDriver.Get HTTP/1.0\r\nContent-Length: " + get.length() + "\r\n\r\n" + get);
        for (int round = 0; round < 10; round++) {
            for (String request : requests) {
                expectRefused(request.getBytes(StandardCharsets.ISO_8859_1));
            }
        }
        assertNoProblems();
    }

    @Test
    void hugeBodiesAreRefusedOneByOneAndSixtyFourAtOnce() throws Exception {
        byte[] big = new byte[PluginHandler.MAX_BODY + 1024];
        Arrays.fill(big, (byte) ' ');
        big[0] = '{';
        big[big.length - 1] = '}';
        for (String endpoint : NAMED) {
            expectRefused(withLength(endpoint, big));
            expectRefused(chunked(endpoint, big));
            expectRefused(("POST /" + endpoint + " HTTP/1.1\r\nHost: \r\nContent-Length: 1073741824\r\n\r\n{\"Name\":")
                    .getBytes(StandardCharsets.US_ASCII));
        }
        // As many at once as the daemon has request threads: their bodies must not add up in the heap.
        ExecutorService senders = Executors.newFixedThreadPool(64);
        try {
            List<Future<String>> results = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                String endpoint = NAMED.get(i % NAMED.size());
                results.add(senders.submit(() -> {
                    try (PluginClient client = new PluginClient(socket, ANSWER_TIMEOUT)) {
                        PluginClient.Response response = client.raw(chunked(endpoint, big));
                        return response.status() + " " + response.err();
                    } catch (SocketTimeoutException e) {
                        return "no answer within " + ANSWER_TIMEOUT.toSeconds() + " s";
                    } catch (IOException e) {
                        return "closed";
                    }
                }));
            }
            total += results.size();
            for (Future<String> result : results) {
                String outcome = result.get();
                if (!outcome.equals("closed") && !outcome.startsWith("200 request body exceeds")) {
                    problems.add("one of 64 concurrent chunked bodies of " + big.length + " bytes: " + outcome);
                }
                checkGoodRequests();
            }
        } finally {
            senders.shutdownNow();
        }
        assertNoProblems();
    }

    @Test
    void stalledPartialRequestsDoNotKeepOthersWaitingAndAreClosedAtTheIdleTimeout() throws Exception {
        List<PluginClient> stalled = new ArrayList<>();
        try {
            for (int i = 0; i < 200; i++) {
                PluginClient client = new PluginClient(socket, STALL_TIMEOUT);
                stalled.add(client);
                String head = "POST /VolumeDriver.Get HTTP/1.1\r\nHost: \r\nContent-Length: 40\r\n\r\n{\"Name\":";
                // Half stop inside the head, half inside the body.
                client.send((i % 2 == 0 ? head.substring(0, 20 + i % 30) : head).getBytes(StandardCharsets.US_ASCII));
                total++;
                if (i % 10 == 0) {
                    checkGoodRequests();
                }
            }
            for (int i = 0; i < 100; i++) {
                checkGoodRequests();
            }
            assertNoProblems();
            // Jetty's idle timeout (30 s, quodock keeps it) ends each of them, a stalled body with an Err first.
            int closed = 0;
            for (PluginClient client : stalled) {
                if (closedByDaemon(client)) {
                    closed++;
                }
            }
            assertEquals(stalled.size(), closed, "stalled connections closed by the daemon");
        } finally {
            for (PluginClient client : stalled) {
                client.close();
            }
        }
    }

    @Test
    void adminRequestsWithBadBodiesNamesPathsAndMethodsGetA4xxErrorAndChangeNothing() throws IOException {
        List<String> requests = new ArrayList<>();
        List<String> bodies = new ArrayList<>(List.of("{", "{\"name\":", "{\"name\":\"fresh\"", "[", "[1]", "null", "42",
                "\"fresh\"", "{'name':'fresh'}", "{\"name\":42}", "{\"name\":null}", "{\"name\":[\"fresh\"]}", "{}",
                "{\"name\":\"fresh\",\"options\":\"x\"}", "{\"name\":\"fresh\",\"options\":{\"sise\":\"1\"}}",
                "{\"name\":\"fresh\",\"options\":{\"user\":1}}", "{\"name\":\"fresh\",\"options\":{\"subdirs\":\"../x\"}}",
                "[".repeat(5_000), "{\"name\":\"" + "x".repeat(10_000) + "\"}"));
        for (String name : List.of("a/b", "..", "\\u0000", "\\u00e9t\\u00e9", "-x", " keep", "x".repeat(256))) {
            bodies.add("{\"name\":\"" + name + "\"}");
        }
        for (String body : bodies) {
            requests.add(adminRequest("POST", "/v1/volumes", body));
            requests.add(adminRequest("PUT", "/v1/volumes/" + KEPT + "/fixed-user", body.replace("name", "user")));
        }
        // Reconcile takes an object with a boolean apply (a dry run without Docker is a 502): everything else.
        for (String body : List.of("{", "{\"apply\":", "[", "[true]", "null", "true", "\"apply\"", "{'apply':true}",
                "{\"apply\":42}", "{\"apply\":\"yes\"}", "[".repeat(5_000))) {
            requests.add(adminRequest("POST", "/v1/reconcile", body));
        }
        for (String path : List.of("/v1/volumes/ghost", "/v1/volumes/a%2Fb", "/v1/volumes/..%2f" + KEPT, "/v1/volumes/%00",
                "/v1/volumes/" + "x".repeat(300), "/v1/volumes/ghost/fixed-user")) {
            requests.add(adminRequest("GET", path, ""));
            requests.add(adminRequest("DELETE", path, ""));
        }
        requests.add(adminRequest("DELETE", "/v1/volumes/" + MOUNTED, ""));
        for (String method : List.of("PATCH", "PUT", "POST", "DELETE", "OPTIONS", "FOO")) {
            requests.add(adminRequest(method, "/v1/state", "{}"));
            requests.add(adminRequest(method, "/metrics", "{}"));
        }
        for (String path : List.of("/", "/v1", "/v2/state", "/v1/volumes/" + KEPT + "/extra/deep", "/v1/volumes//", "/VolumeDriver.Remove")) {
            requests.add(adminRequest("GET", path, ""));
            requests.add(adminRequest("POST", path, "{\"Name\":\"" + KEPT + "\"}"));
        }
        requests.add("POST /v1/volumes HTTP/1.1\r\nHost: x\r\nContent-Length: 1073741824\r\n\r\n{\"name\":");
        requests.add("POST /v1/volumes HTTP/1.1\r\nHost: x\r\nX: " + "h".repeat(64 * 1024) + "\r\n\r\n");
        requests.add("NONSENSE\r\n\r\n");
        for (int round = 0; round < 5; round++) {
            for (String request : requests) {
                expectAdminRefusal(request.getBytes(StandardCharsets.UTF_8));
            }
        }
        assertNoProblems();
    }

    @Test
    void stalledAdminRequestsDoNotKeepDockerWaiting() throws Exception {
        List<PluginClient> stalled = new ArrayList<>();
        try {
            for (int i = 0; i < 100; i++) {
                PluginClient client = new PluginClient(adminSocket, STALL_TIMEOUT);
                stalled.add(client);
                client.send("POST /v1/volumes HTTP/1.1\r\nHost: x\r\nContent-Length: 40\r\n\r\n{\"name\":"
                        .getBytes(StandardCharsets.US_ASCII));
                total++;
            }
            for (int i = 0; i < 100; i++) {
                checkGoodRequests();
            }
            assertNoProblems();
        } finally {
            for (PluginClient client : stalled) {
                client.close();
            }
        }
    }

    private static String adminRequest(String method, String path, String body) {
        byte[] content = body.getBytes(StandardCharsets.UTF_8);
        return method + " " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: "
                + content.length + "\r\n\r\n" + body;
    }

    /** On the admin socket: a 4xx with a JSON error ({@code error}, or Jetty's {@code Err}), or a closed connection. */
    private void expectAdminRefusal(byte[] request) throws IOException {
        String what = "admin " + describe(request);
        try (PluginClient client = new PluginClient(adminSocket, ANSWER_TIMEOUT)) {
            PluginClient.Response response = client.raw(request);
            String error;
            try {
                error = response.json().path("error").asText(response.err());
            } catch (AssertionError notJson) {
                error = "";
            }
            if (error.isEmpty() || response.status() < 400 || response.status() >= 500) {
                problems.add(what + ": HTTP " + response.status() + " " + abbreviate(response.body()));
            }
        } catch (SocketTimeoutException e) {
            problems.add(what + ": no answer and no close within " + ANSWER_TIMEOUT.toSeconds() + " s");
        } catch (IOException closed) {
            // Closing the connection is a clean refusal.
        }
        afterEach();
    }

    /** Whether the daemon closes the connection, after at most one answer, within {@link #STALL_TIMEOUT}. */
    private static boolean closedByDaemon(PluginClient client) {
        try {
            return client.isClosedByServer() || client.isClosedByServer();
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException reset) {
            return true;
        }
    }

    private static String manyOptions(int count) {
        StringBuilder opts = new StringBuilder("{");
        for (int i = 0; i < count; i++) {
            opts.append(i == 0 ? "" : ",").append("\"k").append(i).append("\":\"v\"");
        }
        return opts.append('}').toString();
    }

    private static String randomCase(Random random, String key) {
        StringBuilder out = new StringBuilder();
        for (char c : key.toCharArray()) {
            out.append(random.nextBoolean() ? Character.toUpperCase(c) : c);
        }
        return out.toString();
    }

    /** A value that is never a valid volume name: a bad name, or not a string at all. */
    private static String randomValue(Random random, List<String> badNames) {
        return switch (random.nextInt(6)) {
            case 0 -> Integer.toString(random.nextInt());
            case 1 -> "null";
            case 2 -> "[" + random.nextInt(10) + "]";
            case 3 -> "{\"x\":" + random.nextBoolean() + "}";
            default -> "\"" + badNames.get(random.nextInt(badNames.size())) + "\"";
        };
    }

    private static byte[] withLength(String endpoint, byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(("POST /" + endpoint + " HTTP/1.1\r\nHost: \r\nContent-Length: " + body.length + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(body);
        return out.toByteArray();
    }

    private static byte[] chunked(String endpoint, byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(("POST /" + endpoint + " HTTP/1.1\r\nHost: \r\nTransfer-Encoding: chunked\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        for (int from = 0; from < body.length; from += 8192) {
            int length = Math.min(8192, body.length - from);
            out.writeBytes((Integer.toHexString(length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body, from, length);
            out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        out.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    /** A well-framed request with a bad body on a keep-alive connection: HTTP 200 with a non-empty Err. */
    private void expectErr(String endpoint, byte[] body) throws IOException {
        byte[] request = withLength(endpoint, body);
        PluginClient.Response response = sendOnKeepAlive(request);
        String what = endpoint + " with " + describe(body);
        if (response == null) {
            problems.add(what + ": connection closed instead of an Err");
        } else if (response.status() != 200 || response.err().isEmpty()) {
            problems.add(what + ": HTTP " + response.status() + " " + abbreviate(response.body()));
        }
        afterEach();
    }

    /**
     * A request the HTTP layer or the handler must refuse, on a fresh connection: a 4xx with a JSON
     * Err, HTTP 200 with a non-empty Err, or the connection closed without an answer.
     */
    private void expectRefused(byte[] request) throws IOException {
        String what = describe(request);
        try (PluginClient client = new PluginClient(socket, ANSWER_TIMEOUT)) {
            PluginClient.Response response = client.raw(request);
            int status = response.status();
            boolean jsonErr;
            try {
                jsonErr = !response.err().isEmpty();
            } catch (AssertionError notJson) {
                jsonErr = false;
            }
            // 505 HTTP Version Not Supported is what RFC 9110 prescribes for an unknown version: the one 5xx.
            if (!jsonErr || !(status == 200 || status >= 400 && status < 500 || status == 505)) {
                problems.add(what + ": HTTP " + status + " " + abbreviate(response.body()));
            }
        } catch (SocketTimeoutException e) {
            problems.add(what + ": no answer and no close within " + ANSWER_TIMEOUT.toSeconds() + " s");
        } catch (IOException closed) {
            // Closing the connection is a clean refusal.
        }
        afterEach();
    }

    private PluginClient.Response sendOnKeepAlive(byte[] request) throws IOException {
        if (bad == null) {
            bad = new PluginClient(socket, ANSWER_TIMEOUT);
        }
        try {
            PluginClient.Response response = bad.raw(request);
            if ("close".equalsIgnoreCase(response.headers().get("connection"))) {
                bad.close();
                bad = null;
            }
            return response;
        } catch (SocketTimeoutException e) {
            throw new AssertionError("no answer within " + ANSWER_TIMEOUT.toSeconds() + " s to " + describe(request), e);
        } catch (IOException closed) {
            bad.close();
            bad = null;
            return null;
        }
    }

    /** Every 25 bad requests a good Get, every 200 a good List, on their own keep-alive connection. */
    private void afterEach() throws IOException {
        sent++;
        total++;
        if (sent % 25 == 0) {
            checkGoodRequests();
        }
        if (sent % 200 == 0) {
            String list = good.call("VolumeDriver.List", "{}").body();
            if (!list.equals(before.list())) {
                problems.add("after " + sent + " bad requests List answers " + abbreviate(list));
            }
        }
    }

    private void checkGoodRequests() throws IOException {
        String get = good.call("VolumeDriver.Get", "{\"Name\":\"" + KEPT + "\"}").body();
        if (!get.equals(before.getKept())) {
            problems.add("after " + sent + " bad requests Get " + KEPT + " answers " + abbreviate(get));
        }
    }

    private void assertNoProblems() throws IOException {
        assertTrue(problems.isEmpty(), problems.size() + " of " + sent + " bad requests were not refused cleanly (seed "
                + SEED + "):\n  " + String.join("\n  ", problems.subList(0, Math.min(20, problems.size()))));
        assertNothingChanged();
    }

    private void assertNothingChanged() throws IOException {
        assertEquals(before, snapshot(good), "state after " + sent + " bad requests");
        long rss = rssKib();
        peakRssKib = Math.max(peakRssKib, rss);
        assertTrue(rss < RSS_BOUND_KIB, "daemon RSS is " + rss / 1024 + " MiB after " + sent + " bad requests; the bound is "
                + RSS_BOUND_KIB / 1024 + " MiB");
        assertFalse(daemon.log().contains("OutOfMemoryError"), "the daemon ran out of heap");
    }

    private static Snapshot snapshot(PluginClient docker) throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> paths = Stream.concat(Files.walk(root.resolve("state")), Files.walk(root.resolve("volumes")))) {
            for (Path path : paths.toList()) {
                files.put(root.relativize(path).toString(), Files.isRegularFile(path)
                        ? Arrays.toString(java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(path)))
                        : "directory");
            }
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        return new Snapshot(docker.call("VolumeDriver.List", "{}").body(),
                docker.call("VolumeDriver.Get", "{\"Name\":\"" + KEPT + "\"}").body(),
                docker.call("VolumeDriver.Get", "{\"Name\":\"" + MOUNTED + "\"}").body(), files);
    }

    private static long rssKib() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(daemon.pid()), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IOException("no VmRSS for the daemon");
    }

    private static String describe(byte[] bytes) {
        String text = new String(bytes, 0, Math.min(bytes.length, 80), StandardCharsets.ISO_8859_1)
                .replaceAll("[\\x00-\\x1f\\x7f-\\xff]", "?");
        return "'" + text + (bytes.length > 80 ? "...' (" + bytes.length + " bytes)" : "'");
    }

    private static String abbreviate(String text) {
        return text.length() > 200 ? text.substring(0, 200) + "..." : text;
    }
}
