package io.quodock.ui.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quodock.client.AdminException;
import io.quodock.client.ServerSentEvent;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

/**
 * {@link AdminClient} over the admin socket: the daemon's own client ({@link io.quodock.client.AdminClient},
 * which the quodock commands use too) for the HTTP, {@link AdminJson} for the records.
 */
public final class SocketAdminClient implements AdminClient {
    private final io.quodock.client.AdminClient http;
    private final ObjectMapper json = new ObjectMapper();

    public SocketAdminClient(Path socket) {
        http = new io.quodock.client.AdminClient(socket);
    }

    @Override
    public Path socket() {
        return http.socket();
    }

    @Override
    public DaemonState state() {
        return AdminJson.state(http.get("/v1/state"));
    }

    @Override
    public VolumeInfo volume(String name) {
        return AdminJson.volume(http.get(volumePath(name)));
    }

    @Override
    public VolumeInfo create(String name, Map<String, String> options) {
        ObjectNode body = json.createObjectNode().put("name", name);
        ObjectNode opts = body.putObject("options");
        options.forEach(opts::put);
        return AdminJson.volume(http.call("POST", "/v1/volumes", body));
    }

    @Override
    public void remove(String name) {
        http.call("DELETE", volumePath(name), null);
    }

    @Override
    public VolumeInfo setFixedUser(String name, String user, String group) {
        ObjectNode body = json.createObjectNode().put("user", user);
        if (group != null) {
            body.put("group", group);
        }
        return AdminJson.volume(http.call("PUT", volumePath(name) + "/fixed-user", body));
    }

    @Override
    public VolumeInfo clearFixedUser(String name) {
        return AdminJson.volume(http.call("DELETE", volumePath(name) + "/fixed-user", null));
    }

    @Override
    public void events(EventSink sink) {
        http.events(sink::opened, event -> {
            DaemonEvent parsed = AdminJson.event(event.event(), data(event));
            return parsed == null || sink.accept(parsed);
        });
    }

    @Override
    public void close() {
        http.close();
    }

    private JsonNode data(ServerSentEvent event) {
        if (event.data().isEmpty()) {
            return json.createObjectNode();
        }
        try {
            return json.readTree(event.data());
        } catch (IOException e) {
            throw new AdminException(200, "internal", "the daemon sent an event that is not JSON: " + e.getMessage());
        }
    }

    private static String volumePath(String name) {
        return "/v1/volumes/" + URLEncoder.encode(name, StandardCharsets.UTF_8);
    }
}
