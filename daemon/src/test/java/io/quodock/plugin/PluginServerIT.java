package io.quodock.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.quodock.daemon.Daemon;
import io.quodock.daemon.DaemonConfig;
import io.quodock.e2e.PluginClient;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The plugin protocol over a real Unix socket, spoken byte for byte as dockerd speaks it: every
 * endpoint and every rule of section 8.3 of the protocol reference.
 */
class PluginServerIT {
    private static final String ID1 = "a".repeat(64);
    private static final String ID2 = "b".repeat(64);

    @TempDir
    Path tmp;
    private Daemon daemon;
    private PluginClient docker;

    @BeforeEach
    void start() throws Exception {
        daemon = new Daemon(config(null));
        daemon.start();
        docker = new PluginClient(daemon.config().pluginSocket());
    }

    @AfterEach
    void stop() throws Exception {
        docker.close();
        daemon.stop();
    }

    private DaemonConfig config(String tcp) {
        return new DaemonConfig("qdtest", tmp.resolve("plugins"), "root", tmp.resolve("state"), tmp.resolve("volumes"),
                Duration.ofSeconds(5), tcp, tmp.resolve("spec"), null, tmp.resolve("run"), tmp.resolve("admin.sock"), "root",
                tmp.resolve("docker.sock"), false);
    }

    @Test
    void activateIsAnsweredWithAnEmptyBodyAndAnEmptyHost() throws IOException {
        PluginClient.Response response = docker.post("Plugin.Activate", "");
        assertEquals(200, response.status());
        assertEquals("[\"VolumeDriver\"]", response.json().get("Implements").toString());
    }

    @Test
    void everyEndpointWorksWithoutActivateFirst() throws IOException {
        PluginClient.Response create = docker.call("VolumeDriver.Create", "{\"Name\":\"v1\",\"Opts\":null}");
        assertEquals(200, create.status());
        assertEquals("", create.err());
        assertEquals("v1", docker.call("VolumeDriver.Get", "{\"Name\":\"v1\"}").json().at("/Volume/Name").asText());
    }

    @Test
    void capabilitiesAlwaysSucceedWithLocalScopeWhateverTheBody() throws IOException {
        for (String body : List.of("{}\n", "", "not json")) {
            PluginClient.Response response = docker.post("VolumeDriver.Capabilities", body);
            assertEquals(200, response.status());
            assertEquals("local", response.json().at("/Capabilities/Scope").asText());
        }
    }

    @Test
    void fullLifecycleOverOneKeepAliveConnection() throws IOException {
        assertEquals("", docker.call("VolumeDriver.Create", "{\"Name\":\"life\",\"Opts\":{\"subdirs\":\"a,b/c\"}}").err());

        JsonNode list = docker.call("VolumeDriver.List", "{}").json();
        assertEquals("life", list.at("/Volumes/0/Name").asText());
        assertEquals("", list.get("Err").asText());

        PluginClient.Response mount = docker.call("VolumeDriver.Mount", "{\"Name\":\"life\",\"ID\":\"" + ID1 + "\"}");
        Path mountpoint = Path.of(mount.json().get("Mountpoint").asText());
        assertTrue(mountpoint.isAbsolute() && Files.isDirectory(mountpoint.resolve("b/c")), mountpoint.toString());

        assertEquals(mountpoint.toString(), docker.call("VolumeDriver.Path", "{\"Name\":\"life\"}").json().get("Mountpoint").asText());
        assertEquals(1, docker.call("VolumeDriver.Get", "{\"Name\":\"life\"}").json().at("/Volume/Status/refs").asInt());

        assertEquals("", docker.call("VolumeDriver.Unmount", "{\"Name\":\"life\",\"ID\":\"" + ID1 + "\"}").err());
        assertEquals("", docker.call("VolumeDriver.Remove", "{\"Name\":\"life\"}").err());
        assertFalse(Files.exists(mountpoint));
        assertTrue(docker.call("VolumeDriver.List", "{}").json().get("Volumes").isEmpty());
    }

    @Test
    void createdAtIsRfc3339InGetAndList() throws IOException {
        docker.call("VolumeDriver.Create", "{\"Name\":\"dated\"}");
        String fromGet = docker.call("VolumeDriver.Get", "{\"Name\":\"dated\"}").json().at("/Volume/CreatedAt").asText();
        String fromList = docker.call("VolumeDriver.List", "{}").json().at("/Volumes/0/CreatedAt").asText();
        OffsetDateTime.parse(fromGet, DateTimeFormatter.ISO_OFFSET_DATE_TIME);
        assertEquals(fromGet, fromList);
    }

    @Test
    void getOfAnUnknownVolumeHasErrAndNoVolume() throws IOException {
        PluginClient.Response response = docker.call("VolumeDriver.Get", "{\"Name\":\"ghost\"}");
        assertEquals(200, response.status());
        assertTrue(response.json().get("Volume").isNull());
        assertEquals("no such volume: ghost", response.err());
    }

    @Test
    void emptyBodyIsAnErrOnEveryNamedEndpointAndChangesNothing() throws IOException {
        docker.call("VolumeDriver.Create", "{\"Name\":\"kept\"}");
        for (String endpoint : List.of("VolumeDriver.Create", "VolumeDriver.Remove", "VolumeDriver.Mount",
                "VolumeDriver.Unmount", "VolumeDriver.Get", "VolumeDriver.Path")) {
            PluginClient.Response response = docker.post(endpoint, "");
            assertEquals(200, response.status(), endpoint);
            assertTrue(response.err().contains("empty body"), endpoint + ": " + response.err());
        }
        JsonNode volumes = docker.call("VolumeDriver.List", "{}").json().get("Volumes");
        assertEquals(1, volumes.size());
        assertEquals(0, docker.call("VolumeDriver.Get", "{\"Name\":\"kept\"}").json().at("/Volume/Status/refs").asInt());
    }

    @Test
    void malformedBodiesGetACleanErr() throws IOException {
        assertTrue(docker.post("VolumeDriver.Create", "{\"Name\":").err().contains("not valid JSON"));
        assertTrue(docker.post("VolumeDriver.Create", "[1,2]").err().contains("must be a JSON object"));
        assertTrue(docker.call("VolumeDriver.Create", "{\"Name\":42}").err().contains("Name must be a string"));
        assertTrue(docker.call("VolumeDriver.Create", "{\"Name\":\"x\",\"Opts\":{\"user\":1}}").err().contains("must be a string"));
        assertTrue(docker.call("VolumeDriver.Mount", "{\"Name\":\"x\"}").err().contains("no ID"));
        assertTrue(docker.call("VolumeDriver.List", "{}").json().get("Volumes").isEmpty());
    }

    @Test
    void keysAreMatchedWithoutRegardToCaseAsGoDoes() throws IOException {
        assertEquals("", docker.call("VolumeDriver.Create", "{\"name\":\"lower\",\"opts\":{\"subdirs\":\"x\"}}").err());
        assertEquals("lower", docker.call("VolumeDriver.Get", "{\"NAME\":\"lower\"}").json().at("/Volume/Name").asText());
    }

    @Test
    void badNamesAndUnknownOptionsAreRefusedWithWhatIsAllowed() throws IOException {
        for (String name : List.of("a/b", "..", "../evil", "", "-x", "bad\\u0000name", "\\u00e9t\\u00e9", "x".repeat(256))) {
            PluginClient.Response response = docker.call("VolumeDriver.Create", "{\"Name\":\"" + name + "\"}");
            assertFalse(response.err().isEmpty(), name);
        }
        String unknown = docker.call("VolumeDriver.Create", "{\"Name\":\"ok\",\"Opts\":{\"sise\":\"1\"}}").err();
        assertTrue(unknown.contains("unknown option 'sise'") && unknown.contains("subdirs"), unknown);
        String quobyteOnly = docker.call("VolumeDriver.Create", "{\"Name\":\"ok\",\"Opts\":{\"tenant_id\":\"t\"}}").err();
        assertTrue(quobyteOnly.contains("does not apply to the local backend"), quobyteOnly);
        assertTrue(docker.call("VolumeDriver.List", "{}").json().get("Volumes").isEmpty());
        assertEquals(List.of(), List.of(tmp.resolve("volumes").toFile().list()));
    }

    @Test
    void sameIdMountedTwiceNeedsTwoUnmounts() throws IOException {
        docker.call("VolumeDriver.Create", "{\"Name\":\"cp\"}");
        String mount = "{\"Name\":\"cp\",\"ID\":\"" + ID1 + "\"}";
        docker.call("VolumeDriver.Mount", mount);
        docker.call("VolumeDriver.Mount", mount);
        assertEquals(2, refs("cp"));
        docker.call("VolumeDriver.Unmount", mount);
        assertEquals(1, refs("cp"));
        docker.call("VolumeDriver.Unmount", mount);
        assertEquals(0, refs("cp"));
        assertTrue(docker.call("VolumeDriver.Unmount", mount).err().contains("no mount with ID"));
    }

    @Test
    void removeIsRefusedWhileInUseNamingTheMountIds() throws IOException {
        docker.call("VolumeDriver.Create", "{\"Name\":\"busy\"}");
        docker.call("VolumeDriver.Mount", "{\"Name\":\"busy\",\"ID\":\"" + ID1 + "\"}");
        docker.call("VolumeDriver.Mount", "{\"Name\":\"busy\",\"ID\":\"" + ID2 + "\"}");
        String err = docker.call("VolumeDriver.Remove", "{\"Name\":\"busy\"}").err();
        assertTrue(err.contains("in use") && err.contains(ID1.substring(0, 12)) && err.contains(ID2.substring(0, 12)), err);
        assertEquals(2, refs("busy"));
    }

    @Test
    void oversizedBodyIsRefusedBeforeItIsRead() throws IOException {
        int declared = PluginHandler.MAX_BODY + 1;
        PluginClient.Response response = docker.raw(("POST /VolumeDriver.Create HTTP/1.1\r\nHost: \r\nContent-Length: "
                + declared + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        assertEquals(200, response.status());
        assertTrue(response.err().contains(declared + " bytes; at most " + PluginHandler.MAX_BODY), response.err());
        assertTrue(daemon.service().list().isEmpty());
    }

    @Test
    void unknownPathsAndMethodsGetJsonErrors() throws IOException {
        PluginClient.Response unknown = docker.call("VolumeDriver.Frobnicate", "{}");
        assertEquals(404, unknown.status());
        assertTrue(unknown.err().contains("unknown endpoint"));
        PluginClient.Response get = docker.raw("GET /VolumeDriver.List HTTP/1.1\r\nHost: \r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        assertEquals(405, get.status());
        assertTrue(get.err().contains("POST"));
    }

    @Test
    void garbageHttpIsAnsweredWithJsonNotHtml() throws IOException {
        PluginClient.Response response = docker.raw("NONSENSE\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        assertEquals(400, response.status());
        assertTrue(response.err().startsWith("HTTP 400"), response.body());
    }

    @Test
    void socketIsMode0660AndRemovedAtStop() throws Exception {
        Path socket = daemon.config().pluginSocket();
        assertEquals("rw-rw----", PosixFilePermissions.toString(Files.getPosixFilePermissions(socket, LinkOption.NOFOLLOW_LINKS)));
        docker.close();
        daemon.stop();
        assertFalse(Files.exists(socket, LinkOption.NOFOLLOW_LINKS));
        daemon.start(); // for @AfterEach
        docker = new PluginClient(socket);
    }

    @Test
    void staleSocketFromACrashIsReplacedButALiveOneIsLeftAlone() throws Exception {
        Path socket = daemon.config().pluginSocket();
        Daemon second = new Daemon(new DaemonConfig("qdtest", tmp.resolve("plugins"), "root", tmp.resolve("state2"),
                tmp.resolve("volumes2"), Duration.ofSeconds(5), null, tmp.resolve("spec"), null, tmp.resolve("run2"),
                tmp.resolve("admin2.sock"), "root", tmp.resolve("docker.sock"), false));
        Exception refused = assertThrows(Exception.class, second::start);
        assertTrue(refused.getMessage().contains("served by a running process"), refused.getMessage());
        assertEquals(200, docker.post("Plugin.Activate", "").status());

        docker.close();
        daemon.stop();
        // A socket file nobody listens on, as a killed daemon leaves it.
        try (ServerSocketChannel dead = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            dead.bind(UnixDomainSocketAddress.of(socket));
        }
        assertTrue(Files.exists(socket, LinkOption.NOFOLLOW_LINKS));
        daemon.start();
        docker = new PluginClient(socket);
        assertEquals(200, docker.post("Plugin.Activate", "").status());
    }

    @Test
    void tcpAddressIsAnnouncedInASpecFileRemovedAtStop() throws Exception {
        Daemon tcp = new Daemon(new DaemonConfig("qdtcp", tmp.resolve("plugins"), "root", tmp.resolve("state-tcp"),
                tmp.resolve("volumes-tcp"), Duration.ofSeconds(5), "127.0.0.1:0", tmp.resolve("spec"), null,
                tmp.resolve("run-tcp"), tmp.resolve("admin-tcp.sock"), "root", tmp.resolve("docker.sock"), false));
        tcp.start();
        Path spec = tmp.resolve("spec/qdtcp.spec");
        try {
            String url = Files.readString(spec).strip();
            assertTrue(url.matches("tcp://127\\.0\\.0\\.1:\\d+"), url);
            java.net.URI uri = java.net.URI.create(url);
            PluginClient.Response response;
            try (PluginClient overTcp = new PluginClient(new java.net.InetSocketAddress(uri.getHost(), uri.getPort()))) {
                response = overTcp.post("Plugin.Activate", "");
            }
            assertEquals("{\"Implements\":[\"VolumeDriver\"]}", response.body());
        } finally {
            tcp.stop();
        }
        assertFalse(Files.exists(spec));
    }

    @Test
    void tlsAddressIsAnnouncedInAJsonSpecWithTheCaFile() throws Exception {
        Path keystore = tmp.resolve("server.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-keyalg", "EC", "-alias", "quodock", "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1",
                "-storetype", "PKCS12", "-keystore", keystore.toString(), "-storepass", "s3cret-pass", "-validity", "2")
                .redirectErrorStream(true).start();
        assertEquals(0, keytool.waitFor());
        Path ca = tmp.resolve("ca.pem");
        Daemon tls = new Daemon(new DaemonConfig("qdtls", tmp.resolve("plugins"), "root", tmp.resolve("state-tls"),
                tmp.resolve("volumes-tls"), Duration.ofSeconds(5), "127.0.0.1:0", tmp.resolve("spec"),
                new DaemonConfig.Tls(keystore, "s3cret-pass", ca), tmp.resolve("run-tls"), tmp.resolve("admin-tls.sock"),
                "root", tmp.resolve("docker.sock"), false));
        tls.start();
        Path spec = tmp.resolve("spec/qdtls.json");
        try {
            JsonNode json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(spec.toFile());
            assertTrue(json.get("Addr").asText().matches("https://127\\.0\\.0\\.1:\\d+"), json.toString());
            assertEquals(ca.toString(), json.at("/TLSConfig/CAFile").asText());
            assertFalse(Files.readString(spec).contains("s3cret"));

            java.net.URI uri = java.net.URI.create(json.get("Addr").asText());
            javax.net.ssl.SSLContext trustAll = javax.net.ssl.SSLContext.getInstance("TLS");
            trustAll.init(null, new javax.net.ssl.TrustManager[] {new javax.net.ssl.X509TrustManager() {
                @Override
                public void checkClientTrusted(java.security.cert.X509Certificate[] chain, String auth) {
                }

                @Override
                public void checkServerTrusted(java.security.cert.X509Certificate[] chain, String auth) {
                }

                @Override
                public java.security.cert.X509Certificate[] getAcceptedIssuers() {
                    return new java.security.cert.X509Certificate[0];
                }
            }}, null);
            try (java.net.Socket socket = trustAll.getSocketFactory().createSocket(uri.getHost(), uri.getPort())) {
                socket.getOutputStream().write("POST /Plugin.Activate HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                        .getBytes(StandardCharsets.US_ASCII));
                String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertTrue(answer.startsWith("HTTP/1.1 200") && answer.endsWith("{\"Implements\":[\"VolumeDriver\"]}"), answer);
            }
        } finally {
            tls.stop();
        }
        assertFalse(Files.exists(spec));
    }

    @Test
    void stateSurvivesARestartWithReferences() throws Exception {
        docker.call("VolumeDriver.Create", "{\"Name\":\"durable\"}");
        docker.call("VolumeDriver.Mount", "{\"Name\":\"durable\",\"ID\":\"" + ID1 + "\"}");
        docker.close();
        daemon.stop();
        daemon.start();
        docker = new PluginClient(daemon.config().pluginSocket());
        assertEquals(1, refs("durable"));
        assertEquals("", docker.call("VolumeDriver.Unmount", "{\"Name\":\"durable\",\"ID\":\"" + ID1 + "\"}").err());
        assertEquals(0, refs("durable"));
    }

    private int refs(String name) throws IOException {
        return docker.call("VolumeDriver.Get", "{\"Name\":\"" + name + "\"}").json().at("/Volume/Status/refs").asInt();
    }
}
