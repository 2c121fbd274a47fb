package io.quodock.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quodock.docker.DockerContainer;
import io.quodock.docker.Reconciler;
import io.quodock.driver.FixedUser;
import io.quodock.driver.FixedUserMapping;
import io.quodock.driver.MountReferences;
import io.quodock.driver.Volume;
import io.quodock.driver.VolumeEvent;
import io.quodock.plugin.RequestEvent;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The admin API's JSON, written field by field so the wire format is explicit: volumes, events,
 * reconcile reports and errors. Every volume's options pass through {@link Redaction}.
 */
final class AdminJson {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private AdminJson() {
    }

    /**
     * A volume as the admin API shows it.
     *
     * @param containers Docker's containers that mount it, or null when Docker could not be asked
     */
    static ObjectNode volume(Volume volume, List<DockerContainer> containers) {
        ObjectNode node = NODES.objectNode();
        node.put("name", volume.name());
        node.put("mountpoint", volume.mountpoint());
        node.put("backend", volume.backend());
        node.put("createdAt", volume.createdAt().toString());
        String owner = volume.attributes().get("owner");
        if (owner != null) {
            node.put("owner", owner);
        }
        ObjectNode options = node.putObject("options");
        Redaction.options(volume.options()).forEach(options::put);
        ObjectNode attributes = node.putObject("attributes");
        new TreeMap<>(volume.attributes()).forEach(attributes::put);
        FixedUserMapping mapping = volume.fixedUser();
        if (mapping.method() != null) {
            ObjectNode fixedUser = node.putObject("fixedUser");
            fixedUser.set("current", fixedUser(mapping.current()));
            fixedUser.set("next", fixedUser(mapping.next()));
            fixedUser.put("pending", mapping.pending());
            fixedUser.put("method", mapping.method().wire());
        }
        node.put("refs", volume.mounts().total());
        ArrayNode mounts = node.putArray("mounts");
        volume.mounts().byId().forEach((id, ref) -> mounts.add(mount(id, ref)));
        if (containers != null) {
            ArrayNode users = node.putArray("containers");
            for (DockerContainer container : containers) {
                users.addObject().put("id", container.id()).put("name", container.name()).put("state", container.state());
            }
        }
        return node;
    }

    static ObjectNode volumeEvent(VolumeEvent event) {
        ObjectNode node = NODES.objectNode();
        node.put("type", event.type().wire());
        node.put("time", event.time().toString());
        if (event.name() != null) {
            node.put("volume", event.name());
        }
        if (event.mountId() != null) {
            node.put("mountId", event.mountId());
        }
        if (event.volume() != null) {
            node.set("state", volume(event.volume(), null));
        }
        if (event.type() == VolumeEvent.Type.HEALTH_CHANGED) {
            node.set("health", health(event.health()));
        }
        return node;
    }

    static ObjectNode requestEvent(RequestEvent event) {
        ObjectNode node = NODES.objectNode();
        node.put("type", "request");
        node.put("time", event.time().toString());
        node.put("method", event.method());
        if (event.volume() != null) {
            node.put("volume", event.volume());
        }
        node.put("outcome", event.outcome());
        node.put("latencyMicros", event.latencyMicros());
        return node;
    }

    static ObjectNode health(Map<String, Object> health) {
        ObjectNode node = NODES.objectNode();
        new TreeMap<>(health).forEach((key, value) -> {
            if (value instanceof Boolean flag) {
                node.put(key, flag);
            } else if (value instanceof Integer || value instanceof Long) {
                node.put(key, ((Number) value).longValue());
            } else if (value instanceof Number number) {
                node.put(key, number.doubleValue());
            } else {
                node.put(key, String.valueOf(value));
            }
        });
        return node;
    }

    static ObjectNode report(Reconciler.Report report) {
        ObjectNode node = NODES.objectNode();
        node.put("applied", report.applied());
        ArrayNode stale = node.putArray("stale");
        for (Reconciler.Stale one : report.stale()) {
            ObjectNode item = stale.addObject();
            item.put("volume", one.volume());
            ArrayNode mounts = item.putArray("mounts");
            new TreeMap<>(one.references()).forEach((id, ref) -> mounts.add(mount(id, ref)));
            ArrayNode dropped = item.putArray("dropped");
            one.dropped().stream().sorted().forEach(dropped::add);
        }
        ArrayNode inUse = node.putArray("inUse");
        for (Reconciler.InUse one : report.inUse()) {
            ObjectNode item = inUse.addObject();
            item.put("volume", one.volume());
            item.put("refs", one.refs());
            ArrayNode users = item.putArray("containers");
            for (DockerContainer container : one.containers()) {
                users.addObject().put("id", container.id()).put("name", container.name()).put("state", container.state());
            }
        }
        return node;
    }

    /** {@code {"user": ..., "group": ...}}, or JSON null for no mapping. */
    private static JsonNode fixedUser(FixedUser user) {
        return user == null ? NODES.nullNode() : NODES.objectNode().put("user", user.user()).put("group", user.group());
    }

    /** The body of every admin error: {@code {"error": "...", "kind": "..."}}. */
    static ObjectNode error(String message, String kind) {
        return NODES.objectNode().put("error", message).put("kind", kind);
    }

    private static ObjectNode mount(String id, MountReferences.Reference ref) {
        return NODES.objectNode().put("id", id).put("count", ref.count()).put("since", ref.since().toString());
    }
}
