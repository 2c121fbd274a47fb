package io.quodock.backend.quobyte;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.util.component.ContainerLifeCycle;

import io.quodock.backend.quobyte.QuobyteApiException.Kind;

/**
 * A client of the Quobyte management API (JSON-RPC 2.0 over HTTP), limited to the calls the Docker volume plugin
 * needs. Every call is bounded by the config's connect and request timeouts and fails with a
 * {@link QuobyteApiException} that says what to check; none ever shows the password.
 *
 * <p>It is a Jetty {@link ContainerLifeCycle} owning its {@link HttpClient}: {@code start()} before the first call,
 * {@code stop()} at the end. Calls are thread-safe and may run concurrently.
 */
public final class QuobyteApiClient extends ContainerLifeCycle {

    /** Asks the server to retry its internal calls for a while, as the original plugin did. */
    private static final String CREATE_RETRY = "INTERACTIVE";

    private final QuobyteApiConfig config;
    private final HttpClient http;
    private final JsonRpcChannel channel;

    /** A client for the API that {@code config} describes; nothing is connected before {@code start()}. */
    public QuobyteApiClient(QuobyteApiConfig config) {
        this.config = config;
        this.http = new HttpClient();
        http.setName("quobyte-api");
        http.setConnectTimeout(config.connectTimeout().toMillis());
        http.setUserAgentField(new HttpField(HttpHeader.USER_AGENT, "quodock"));
        addBean(http);
        this.channel = new JsonRpcChannel(http, config);
    }

    /** The settings this client uses. */
    public QuobyteApiConfig config() {
        return config;
    }

    @Override
    protected void doStart() throws Exception {
        if (config.caFile() != null) {
            // Read at start, not in the constructor, so a missing file fails the start with its name.
            http.setSslContextFactory(CaFileTrust.sslContextFactory(config.caFile()));
        }
        super.doStart();
    }

    /**
     * Creates a volume ({@code createVolume}) and returns its UUID. When a volume of that name exists already in the
     * tenant, the exception's {@link QuobyteApiException#isEntityExistsAlready()} is true.
     */
    public String createVolume(CreateVolumeRequest request) throws QuobyteApiException {
        ObjectNode params = params();
        putIfPresent(params, "name", request.name());
        putIfPresent(params, "root_user_id", request.rootUserId());
        putIfPresent(params, "root_group_id", request.rootGroupId());
        putIfPresent(params, "configuration_name", request.configurationName());
        putIfPresent(params, "tenant_id", request.tenantId());
        params.put("retry", CREATE_RETRY);
        return requiredText(call("createVolume", params), "volume_uuid", "createVolume");
    }

    /**
     * Returns the UUID of the volume {@code name} in the tenant ({@code resolveVolumeName}); an empty or null
     * {@code tenantId} leaves the choice to the server's default tenant.
     */
    public String resolveVolumeName(String name, String tenantId) throws QuobyteApiException {
        ObjectNode params = params();
        putIfPresent(params, "volume_name", name);
        putIfPresent(params, "tenant_domain", tenantId);
        return requiredText(call("resolveVolumeName", params), "volume_uuid", "resolveVolumeName");
    }

    /** Deletes the volume with that UUID ({@code deleteVolume}), with all its files. */
    public void deleteVolume(String volumeUuid) throws QuobyteApiException {
        ObjectNode params = params();
        putIfPresent(params, "volume_uuid", volumeUuid);
        call("deleteVolume", params);
    }

    /** Lists the volumes of a tenant ({@code getVolumeList}); an empty or null {@code tenantId} lists all. */
    public List<QuobyteVolume> getVolumeList(String tenantId) throws QuobyteApiException {
        ObjectNode params = params();
        putIfPresent(params, "tenant_domain", tenantId);
        JsonNode result = call("getVolumeList", params);
        JsonNode volumes = result.path("volume");
        if (volumes.isMissingNode()) {
            return List.of(); // servers leave out empty repeated fields
        }
        if (!volumes.isArray()) {
            throw unexpected("getVolumeList", "'volume' is not a list", result);
        }
        List<QuobyteVolume> list = new ArrayList<>(volumes.size());
        for (JsonNode volume : volumes) {
            list.add(new QuobyteVolume(
                    requiredText(volume, "volume_uuid", "getVolumeList"),
                    requiredText(volume, "name", "getVolumeList"),
                    volume.path("tenant_domain").asText(""),
                    volume.path("configuration_name").asText(""),
                    creationTime(volume.path("creation_timestamp_ms"))));
        }
        return List.copyOf(list);
    }

    /** Returns the id (UUID) of the tenant called {@code tenantName} ({@code resolveTenantName}). */
    public String resolveTenantName(String tenantName) throws QuobyteApiException {
        ObjectNode params = params();
        putIfPresent(params, "tenant_name", tenantName);
        return requiredText(call("resolveTenantName", params), "tenant_id", "resolveTenantName");
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%s@%x{%s, %s}",
                getClass().getSimpleName(), hashCode(), getState(), config.url());
    }

    private JsonNode call(String method, ObjectNode params) throws QuobyteApiException {
        if (!isStarted()) {
            throw new IllegalStateException("QuobyteApiClient for " + config.url() + " is " + getState()
                    + ": start() it before calling " + method);
        }
        return channel.call(method, params);
    }

    private static ObjectNode params() {
        return JsonNodeFactory.instance.objectNode();
    }

    /** Quobyte reads an absent parameter as "use the default", so empty values are left out rather than sent. */
    private static void putIfPresent(ObjectNode params, String key, String value) {
        if (value != null && !value.isEmpty()) {
            params.put(key, value);
        }
    }

    private String requiredText(JsonNode node, String field, String method) throws QuobyteApiException {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual() || value.asText().isEmpty()) {
            throw unexpected(method, "no '" + field + "'", node);
        }
        return value.asText();
    }

    /** Protobuf-style JSON may write 64-bit numbers as strings, so both forms are read. */
    private static Instant creationTime(JsonNode millis) {
        if (millis.canConvertToLong() && millis.asLong() > 0) {
            return Instant.ofEpochMilli(millis.asLong());
        }
        if (millis.isTextual() && millis.asText().matches("[1-9][0-9]{0,18}")) {
            return Instant.ofEpochMilli(Long.parseLong(millis.asText()));
        }
        return null;
    }

    private QuobyteApiException unexpected(String method, String what, JsonNode answer) {
        String shown = answer.toString();
        if (shown.length() > 200) {
            shown = shown.substring(0, 200) + "...";
        }
        return QuobyteApiException.failure(Kind.PROTOCOL, method, "Quobyte API at " + config.url() + " answered "
                + method + " with " + what + ": " + shown, null);
    }
}
