package io.quodock.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quodock.docker.DockerContainer;
import io.quodock.docker.DockerClient;
import io.quodock.docker.DockerUnavailableException;
import io.quodock.docker.Reconciler;
import io.quodock.driver.DriverException;
import io.quodock.driver.StateStats;
import io.quodock.driver.Volume;
import io.quodock.driver.VolumeService;
import io.quodock.plugin.RequestBody;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin API, HTTP+JSON on the admin socket. Each endpoint translates into the same
 * {@link VolumeService} calls that Docker's requests reach:
 *
 * <pre>
 * GET    /v1/state                      the daemon and every volume (with Docker's containers when Docker answers)
 * GET    /v1/volumes/{name}             one volume
 * POST   /v1/volumes                    create: {"name": "...", "options": {"key": "value"}}
 * DELETE /v1/volumes/{name}             remove
 * PUT    /v1/volumes/{name}/fixed-user  map: {"user": "...", "group": "..."} (either may be left out)
 * DELETE /v1/volumes/{name}/fixed-user  clear the mapping
 * POST   /v1/reconcile                  {"apply": false|true}: stale mount references, dropped with apply
 * GET    /v1/events                     server-sent events (see {@link EventHub})
 * GET    /metrics                       Prometheus text (see {@link Metrics})
 * </pre>
 *
 * <p>Failures are {@code {"error": "...", "kind": "..."}} with the status that {@link #status} gives
 * the driver's kind of failure. Every call that changes something is logged with the caller's user and
 * group from the socket ({@link PeerCredentials}).
 */
public final class AdminHandler extends Handler.Abstract {
    /** Admin request bodies are a few hundred bytes. */
    static final int MAX_BODY = 64 * 1024;
    private static final Logger LOG = LoggerFactory.getLogger(AdminHandler.class);
    private static final String JSON_TYPE = "application/json";

    private final DaemonInfo daemon;
    private final VolumeService service;
    private final DockerClient docker;
    private final Reconciler reconciler;
    private final EventHub events;
    private final Metrics metrics;
    private final ObjectMapper json = new ObjectMapper();

    public AdminHandler(DaemonInfo daemon, VolumeService service, DockerClient docker, Reconciler reconciler,
                        EventHub events, Metrics metrics) {
        this.daemon = daemon;
        this.service = service;
        this.docker = docker;
        this.reconciler = reconciler;
        this.events = events;
        this.metrics = metrics;
    }

    /** The one translation of a driver failure into an HTTP status. */
    static int status(DriverException.Kind kind) {
        return switch (kind) {
            case INVALID -> HttpStatus.BAD_REQUEST_400;
            case NOT_FOUND -> HttpStatus.NOT_FOUND_404;
            case IN_USE -> HttpStatus.CONFLICT_409;
            case BACKEND -> HttpStatus.BAD_GATEWAY_502;
            case TIMEOUT -> HttpStatus.GATEWAY_TIMEOUT_504;
            case STATE -> HttpStatus.INTERNAL_SERVER_ERROR_500;
        };
    }

    /** A request that was understood and what it asks for, for the log line of a change. */
    private record Call(String method, List<String> path) {
        boolean is(String verb, String... segments) {
            return method.equals(verb) && path.equals(List.of(segments));
        }

        boolean isVolume(String verb, String... tail) {
            return method.equals(verb) && path.size() == 3 + tail.length && path.get(0).equals("v1")
                    && path.get(1).equals("volumes") && path.subList(3, path.size()).equals(List.of(tail));
        }
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        Call call = new Call(request.getMethod(), segments(Request.getPathInContext(request)));
        if (call.is("GET", "v1", "events")) {
            events.subscribe(response, callback);
            return true;
        }
        if (call.is("GET", "metrics")) {
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, PrometheusText.CONTENT_TYPE);
            response.write(true, ByteBuffer.wrap(metrics.scrape().getBytes(StandardCharsets.UTF_8)), callback);
            return true;
        }
        if (call.is("POST", "v1", "volumes") || call.isVolume("PUT", "fixed-user") || call.is("POST", "v1", "reconcile")) {
            RequestBody.read(request, MAX_BODY, body -> answer(call, body, request, response, callback));
        } else {
            answer(call, null, request, response, callback);
        }
        return true;
    }

    /** Carries out one call once its body (null for the calls that take none) is in. */
    private void answer(Call call, RequestBody requestBody, Request request, Response response, Callback callback) {
        long started = System.nanoTime();
        String change = null;
        int status = HttpStatus.OK_200;
        JsonNode answer;
        try {
            if (call.is("GET", "v1", "state")) {
                answer = state();
            } else if (call.isVolume("GET")) {
                String name = call.path().get(2);
                Volume volume = service.get(name).orElseThrow(() -> DriverException.notFound(name));
                answer = AdminJson.volume(volume, containersOf(name, containers()));
            } else if (call.is("POST", "v1", "volumes")) {
                JsonNode body = readJson(requestBody);
                String name = text(body, "name", true);
                change = "create volume " + name;
                service.create(name, options(body.get("options")));
                answer = AdminJson.volume(service.get(name).orElseThrow(() -> DriverException.notFound(name)), null);
                status = HttpStatus.CREATED_201;
            } else if (call.isVolume("DELETE")) {
                String name = call.path().get(2);
                change = "remove volume " + name;
                service.get(name).orElseThrow(() -> DriverException.notFound(name));
                service.remove(name);
                answer = json.createObjectNode().put("removed", name);
            } else if (call.isVolume("PUT", "fixed-user")) {
                String name = call.path().get(2);
                JsonNode body = readJson(requestBody);
                String user = text(body, "user", false);
                String group = text(body, "group", false);
                change = "map volume " + name + " to user " + (user == null ? "(owner)" : user)
                        + (group == null ? "" : " group " + group);
                answer = AdminJson.volume(service.setFixedUser(name, user, group), null);
            } else if (call.isVolume("DELETE", "fixed-user")) {
                String name = call.path().get(2);
                change = "clear the mapping of volume " + name;
                answer = AdminJson.volume(service.clearFixedUser(name), null);
            } else if (call.is("POST", "v1", "reconcile")) {
                boolean apply = apply(readJson(requestBody));
                change = apply ? "reconcile --apply" : null;
                answer = reconcile(apply);
            } else {
                status = knownPath(call) ? HttpStatus.METHOD_NOT_ALLOWED_405 : HttpStatus.NOT_FOUND_404;
                answer = status == HttpStatus.NOT_FOUND_404
                        ? AdminJson.error("no endpoint " + Request.getPathInContext(request)
                                + ": see GET /v1/state, /v1/volumes, /v1/events, /v1/reconcile, /metrics", "not_found")
                        : AdminJson.error("method " + call.method() + " not allowed on " + Request.getPathInContext(request),
                                "invalid");
            }
        } catch (DriverException e) {
            status = status(e.kind());
            answer = AdminJson.error(e.getMessage(), e.kind().name().toLowerCase(java.util.Locale.ROOT));
        } catch (RuntimeException e) {
            LOG.error("admin {} {} failed unexpectedly", call.method(), Request.getPathInContext(request), e);
            status = HttpStatus.INTERNAL_SERVER_ERROR_500;
            answer = AdminJson.error("internal error in quodock: " + e + " (see the daemon log)", "internal");
        }
        if (change != null) {
            long millis = (System.nanoTime() - started) / 1_000_000;
            if (status < 300) {
                LOG.info("admin: {} by {}: ok in {} ms", change, PeerCredentials.of(request), millis);
            } else {
                LOG.warn("admin: {} by {}: {} in {} ms: {}", change, PeerCredentials.of(request), status, millis,
                        answer.path("error").asText());
            }
        }
        reply(response, callback, status, answer);
    }

    private ObjectNode state() {
        ObjectNode root = json.createObjectNode();
        ObjectNode info = root.putObject("daemon");
        info.put("version", daemon.version());
        info.put("pid", daemon.pid());
        info.put("startedAt", daemon.startedAt().toString());
        info.put("driver", daemon.driverName());
        info.put("pluginSocket", daemon.pluginSocket().toString());
        info.put("adminSocket", daemon.adminSocket().toString());
        ObjectNode backend = info.putObject("backend");
        backend.put("name", service.backendName());
        backend.put("scope", service.capabilities().wire());
        Map<String, Object> health = service.backendHealth();
        backend.put("healthy", health.values().stream().noneMatch(Boolean.FALSE::equals));
        backend.set("health", AdminJson.health(health));
        ObjectNode dockerNode = info.putObject("docker");
        dockerNode.put("socket", docker.socket().toString());
        List<DockerContainer> containers = null;
        try {
            containers = docker.containers();
            dockerNode.put("reachable", true);
        } catch (DockerUnavailableException e) {
            dockerNode.put("reachable", false);
            dockerNode.put("error", e.getMessage());
        }
        StateStats stats = service.stateStats();
        info.putObject("state").put("changes", stats.changes()).put("fsyncs", stats.fsyncs())
                .put("snapshots", stats.snapshots());
        info.put("eventClients", events.clients());
        ArrayNode volumes = root.putArray("volumes");
        List<Volume> sorted = service.list().stream().sorted(Comparator.comparing(Volume::name)).toList();
        for (Volume volume : sorted) {
            volumes.add(AdminJson.volume(volume, containersOf(volume.name(), containers)));
        }
        return root;
    }

    private List<DockerContainer> containers() {
        try {
            return docker.containers();
        } catch (DockerUnavailableException e) {
            return null;
        }
    }

    /** The containers that mount {@code volume} with this driver, or null when Docker could not be asked. */
    private List<DockerContainer> containersOf(String volume, List<DockerContainer> containers) {
        return containers == null ? null : containers.stream().filter(c -> c.uses(volume, daemon.driverName())).toList();
    }

    private JsonNode reconcile(boolean apply) {
        try {
            return AdminJson.report(reconciler.reconcile(apply));
        } catch (DockerUnavailableException e) {
            throw new DriverException(DriverException.Kind.BACKEND, "cannot reconcile: " + e.getMessage()
                    + "; reconciliation compares with Docker's containers, so start dockerd or give --docker-socket");
        }
    }

    private static boolean knownPath(Call call) {
        List<String> path = call.path();
        return path.equals(List.of("v1", "state")) || path.equals(List.of("v1", "events"))
                || path.equals(List.of("metrics")) || path.equals(List.of("v1", "volumes"))
                || path.equals(List.of("v1", "reconcile"))
                || path.size() == 3 && path.get(0).equals("v1") && path.get(1).equals("volumes")
                || path.size() == 4 && path.get(1).equals("volumes") && path.get(3).equals("fixed-user");
    }

    private static List<String> segments(String path) {
        return java.util.Arrays.stream(path.split("/")).filter(s -> !s.isEmpty()).toList();
    }

    private JsonNode readJson(RequestBody requestBody) {
        byte[] body = requestBody.bytes();
        if (body.length == 0) {
            return json.createObjectNode();
        }
        try {
            JsonNode node = json.readTree(body);
            if (node == null || !node.isObject()) {
                throw DriverException.invalid("request body must be a JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw DriverException.invalid("request body is not JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw DriverException.invalid("request body could not be read: " + e.getMessage());
        }
    }

    /** {@code "apply"}: absent or false for a dry run; anything but a boolean is refused, never guessed. */
    private static boolean apply(JsonNode body) {
        JsonNode apply = body.get("apply");
        if (apply == null || apply.isNull()) {
            return false;
        }
        if (!apply.isBoolean()) {
            throw DriverException.invalid("field \"apply\" must be true or false, not " + apply);
        }
        return apply.booleanValue();
    }

    private static String text(JsonNode body, String field, boolean required) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            if (required) {
                throw DriverException.invalid("request body lacks \"" + field + "\"");
            }
            return null;
        }
        if (!value.isTextual()) {
            throw DriverException.invalid("field \"" + field + "\" must be a string");
        }
        return value.asText();
    }

    private static Map<String, String> options(JsonNode node) {
        Map<String, String> options = new LinkedHashMap<>();
        if (node == null || node.isNull()) {
            return options;
        }
        if (!node.isObject()) {
            throw DriverException.invalid("field \"options\" must be an object of strings, e.g. {\"subdirs\": \"data\"}");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> option = it.next();
            if (!option.getValue().isTextual()) {
                throw DriverException.invalid("option '" + option.getKey() + "' must be a string");
            }
            options.put(option.getKey(), option.getValue().asText());
        }
        return options;
    }

    private void reply(Response response, Callback callback, int status, JsonNode answer) {
        byte[] bytes;
        try {
            bytes = json.writeValueAsBytes(answer);
        } catch (JsonProcessingException e) {
            callback.failed(e);
            return;
        }
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, JSON_TYPE);
        response.write(true, ByteBuffer.wrap(bytes), callback);
    }
}
