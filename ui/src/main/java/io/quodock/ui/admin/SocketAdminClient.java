package io.quodock.ui.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.InputStreamResponseListener;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.io.Transport;

/** {@link AdminClient} over the admin socket, with Jetty's HTTP client on the JDK's Unix-domain sockets. */
public final class SocketAdminClient implements AdminClient {
    /** Longer than the daemon's bound on one volume change, so its own timeout answers first. */
    private static final Duration REQUEST_TIMEOUT = Duration.ofMinutes(5);
    /** Three of the event stream's keepalives. */
    private static final Duration EVENTS_IDLE_TIMEOUT = Duration.ofSeconds(45);

    private final Path socket;
    private final HttpClient http = new HttpClient();
    private final ObjectMapper json = new ObjectMapper();

    public SocketAdminClient(Path socket) {
        this.socket = socket;
        http.setName("quodock-console-client");
        try {
            http.start();
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the HTTP client: " + e.getMessage(), e);
        }
    }

    @Override
    public Path socket() {
        return socket;
    }

    @Override
    public DaemonState state() {
        return AdminJson.state(send(request("GET", "/v1/state")));
    }

    @Override
    public VolumeInfo volume(String name) {
        return AdminJson.volume(send(request("GET", volumePath(name))));
    }

    @Override
    public VolumeInfo create(String name, Map<String, String> options) {
        ObjectNode body = json.createObjectNode().put("name", name);
        ObjectNode opts = body.putObject("options");
        options.forEach(opts::put);
        return AdminJson.volume(send(withBody(request("POST", "/v1/volumes"), body)));
    }

    @Override
    public void remove(String name) {
        send(request("DELETE", volumePath(name)));
    }

    @Override
    public VolumeInfo setFixedUser(String name, String user, String group) {
        ObjectNode body = json.createObjectNode().put("user", user);
        if (group != null) {
            body.put("group", group);
        }
        return AdminJson.volume(send(withBody(request("PUT", volumePath(name) + "/fixed-user"), body)));
    }

    @Override
    public VolumeInfo clearFixedUser(String name) {
        return AdminJson.volume(send(request("DELETE", volumePath(name) + "/fixed-user")));
    }

    @Override
    public void events(EventSink sink) {
        requireSocket();
        InputStreamResponseListener listener = new InputStreamResponseListener();
        request("GET", "/v1/events")
                .timeout(0, TimeUnit.MILLISECONDS)
                .idleTimeout(EVENTS_IDLE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                .send(listener);
        Response response = await(listener);
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(listener.getInputStream(), StandardCharsets.UTF_8))) {
            if (response.getStatus() != 200) {
                throw error(response.getStatus(), String.join("", reader.lines().toList()));
            }
            sink.opened();
            String type = null;
            StringBuilder data = new StringBuilder();
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (line.isEmpty()) {
                    if (type != null && !deliver(sink, type, data.toString())) {
                        return;
                    }
                    type = null;
                    data.setLength(0);
                } else if (line.startsWith("event: ")) {
                    type = line.substring(7);
                } else if (line.startsWith("data: ")) {
                    data.append(line, 6, line.length());
                }
            }
        } catch (IOException e) {
            throw new DaemonUnreachableException(socket, "event stream broke: " + e.getMessage());
        } finally {
            response.abort(new IOException("event stream closed by the console"));
        }
    }

    @Override
    public void close() {
        try {
            http.stop();
        } catch (Exception e) {
            // Nothing left that the caller could release.
        }
    }

    private boolean deliver(EventSink sink, String type, String data) throws IOException {
        DaemonEvent event = AdminJson.event(type, data.isEmpty() ? json.createObjectNode() : json.readTree(data));
        return event == null || sink.accept(event);
    }

    private static String volumePath(String name) {
        return "/v1/volumes/" + URLEncoder.encode(name, StandardCharsets.UTF_8);
    }

    private Request request(String method, String path) {
        return http.newRequest("http://localhost" + path)
                .method(method)
                .transport(new Transport.TCPUnix(socket))
                .timeout(REQUEST_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }

    private Request withBody(Request request, JsonNode body) {
        try {
            return request.body(new BytesRequestContent("application/json", json.writeValueAsBytes(body)));
        } catch (IOException e) {
            throw new IllegalArgumentException("request body not serializable: " + e.getMessage(), e);
        }
    }

    private JsonNode send(Request request) {
        requireSocket();
        ContentResponse response;
        try {
            response = request.send();
        } catch (ExecutionException e) {
            throw unreachable(e.getCause());
        } catch (TimeoutException e) {
            throw new DaemonUnreachableException(socket, "no answer within " + REQUEST_TIMEOUT.toSeconds() + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DaemonUnreachableException(socket, "interrupted");
        }
        if (response.getStatus() >= 300) {
            throw error(response.getStatus(), response.getContentAsString());
        }
        try {
            return json.readTree(response.getContent());
        } catch (IOException e) {
            throw new AdminException("internal", "the daemon's answer is not JSON: " + e.getMessage());
        }
    }

    private Response await(InputStreamResponseListener listener) {
        try {
            return listener.get(REQUEST_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw unreachable(e.getCause());
        } catch (TimeoutException e) {
            throw new DaemonUnreachableException(socket, "no answer within " + REQUEST_TIMEOUT.toSeconds() + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DaemonUnreachableException(socket, "interrupted");
        }
    }

    private void requireSocket() {
        if (!Files.exists(socket)) {
            throw new DaemonUnreachableException(socket, "no such socket");
        }
    }

    private AdminException error(int status, String body) {
        try {
            JsonNode node = json.readTree(body);
            if (node != null && node.hasNonNull("error")) {
                return new AdminException(node.path("kind").asText("unknown"), node.path("error").asText());
            }
        } catch (IOException e) {
            // not JSON: the raw text below
        }
        return new AdminException("unknown", "HTTP " + status + ": " + body.strip());
    }

    private DaemonUnreachableException unreachable(Throwable cause) {
        String reason = cause == null || cause.getMessage() == null
                ? (cause == null ? "unknown error" : cause.getClass().getSimpleName())
                : cause.getMessage();
        return new DaemonUnreachableException(socket, reason);
    }
}
