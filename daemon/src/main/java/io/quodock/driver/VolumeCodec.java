package io.quodock.driver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * A {@link Volume} as a state document, written field by field so the format is explicit and stable.
 * Fields added later are optional, so documents of earlier versions still load: {@code fixedUser} is
 * {@code {"method": "bindfs", "current": {"user": .., "group": ..}, "next": {..}}}, either mapping left
 * out when there is none, the whole field left out when there is no mapping at all.
 */
final class VolumeCodec {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private VolumeCodec() {
    }

    static ObjectNode encode(Volume volume) {
        ObjectNode node = NODES.objectNode();
        node.put("name", volume.name());
        node.put("backend", volume.backend());
        node.put("mountpoint", volume.mountpoint());
        node.put("createdAt", volume.createdAt().toString());
        ObjectNode options = node.putObject("options");
        new TreeMap<>(volume.options()).forEach(options::put);
        ObjectNode attributes = node.putObject("attributes");
        new TreeMap<>(volume.attributes()).forEach(attributes::put);
        ObjectNode mounts = node.putObject("mounts");
        volume.mounts().byId().forEach((id, ref) -> {
            ObjectNode one = mounts.putObject(id);
            one.put("count", ref.count());
            one.put("since", ref.since().toString());
        });
        FixedUserMapping mapping = volume.fixedUser();
        if (mapping.method() != null) {
            ObjectNode fixedUser = node.putObject("fixedUser");
            fixedUser.put("method", mapping.method().wire());
            putFixedUser(fixedUser, "current", mapping.current());
            putFixedUser(fixedUser, "next", mapping.next());
        }
        return node;
    }

    static Volume decode(JsonNode node) {
        Map<String, MountReferences.Reference> mounts = new LinkedHashMap<>();
        node.path("mounts").fields().forEachRemaining(e -> mounts.put(e.getKey(), new MountReferences.Reference(
                e.getValue().path("count").asInt(), Instant.parse(e.getValue().path("since").asText()))));
        return new Volume(
                text(node, "name"), text(node, "backend"), text(node, "mountpoint"),
                Instant.parse(text(node, "createdAt")),
                strings(node.path("options")), strings(node.path("attributes")),
                MountReferences.of(mounts), fixedUser(node.get("fixedUser")));
    }

    private static void putFixedUser(ObjectNode parent, String field, FixedUser mapping) {
        if (mapping != null) {
            ObjectNode node = parent.putObject(field);
            node.put("user", mapping.user());
            node.put("group", mapping.group());
        }
    }

    private static FixedUserMapping fixedUser(JsonNode node) {
        if (node == null) {
            return FixedUserMapping.NONE;
        }
        return new FixedUserMapping(fixedUserOrNull(node.get("current")), fixedUserOrNull(node.get("next")),
                FixedUser.Method.fromWire(text(node, "method")));
    }

    private static FixedUser fixedUserOrNull(JsonNode node) {
        return node == null ? null : new FixedUser(text(node, "user"), text(node, "group"));
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual()) {
            throw new IllegalArgumentException("volume document lacks text field '" + field + "'");
        }
        return value.asText();
    }

    private static Map<String, String> strings(JsonNode node) {
        Map<String, String> map = new TreeMap<>();
        node.fields().forEachRemaining(e -> map.put(e.getKey(), e.getValue().asText()));
        return map;
    }
}
