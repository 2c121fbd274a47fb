package io.quodock.backend.quobyte;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

import javax.net.ssl.SSLException;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.eclipse.jetty.client.CompletableResponseListener;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.StringRequestContent;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.HttpStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.quodock.backend.quobyte.QuobyteApiException.Kind;

/**
 * One JSON-RPC 2.0 call per HTTP POST, the way Quobyte expects it: string ids, key order
 * {@code id, jsonrpc, method, params}, Basic authentication on every request. It is the one place that turns HTTP
 * and transport outcomes into {@link QuobyteApiException}s.
 */
final class JsonRpcChannel {

    private static final Logger LOG = LoggerFactory.getLogger(QuobyteApiClient.class);

    /** Big enough for a getVolumeList of tens of thousands of volumes; Jetty's default is 2 MiB. */
    private static final int MAX_RESPONSE_BYTES = 64 * 1024 * 1024;

    private static final ObjectMapper JSON =
            new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private static final String CREDENTIALS_HINT =
            "(-user/-password or QUOBYTE_API_USER/QUOBYTE_API_PASSWORD)";
    private static final String SERVICE_HINT =
            "check that -api (QUOBYTE_API_URL) points at the Quobyte API service (default port 7860)";

    private final HttpClient http;
    private final QuobyteApiConfig config;
    private final String authorization;
    private final AtomicLong lastId = new AtomicLong();

    JsonRpcChannel(HttpClient http, QuobyteApiConfig config) {
        this.http = http;
        this.config = config;
        this.authorization = "Basic " + Base64.getEncoder()
                .encodeToString((config.user() + ":" + config.password()).getBytes(UTF_8));
    }

    /** Calls {@code method} and returns its {@code result}, which is never null. */
    JsonNode call(String method, ObjectNode params) throws QuobyteApiException {
        ObjectNode envelope = JSON.createObjectNode();
        envelope.put("id", Long.toString(lastId.incrementAndGet()));
        envelope.put("jsonrpc", "2.0");
        envelope.put("method", method);
        envelope.set("params", params);

        Request request = http.newRequest(config.url())
                .method(HttpMethod.POST)
                .headers(headers -> headers
                        .put(HttpHeader.AUTHORIZATION, authorization)
                        .put(HttpHeader.ACCEPT, "application/json"))
                .body(new StringRequestContent("application/json", envelope.toString(), UTF_8))
                .timeout(config.requestTimeout().toMillis(), TimeUnit.MILLISECONDS);
        long start = System.nanoTime();
        try {
            JsonNode result = resultOf(method, send(method, request));
            LOG.debug("Quobyte API {} {} succeeded in {} ms", method, params, elapsedMillis(start));
            return result;
        } catch (QuobyteApiException e) {
            LOG.debug("Quobyte API {} {} failed in {} ms: {}", method, params, elapsedMillis(start), e.getMessage());
            throw e;
        }
    }

    private ContentResponse send(String method, Request request) throws QuobyteApiException {
        try {
            return new CompletableResponseListener(request, MAX_RESPONSE_BYTES).send().get();
        } catch (InterruptedException e) {
            request.abort(e);
            Thread.currentThread().interrupt();
            throw QuobyteApiException.failure(Kind.INTERRUPTED, method,
                    "interrupted while waiting for the Quobyte API at " + config.url() + " to answer " + method, e);
        } catch (ExecutionException e) {
            throw transportFailure(method, e.getCause());
        }
    }

    private QuobyteApiException transportFailure(String method, Throwable failure) {
        String at = "Quobyte API at " + config.url();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof TimeoutException) {
                return QuobyteApiException.failure(Kind.TIMEOUT, method, at + " did not answer " + method
                        + " within the request timeout of " + describe(config.requestTimeout()), failure);
            }
            if (t instanceof SocketTimeoutException) {
                return QuobyteApiException.failure(Kind.TIMEOUT, method, "could not connect to the " + at
                        + " within the connect timeout of " + describe(config.connectTimeout())
                        + ": check the host, the port and any firewall in between", failure);
            }
            if (t instanceof SSLException) {
                return QuobyteApiException.failure(Kind.TLS, method, "TLS with the " + at + " failed ("
                        + reason(t) + "): check that the service speaks https there, and that its certificate"
                        + " matches the host name and is signed by a trusted CA (the JVM's, or the given CA file)",
                        failure);
            }
            if (t instanceof UnknownHostException || t instanceof UnresolvedAddressException) {
                return QuobyteApiException.failure(Kind.UNREACHABLE, method, at + " is unreachable (unknown host '"
                        + config.url().getHost() + "'): check the host name in -api (QUOBYTE_API_URL)", failure);
            }
            if (t instanceof ConnectException || t instanceof NoRouteToHostException) {
                return QuobyteApiException.failure(Kind.UNREACHABLE, method, at + " is unreachable (" + reason(t)
                        + "): check that the Quobyte API service is running there and that -api (QUOBYTE_API_URL)"
                        + " is right", failure);
            }
        }
        Kind kind = failure instanceof IOException ? Kind.UNREACHABLE : Kind.PROTOCOL;
        return QuobyteApiException.failure(kind, method, "calling " + method + " on the " + at + " failed ("
                + reason(failure) + "): " + SERVICE_HINT + " and uses the right scheme (http or https)", failure);
    }

    private JsonNode resultOf(String method, ContentResponse response) throws QuobyteApiException {
        int status = response.getStatus();
        String at = "Quobyte API at " + config.url();
        JsonNode body = parse(response.getContent());
        boolean isJson = body != null && body.isObject();
        if (status == HttpStatus.UNAUTHORIZED_401 || status == HttpStatus.FORBIDDEN_403) {
            throw QuobyteApiException.failure(Kind.AUTH, method, at + " answered HTTP " + status
                    + (isJson ? "" : " (not JSON)") + ": check the API user ('" + config.user() + "') and password "
                    + CREDENTIALS_HINT, null);
        }
        if (!isJson) {
            throw QuobyteApiException.failure(Kind.NOT_JSON, method, at + " answered HTTP " + status + " with "
                    + describeBody(response) + " instead of JSON-RPC: " + SERVICE_HINT, null);
        }
        JsonNode error = body.get("error");
        if (error != null && !error.isNull()) {
            long code = error.path("code").asLong();
            String message = error.path("message").asText("");
            throw QuobyteApiException.rpcError(method, code, message.isEmpty() ? standardMessage(code) : message);
        }
        JsonNode result = body.get("result");
        if (result == null || result.isNull()) {
            throw QuobyteApiException.failure(Kind.PROTOCOL, method, at + " answered " + method + " (HTTP " + status
                    + ") with neither a result nor an error: " + SERVICE_HINT, null);
        }
        return result;
    }

    private static JsonNode parse(byte[] content) {
        try {
            return JSON.readTree(content);
        } catch (IOException notJson) {
            return null;
        }
    }

    private static String describeBody(ContentResponse response) {
        if (response.getContent().length == 0) {
            return "an empty body";
        }
        String type = response.getHeaders().get(HttpHeader.CONTENT_TYPE);
        if (type == null) {
            return "a body without content type";
        }
        int parameters = type.indexOf(';');
        return (parameters < 0 ? type : type.substring(0, parameters)).strip();
    }

    /** The names Quobyte's own Go client gives the standard codes when the message is empty. */
    private static String standardMessage(long code) {
        if (code == -32700) {
            return "ERROR_CODE_PARSE_ERROR";
        } else if (code == -32600) {
            return "ERROR_CODE_INVALID_REQUEST";
        } else if (code == -32601) {
            return "ERROR_CODE_METHOD_NOT_FOUND";
        } else if (code == -32603) {
            return "ERROR_CODE_JSON_ENCODING_FAILED";
        }
        return "JSON-RPC error " + code + " without a message";
    }

    private static String describe(Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + " s" : duration.toMillis() + " ms";
    }

    private static String reason(Throwable t) {
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    private static long elapsedMillis(long startNanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    }
}
