package io.quodock.ui.admin;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads the admin API's JSON into the console's records; the one place that knows the wire format. */
final class AdminJson {
    private AdminJson() {
    }

    static DaemonState state(JsonNode root) {
        JsonNode daemon = root.path("daemon");
        JsonNode backend = daemon.path("backend");
        DaemonStatus status = new DaemonStatus(daemon.path("version").asText("?"), daemon.path("pid").asLong(),
                instant(daemon.path("startedAt")), daemon.path("driver").asText(""),
                daemon.path("pluginSocket").asText(""), backend.path("name").asText("?"),
                health(backend.path("healthy"), backend.path("health")),
                daemon.path("docker").path("reachable").asBoolean(false));
        List<VolumeInfo> volumes = new ArrayList<>();
        root.path("volumes").forEach(volume -> volumes.add(volume(volume)));
        return new DaemonState(status, volumes);
    }

    static VolumeInfo volume(JsonNode node) {
        List<VolumeInfo.MountInfo> mounts = new ArrayList<>();
        node.path("mounts").forEach(mount -> mounts.add(new VolumeInfo.MountInfo(mount.path("id").asText(),
                mount.path("count").asInt(), instant(mount.path("since")))));
        List<VolumeInfo.ContainerInfo> containers = null;
        if (node.has("containers")) {
            containers = new ArrayList<>();
            for (JsonNode container : node.path("containers")) {
                containers.add(new VolumeInfo.ContainerInfo(container.path("id").asText(),
                        container.path("name").asText(), container.path("state").asText()));
            }
        }
        return new VolumeInfo(node.path("name").asText(), node.path("backend").asText(""),
                node.path("mountpoint").asText(""), instant(node.path("createdAt")), text(node.path("owner")),
                strings(node.path("options")), strings(node.path("attributes")), mounts, containers, fixedUser(node));
    }

    /**
     * One server-sent event, or null for a type the console does not use.
     *
     * @param type the SSE {@code event:} field
     * @param data the SSE {@code data:} field, parsed
     */
    static DaemonEvent event(String type, JsonNode data) {
        Instant time = instant(data.path("time"));
        return switch (type) {
            case "removed" -> new DaemonEvent.VolumeRemoved(time, data.path("volume").asText());
            case "health-changed" -> new DaemonEvent.HealthChanged(time, health(null, data.path("health")));
            case "request" -> new DaemonEvent.PluginRequest(time, data.path("method").asText(),
                    text(data.path("volume")), data.path("outcome").asText(), data.path("latencyMicros").asLong());
            case "dropped" -> new DaemonEvent.Dropped();
            default -> data.has("state")
                    ? new DaemonEvent.VolumeChanged(time, type, volume(data.path("state")), text(data.path("mountId")))
                    : null;
        };
    }

    /**
     * {@code "fixedUser": {"current": {"user", "group"} or null, "next": ..., "pending", "method"}}, absent
     * for a volume without a mapping.
     */
    private static FixedUserInfo fixedUser(JsonNode node) {
        JsonNode mapping = node.path("fixedUser");
        if (!mapping.isObject()) {
            return FixedUserInfo.NONE;
        }
        return new FixedUserInfo(userAndGroup(mapping.path("current")), userAndGroup(mapping.path("next")));
    }

    private static String userAndGroup(JsonNode user) {
        return user.isObject() ? user.path("user").asText() + ":" + user.path("group").asText() : null;
    }

    private static DaemonStatus.Health health(JsonNode healthy, JsonNode facts) {
        Map<String, String> texts = strings(facts);
        boolean ok = healthy == null || healthy.isMissingNode()
                ? !texts.containsValue("false")
                : healthy.asBoolean();
        return new DaemonStatus.Health(ok, texts);
    }

    private static Map<String, String> strings(JsonNode object) {
        Map<String, String> map = new LinkedHashMap<>();
        object.properties().forEach(field -> map.put(field.getKey(), field.getValue().asText()));
        return map;
    }

    private static String text(JsonNode node) {
        return node.isMissingNode() || node.isNull() ? null : node.asText();
    }

    private static Instant instant(JsonNode node) {
        return node.isTextual() ? Instant.parse(node.asText()) : Instant.EPOCH;
    }
}
