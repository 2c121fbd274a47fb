package io.quodock.backend.quobyte;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * Where and how to reach the Quobyte management API.
 *
 * <p>The password is never part of {@link #toString()}, so a config can be logged as it is.
 *
 * @param url            the API service URL, posted to exactly as given ({@code http://host:7860})
 * @param user           the API user for HTTP Basic authentication
 * @param password       the API user's password
 * @param connectTimeout how long to wait for the TCP (and TLS) connection
 * @param requestTimeout how long one call may take in total, connecting included
 * @param caFile         a PEM file with the CA certificate(s) to trust for {@code https}, or {@code null} for the
 *                       JVM's default trust store
 */
public record QuobyteApiConfig(
        URI url, String user, String password, Duration connectTimeout, Duration requestTimeout, Path caFile) {

    /** Well under Docker's 60 s, so a dead API host is reported before Docker gives up. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);

    /** Well under Docker's 60 s (120 s for Create), leaving time for the work around the call. */
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(20);

    private static final String URL_HINT = "use e.g. http://quobyte-api:7860 (-api or QUOBYTE_API_URL)";

    /** Checks the URL and the timeouts; see {@link #parseUrl(String)} for what a URL must look like. */
    public QuobyteApiConfig {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        checkUrl(url);
        requirePositive("connect timeout", connectTimeout);
        requirePositive("request timeout", requestTimeout);
    }

    /** A config with the default timeouts and the JVM's default trust store. */
    public static QuobyteApiConfig of(URI url, String user, String password) {
        return new QuobyteApiConfig(url, user, password, DEFAULT_CONNECT_TIMEOUT, DEFAULT_REQUEST_TIMEOUT, null);
    }

    /**
     * Parses an API URL given by a user. It must be {@code http://} or {@code https://} with a host: the original
     * plugin accepted {@code host:7860} and then failed on every call (quobyte/docker-volume#15), so that is refused
     * here, as is a {@code user:password@} part, which would put the password into every message that shows the URL.
     *
     * @throws IllegalArgumentException with a message that says what is wrong and what to write instead
     */
    public static URI parseUrl(String text) {
        URI url;
        try {
            url = new URI(text.strip());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(
                    "Quobyte API URL '" + text + "' is not a URL (" + e.getReason() + "): " + URL_HINT, e);
        }
        checkUrl(url);
        return url;
    }

    /** This config with other timeouts. */
    public QuobyteApiConfig withTimeouts(Duration connect, Duration request) {
        return new QuobyteApiConfig(url, user, password, connect, request, caFile);
    }

    /** This config trusting the CA certificate(s) in the given PEM file instead of the JVM's trust store. */
    public QuobyteApiConfig withCaFile(Path pemFile) {
        return new QuobyteApiConfig(url, user, password, connectTimeout, requestTimeout, pemFile);
    }

    @Override
    public String toString() {
        return "QuobyteApiConfig[url=" + url + ", user=" + user + ", password=(hidden), connectTimeout="
                + connectTimeout + ", requestTimeout=" + requestTimeout + ", caFile=" + caFile + "]";
    }

    private static void checkUrl(URI url) {
        if (url.getRawUserInfo() != null) {
            // The URL itself is not echoed: it holds the password.
            throw new IllegalArgumentException("Quobyte API URL must not contain user:password@: give the user and"
                    + " password with -user and -password (or QUOBYTE_API_USER and QUOBYTE_API_PASSWORD)");
        }
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || url.getHost() == null) {
            throw new IllegalArgumentException(
                    "Quobyte API URL '" + url + "' is not an http:// or https:// URL with a host: " + URL_HINT);
        }
    }

    private static void requirePositive(String what, Duration value) {
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException("Quobyte API " + what + " must be positive, got " + value);
        }
    }
}
