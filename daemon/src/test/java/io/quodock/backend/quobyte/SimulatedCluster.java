package io.quodock.backend.quobyte;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The state and the methods of the simulated Quobyte cluster behind {@link QuobyteApiDouble}: tenants and volumes in
 * memory, and one directory per volume name in the mount directory, standing in for the Quobyte client mount that
 * shows every volume as {@code <mount>/<name>}.
 *
 * <p>Error texts follow reference/quobyte.md sections 6 and 10. Unknown params are refused, as a protobuf-backed
 * server would, so that a misspelt key in a client shows up in tests instead of being silently ignored.
 */
final class SimulatedCluster {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private static final Map<String, Set<String>> KNOWN_PARAMS = Map.of(
            "createVolume", Set.of("name", "root_user_id", "root_group_id", "replica_device_ids",
                    "configuration_name", "access_mode", "tenant_id", "tenant_domain", "retry", "label"),
            "resolveVolumeName", Set.of("volume_name", "tenant_domain", "retry"),
            "deleteVolume", Set.of("volume_uuid", "retry"),
            "getVolumeList", Set.of("volume_uuid", "tenant_domain", "retry"),
            "resolveTenantName", Set.of("tenant_name", "tenant_id", "retry"));

    private static final Set<String> RETRY_POLICIES = Set.of("NEVER", "INTERACTIVE", "INFINITELY", "ONCE_PER_TARGET");

    private final Path mountDir;
    private final Map<String, SimulatedTenant> tenants = new LinkedHashMap<>();
    private final Map<String, SimulatedVolume> volumes = new LinkedHashMap<>();
    private String defaultTenantId;

    SimulatedCluster(Path mountDir) {
        this.mountDir = mountDir;
    }

    Path mountDir() {
        return mountDir;
    }

    synchronized SimulatedTenant addTenant(String id, String name) {
        SimulatedTenant tenant = new SimulatedTenant(id, name);
        tenants.put(id, tenant);
        return tenant;
    }

    synchronized void setDefaultTenant(String tenantId) {
        defaultTenantId = tenantId;
    }

    synchronized List<SimulatedTenant> tenants() {
        return List.copyOf(tenants.values());
    }

    synchronized List<SimulatedVolume> volumes() {
        return List.copyOf(volumes.values());
    }

    /** Creates a volume as {@code createVolume} would; for tests that need volumes made outside the client. */
    synchronized SimulatedVolume create(String tenantId, String name, String user, String group, String configuration)
            throws DoubleRpcError {
        if (name.isEmpty()) {
            throw DoubleRpcError.invalidArguments("No volume name given.");
        }
        if (name.contains("/") || name.contains("\0") || name.equals(".") || name.equals("..")) {
            throw DoubleRpcError.invalidArguments("Volume name '" + name + "' is not valid.");
        }
        SimulatedTenant tenant = tenant(tenantId);
        Optional<SimulatedVolume> existing = find(tenant.id(), name);
        if (existing.isPresent()) {
            throw DoubleRpcError.entityExistsAlready(
                    "Volume name " + name + " is already used by volume " + existing.get().uuid());
        }
        SimulatedVolume volume = new SimulatedVolume(UUID.randomUUID().toString(), name, tenant.id(),
                orDefault(user, "root"), orDefault(group, "root"), orDefault(configuration, "BASE"),
                Instant.now().truncatedTo(ChronoUnit.MILLIS));
        createDirectory(name);
        volumes.put(volume.uuid(), volume);
        return volume;
    }

    /** Answers one JSON-RPC call with its result object. */
    synchronized ObjectNode invoke(String method, JsonNode params) throws DoubleRpcError {
        Set<String> known = KNOWN_PARAMS.get(method);
        if (known == null) {
            throw DoubleRpcError.methodNotFound(method);
        }
        if (!params.isObject()) {
            throw DoubleRpcError.invalidParams("Invalid params: expected an object, got " + params.getNodeType());
        }
        for (var names = params.fieldNames(); names.hasNext();) {
            String name = names.next();
            if (!known.contains(name)) {
                throw DoubleRpcError.invalidArguments("Unknown field '" + name + "' in " + method + " request.");
            }
        }
        String retry = text(params, "retry");
        if (!retry.isEmpty() && !RETRY_POLICIES.contains(retry)) {
            throw DoubleRpcError.invalidArguments("Unknown retry policy '" + retry + "'.");
        }
        switch (method) {
            case "createVolume":
                return createVolume(params);
            case "resolveVolumeName":
                return resolveVolumeName(params);
            case "deleteVolume":
                return deleteVolume(params);
            case "getVolumeList":
                return getVolumeList(params);
            default:
                return resolveTenantName(params);
        }
    }

    private ObjectNode createVolume(JsonNode params) throws DoubleRpcError {
        String tenantId = text(params, "tenant_id");
        SimulatedVolume volume = create(tenantId.isEmpty() ? text(params, "tenant_domain") : tenantId,
                text(params, "name"), text(params, "root_user_id"), text(params, "root_group_id"),
                text(params, "configuration_name"));
        return NODES.objectNode().put("volume_uuid", volume.uuid());
    }

    private ObjectNode resolveVolumeName(JsonNode params) throws DoubleRpcError {
        String name = text(params, "volume_name");
        if (name.isEmpty()) {
            throw DoubleRpcError.invalidArguments("No volume name given.");
        }
        SimulatedTenant tenant = tenant(text(params, "tenant_domain"));
        SimulatedVolume volume = find(tenant.id(), name).orElseThrow(() -> DoubleRpcError.entityNotFound(
                "Volume '" + name + "' does not exist in tenant '" + tenant.id() + "'."));
        return NODES.objectNode().put("volume_uuid", volume.uuid());
    }

    private ObjectNode deleteVolume(JsonNode params) throws DoubleRpcError {
        String uuid = text(params, "volume_uuid");
        if (uuid.isEmpty()) {
            throw DoubleRpcError.invalidArguments("No volume uuid given.");
        }
        SimulatedVolume volume = volumes.remove(uuid);
        if (volume == null) {
            throw DoubleRpcError.entityNotFound("Volume '" + uuid + "' does not exist.");
        }
        // Volumes of different tenants may share a name, and so the directory; it goes with the last of them.
        if (volumes.values().stream().noneMatch(other -> other.name().equals(volume.name()))) {
            deleteDirectory(volume.name());
        }
        return NODES.objectNode();
    }

    private ObjectNode getVolumeList(JsonNode params) throws DoubleRpcError {
        String tenantFilter = text(params, "tenant_domain");
        if (!tenantFilter.isEmpty()) {
            tenant(tenantFilter);
        }
        JsonNode uuids = params.path("volume_uuid");
        if (!uuids.isMissingNode() && !uuids.isArray()) {
            throw DoubleRpcError.invalidArguments("Field 'volume_uuid' must be a list.");
        }
        List<String> uuidFilter = new ArrayList<>();
        uuids.forEach(uuid -> uuidFilter.add(uuid.asText()));
        ArrayNode list = NODES.arrayNode();
        for (SimulatedVolume volume : volumes.values()) {
            if ((tenantFilter.isEmpty() || volume.tenantId().equals(tenantFilter))
                    && (uuidFilter.isEmpty() || uuidFilter.contains(volume.uuid()))) {
                list.addObject()
                        .put("volume_uuid", volume.uuid())
                        .put("name", volume.name())
                        .put("tenant_domain", volume.tenantId())
                        .put("configuration_name", volume.configurationName())
                        .put("scheduled_for_deletion", false)
                        .put("creation_timestamp_ms", volume.createdAt().toEpochMilli());
            }
        }
        ObjectNode result = NODES.objectNode();
        if (!list.isEmpty()) {
            result.set("volume", list); // protobuf JSON leaves out an empty list
        }
        return result;
    }

    private ObjectNode resolveTenantName(JsonNode params) throws DoubleRpcError {
        String name = text(params, "tenant_name");
        String id = text(params, "tenant_id");
        if (name.isEmpty() && id.isEmpty()) {
            throw DoubleRpcError.invalidArguments("No tenant name or id given.");
        }
        SimulatedTenant tenant = tenants.values().stream()
                .filter(t -> name.isEmpty() ? t.id().equals(id) : t.name().equals(name))
                .findFirst()
                .orElseThrow(() -> DoubleRpcError.entityNotFound(
                        "Tenant '" + (name.isEmpty() ? id : name) + "' does not exist."));
        return NODES.objectNode().put("tenant_id", tenant.id()).put("tenant_name", tenant.name());
    }

    /** The tenant with this id, or the default tenant for an empty id; Quobyte's texts when there is none. */
    private SimulatedTenant tenant(String id) throws DoubleRpcError {
        if (id.isEmpty()) {
            if (defaultTenantId == null) {
                throw DoubleRpcError.invalidArguments(
                        "No valid tenant id given and no default tenant configuration available.");
            }
            return tenant(defaultTenantId);
        }
        SimulatedTenant tenant = tenants.get(id);
        if (tenant == null) {
            throw DoubleRpcError.entityNotFound("Tenant '" + id + "' does not exist.");
        }
        return tenant;
    }

    private Optional<SimulatedVolume> find(String tenantId, String name) {
        return volumes.values().stream()
                .filter(v -> v.tenantId().equals(tenantId) && v.name().equals(name))
                .findFirst();
    }

    private static String text(JsonNode params, String name) throws DoubleRpcError {
        JsonNode value = params.get(name);
        if (value == null || value.isNull()) {
            return "";
        }
        if (!value.isTextual()) {
            throw DoubleRpcError.invalidArguments("Field '" + name + "' must be a string.");
        }
        return value.asText();
    }

    private static String orDefault(String value, String fallback) {
        return value == null || value.isEmpty() ? fallback : value;
    }

    private void createDirectory(String name) {
        try {
            Files.createDirectories(mountDir.resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void deleteDirectory(String name) {
        Path directory = mountDir.resolve(name);
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> tree = Files.walk(directory)) {
            for (Path path : tree.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
