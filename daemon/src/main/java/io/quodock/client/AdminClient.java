package io.quodock.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.InputStreamResponseListener;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.io.Transport;

/**
 * Talks to the daemon's admin API over its Unix socket (Jetty's HTTP client on the JDK's Unix-domain
 * sockets). Answers come back as JSON trees; an error answer is an {@link AdminException}, a daemon
 * that cannot be reached a {@link DaemonUnreachableException} naming the socket.
 */
public final class AdminClient implements AutoCloseable {
    /** Longer than the daemon's bound on one volume change, so its own timeout answers first. */
    private static final Duration REQUEST_TIMEOUT = Duration.ofMinutes(5);
    /** Three of the event stream's keepalives. */
    private static final Duration EVENTS_IDLE_TIMEOUT = Duration.ofSeconds(45);

    private final Path socket;
    private final HttpClient http = new HttpClient();
    private final ObjectMapper json = new ObjectMapper();

    public AdminClient(Path socket) {
        this.socket = socket;
        http.setName("quodock-admin-client");
        try {
            http.start();
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the HTTP client: " + e.getMessage(), e);
        }
    }

    public Path socket() {
        return socket;
    }

    public JsonNode get(String path) {
        return send(request("GET", path));
    }

    /** Sends {@code body} (may be null) with {@code method} and returns the answer. */
    public JsonNode call(String method, String path, JsonNode body) {
        Request request = request(method, path);
        if (body != null) {
            try {
                request.body(new BytesRequestContent("application/json", json.writeValueAsBytes(body)));
            } catch (IOException e) {
                throw new IllegalArgumentException("request body not serializable: " + e.getMessage(), e);
            }
        }
        return send(request);
    }

    /** A text resource, such as {@code /metrics}. */
    public String text(String path) {
        ContentResponse response = exchange(request("GET", path));
        requireSuccess(response);
        return response.getContentAsString();
    }

    /**
     * Follows {@code GET /v1/events}, handing each event to {@code sink} until the sink returns false
     * or the daemon ends the stream (it stops).
     */
    public void events(Predicate<ServerSentEvent> sink) {
        events(() -> { }, sink);
    }

    /**
     * As {@link #events(Predicate)}, and runs {@code subscribed} once the daemon has accepted the
     * subscription, before the first event: from then on no change is missed, so a client that reads
     * the state there (the console) sees every later change as an event.
     */
    public void events(Runnable subscribed, Predicate<ServerSentEvent> sink) {
        requireSocket();
        InputStreamResponseListener listener = new InputStreamResponseListener();
        request("GET", "/v1/events")
                .timeout(0, TimeUnit.MILLISECONDS)
                .idleTimeout(EVENTS_IDLE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                .send(listener);
        Response response;
        try {
            response = listener.get(REQUEST_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw unreachable(e.getCause());
        } catch (TimeoutException e) {
            throw new DaemonUnreachableException(socket, "no answer within " + REQUEST_TIMEOUT.toSeconds() + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DaemonUnreachableException(socket, "interrupted");
        }
        try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(listener.getInputStream(), StandardCharsets.UTF_8))) {
            if (response.getStatus() != 200) {
                throw error(response.getStatus(), reader.lines().reduce("", String::concat));
            }
            subscribed.run();
            String id = null;
            String event = null;
            StringBuilder data = new StringBuilder();
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (line.isEmpty()) {
                    if (event != null && !sink.test(new ServerSentEvent(id, event, data.toString()))) {
                        return;
                    }
                    id = null;
                    event = null;
                    data.setLength(0);
                } else if (line.startsWith("id: ")) {
                    id = line.substring(4);
                } else if (line.startsWith("event: ")) {
                    event = line.substring(7);
                } else if (line.startsWith("data: ")) {
                    data.append(line.substring(6));
                }
            }
        } catch (IOException e) {
            throw new DaemonUnreachableException(socket, "event stream broke: " + e.getMessage());
        } finally {
            response.abort(new IOException("event stream closed by the client"));
        }
    }

    @Override
    public void close() {
        try {
            http.stop();
        } catch (Exception e) {
            // Nothing left to release that matters to the caller.
        }
    }

    private Request request(String method, String path) {
        return http.newRequest("http://localhost" + path)
                .method(method)
                .transport(new Transport.TCPUnix(socket))
                .timeout(REQUEST_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }

    private JsonNode send(Request request) {
        ContentResponse response = exchange(request);
        requireSuccess(response);
        try {
            return json.readTree(response.getContent());
        } catch (IOException e) {
            throw new AdminException(response.getStatus(), "internal", "the daemon's answer is not JSON: " + e.getMessage());
        }
    }

    private void requireSocket() {
        if (!Files.exists(socket)) {
            throw new DaemonUnreachableException(socket, "no such socket");
        }
    }

    private ContentResponse exchange(Request request) {
        requireSocket();
        try {
            return request.send();
        } catch (ExecutionException e) {
            throw unreachable(e.getCause());
        } catch (TimeoutException e) {
            throw new DaemonUnreachableException(socket, "no answer within " + REQUEST_TIMEOUT.toSeconds() + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DaemonUnreachableException(socket, "interrupted");
        }
    }

    private void requireSuccess(ContentResponse response) {
        if (response.getStatus() >= 300) {
            throw error(response.getStatus(), response.getContentAsString());
        }
    }

    private AdminException error(int status, String body) {
        try {
            JsonNode node = json.readTree(body);
            if (node != null && node.hasNonNull("error")) {
                return new AdminException(status, node.path("kind").asText("unknown"), node.path("error").asText());
            }
        } catch (IOException e) {
            // not JSON: fall through to the raw text
        }
        return new AdminException(status, "unknown", "HTTP " + status + ": " + body.strip());
    }

    /** The innermost cause says it best: "Connection refused" (a stale socket), "Permission denied" (its mode). */
    private DaemonUnreachableException unreachable(Throwable failure) {
        Throwable root = failure;
        while (root != null && root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String reason = root == null ? "unknown error" : root.getMessage();
        return new DaemonUnreachableException(socket, reason == null ? root.getClass().getSimpleName() : reason);
    }
}
