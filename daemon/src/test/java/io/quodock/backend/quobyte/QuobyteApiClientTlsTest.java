package io.quodock.backend.quobyte;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.eclipse.jetty.util.component.LifeCycle;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.quodock.backend.quobyte.QuobyteApiException.Kind;

/**
 * The client against the API double over https, with a self-signed certificate for 127.0.0.1 made by the JDK's
 * keytool: trusted through a PEM CA file, refused by the JVM's default trust store.
 */
class QuobyteApiClientTlsTest {

    private static final String STORE_PASSWORD = "changeit";

    @TempDir
    static Path keys;

    @TempDir
    Path mountDir;

    private QuobyteApiDouble api;
    private QuobyteApiClient client;

    @BeforeAll
    static void makeServerCertificate() throws Exception {
        keytool("-genkeypair", "-alias", "api", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
                "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1", "-keystore", "server.p12",
                "-storetype", "PKCS12", "-storepass", STORE_PASSWORD);
        keytool("-exportcert", "-rfc", "-alias", "api", "-keystore", "server.p12", "-storepass", STORE_PASSWORD,
                "-file", "ca.pem");
    }

    @BeforeEach
    void startHttpsDouble() throws Exception {
        SslContextFactory.Server tls = new SslContextFactory.Server();
        tls.setKeyStorePath(keys.resolve("server.p12").toString());
        tls.setKeyStorePassword(STORE_PASSWORD);
        api = new QuobyteApiDouble(0, "admin", "quobyte", mountDir, tls);
        api.start();
        api.addTenant("tenant-id", "tenant-a");
    }

    @AfterEach
    void stop() {
        LifeCycle.stop(client);
        LifeCycle.stop(api);
    }

    @Test
    void httpsWorksWithTheServersCaFromAPemFile() throws Exception {
        client = started(config(api.url()).withCaFile(keys.resolve("ca.pem")));

        assertEquals("tenant-id", client.resolveTenantName("tenant-a"));
    }

    @Test
    void anUntrustedCertificateIsATlsFailureThatSaysWhatToCheck() throws Exception {
        client = started(config(api.url()));

        QuobyteApiException e = assertThrows(QuobyteApiException.class, () -> client.resolveTenantName("tenant-a"));

        assertEquals(Kind.TLS, e.kind(), e.getMessage());
        assertTrue(e.getMessage().startsWith("TLS with the Quobyte API at " + api.url() + " failed ("),
                e.getMessage());
        assertTrue(e.getMessage().contains("signed by a trusted CA (the JVM's, or the given CA file)"),
                e.getMessage());
    }

    @Test
    void httpsAgainstAPlainHttpServiceIsATlsFailure() throws Exception {
        try (QuobyteApiDouble plain = new QuobyteApiDouble("admin", "quobyte", mountDir)) {
            plain.start();
            URI wrongScheme = URI.create(plain.url().toString().replace("http:", "https:"));
            client = started(config(wrongScheme).withCaFile(keys.resolve("ca.pem")));

            QuobyteApiException e = assertThrows(QuobyteApiException.class, () -> client.resolveTenantName("t"));

            assertEquals(Kind.TLS, e.kind(), e.getMessage());
        }
    }

    @Test
    void aCaFileWithoutCertificatesFailsTheStartAndNamesTheFile() throws Exception {
        Path notPem = Files.writeString(keys.resolve("not.pem"), "this is not a certificate\n");
        client = new QuobyteApiClient(config(api.url()).withCaFile(notPem));

        Exception e = assertThrows(Exception.class, client::start);

        assertTrue(e.getMessage().startsWith("CA file " + notPem + " "), e.getMessage());
    }

    private static QuobyteApiConfig config(URI url) {
        return QuobyteApiConfig.of(url, "admin", "quobyte").withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(5));
    }

    private static QuobyteApiClient started(QuobyteApiConfig config) throws Exception {
        QuobyteApiClient started = new QuobyteApiClient(config);
        started.start();
        return started;
    }

    private static void keytool(String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).directory(keys.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "keytool did not finish");
        assertEquals(0, process.exitValue(), "keytool " + String.join(" ", args) + ": " + output);
    }
}
