package io.quodock.backend.quobyte;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;

import org.junit.jupiter.api.Test;

class QuobyteApiConfigTest {

    @Test
    void aUrlWithoutSchemeIsRefusedWithAnExample() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> QuobyteApiConfig.parseUrl("quobyte-api:7860"));

        assertEquals("Quobyte API URL 'quobyte-api:7860' is not an http:// or https:// URL with a host: use e.g."
                + " http://quobyte-api:7860 (-api or QUOBYTE_API_URL)", e.getMessage());
    }

    @Test
    void anIpAndPortWithoutSchemeIsRefusedToo() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> QuobyteApiConfig.parseUrl("10.0.0.1:7860"));

        assertTrue(e.getMessage().startsWith("Quobyte API URL '10.0.0.1:7860' is not a URL"), e.getMessage());
    }

    @Test
    void httpAndHttpsUrlsAreAccepted() {
        assertEquals(URI.create("http://quobyte-api:7860"), QuobyteApiConfig.parseUrl(" http://quobyte-api:7860 "));
        assertEquals(URI.create("https://10.0.0.1:7860/"), QuobyteApiConfig.parseUrl("https://10.0.0.1:7860/"));
    }

    @Test
    void credentialsInTheUrlAreRefusedWithoutRepeatingThem() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> QuobyteApiConfig.parseUrl("http://admin:hunter2@quobyte-api:7860"));

        assertFalse(e.getMessage().contains("hunter2"), e.getMessage());
        assertTrue(e.getMessage().contains("-user and -password"), e.getMessage());
    }

    @Test
    void toStringHidesThePassword() {
        QuobyteApiConfig config = QuobyteApiConfig.of(URI.create("http://api:7860"), "admin", "hunter2");

        assertFalse(config.toString().contains("hunter2"), config.toString());
        assertTrue(config.toString().contains("user=admin"), config.toString());
    }

    @Test
    void defaultTimeoutsStayWellUnderDockersSixtySeconds() {
        QuobyteApiConfig config = QuobyteApiConfig.of(URI.create("http://api:7860"), "admin", "quobyte");

        assertEquals(Duration.ofSeconds(5), config.connectTimeout());
        assertEquals(Duration.ofSeconds(20), config.requestTimeout());
    }

    @Test
    void aZeroTimeoutIsRefused() {
        QuobyteApiConfig config = QuobyteApiConfig.of(URI.create("http://api:7860"), "admin", "quobyte");

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> config.withTimeouts(Duration.ZERO, Duration.ofSeconds(1)));

        assertEquals("Quobyte API connect timeout must be positive, got PT0S", e.getMessage());
    }
}
