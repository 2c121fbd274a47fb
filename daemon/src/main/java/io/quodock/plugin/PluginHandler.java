package io.quodock.plugin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quodock.driver.DriverException;
import io.quodock.driver.Volume;
import io.quodock.driver.VolumeService;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the Docker volume plugin protocol ({@code POST /Plugin.Activate}, {@code /VolumeDriver.*})
 * by translating each request into one {@link VolumeService} call.
 *
 * <p>Contract (see the protocol reference, section 8.3): every VolumeDriver call is answered HTTP 200
 * with a JSON body and failures go in {@code Err}; an empty body is an {@code Err}, never an action
 * on an empty name; Activate and Capabilities always succeed and need nothing before them; Get never
 * fails for an existing volume; request bodies over {@link #MAX_BODY} bytes are refused, and a body
 * is read without holding a thread ({@link RequestBody}). Unknown paths get 404 and other methods 405,
 * both with a JSON {@code Err}. Every POST is reported to a {@link RequestListener} with its outcome
 * and latency.
 */
public final class PluginHandler extends Handler.Abstract {
    /**
     * Docker's bodies are a few hundred bytes, a Create with many options a few KB; anything near this is
     * not from Docker. Bodies are read without holding a thread, so many slow clients may each hold this
     * much at once: it is kept small to keep them within the daemon's small heap.
     */
    public static final int MAX_BODY = 64 * 1024;
    static final String CONTENT_TYPE = "application/vnd.docker.plugins.v1.2+json";
    private static final Logger LOG = LoggerFactory.getLogger(PluginHandler.class);

    /** The endpoints whose request body names a volume; the others ignore their body. */
    private static final Set<String> NAMED = Set.of("VolumeDriver.Create", "VolumeDriver.Remove", "VolumeDriver.Mount",
            "VolumeDriver.Unmount", "VolumeDriver.Get", "VolumeDriver.Path");

    private final VolumeService service;
    private final RequestListener requests;
    private final ObjectMapper json = new ObjectMapper();
    private final ListAnswer list = new ListAnswer(json);

    /** An answer already in JSON. */
    private record Serialized(byte[] bytes) {
    }

    public PluginHandler(VolumeService service, RequestListener requests) {
        this.service = service;
        this.requests = requests;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        long started = System.nanoTime();
        String path = Request.getPathInContext(request);
        String endpoint = path.startsWith("/") ? path.substring(1) : path;
        if (!"POST".equals(request.getMethod())) {
            reply(response, callback, HttpStatus.METHOD_NOT_ALLOWED_405,
                    new PluginMessages.Err("method " + request.getMethod() + " not allowed: the plugin protocol uses POST"));
            return true;
        }
        if (NAMED.contains(endpoint)) {
            RequestBody.read(request, MAX_BODY, body -> answer(endpoint, body, started, response, callback));
        } else {
            answer(endpoint, null, started, response, callback);
        }
        return true;
    }

    /** Carries out one request once its body (null for the endpoints that take none) is in. */
    private void answer(String endpoint, RequestBody requestBody, long started, Response response, Callback callback) {
        String volume = null;
        Object answer;
        int status = HttpStatus.OK_200;
        String outcome = "ok";
        try {
            switch (endpoint) {
                case "Plugin.Activate" -> answer = PluginMessages.Activate.VOLUME_DRIVER;
                case "VolumeDriver.Capabilities" -> answer = new PluginMessages.Capabilities(
                        new PluginMessages.Capabilities.Scope(service.capabilities().wire()));
                case "VolumeDriver.List" -> answer = new Serialized(list.body(service.list()));
                case "VolumeDriver.Create", "VolumeDriver.Remove", "VolumeDriver.Mount", "VolumeDriver.Unmount",
                     "VolumeDriver.Get", "VolumeDriver.Path" -> {
                    PluginRequest body = PluginRequest.parse(json, requestBody.bytes(), endpoint);
                    volume = body.name();
                    answer = call(endpoint, body);
                }
                default -> {
                    status = HttpStatus.NOT_FOUND_404;
                    outcome = "unknown endpoint";
                    answer = new PluginMessages.Err("unknown endpoint /" + endpoint
                            + ": this is a Docker volume plugin (Plugin.Activate, VolumeDriver.*)");
                }
            }
        } catch (DriverException e) {
            outcome = e.kind().name().toLowerCase();
            answer = failure(endpoint, e.getMessage());
        } catch (RuntimeException e) {
            outcome = "internal error";
            LOG.error("{} failed unexpectedly", endpoint, e);
            answer = failure(endpoint, "internal error in quodock: " + e + " (see the daemon log)");
        }
        long micros = (System.nanoTime() - started) / 1000;
        String method = status == HttpStatus.NOT_FOUND_404 ? "unknown" : endpoint;
        requests.onRequest(new RequestEvent(method, volume, outcome, micros, Instant.now()));
        if ("ok".equals(outcome)) {
            LOG.debug("{} {} ok {}us", endpoint, volume == null ? "-" : volume, micros);
        } else {
            LOG.warn("{} {} {} {}us: {}", endpoint, volume == null ? "-" : volume, outcome, micros, errText(answer));
        }
        reply(response, callback, status, answer);
    }

    private Object call(String endpoint, PluginRequest body) {
        String name = body.requireName(endpoint);
        return switch (endpoint) {
            case "VolumeDriver.Create" -> {
                service.create(name, body.opts());
                yield PluginMessages.Err.NONE;
            }
            case "VolumeDriver.Remove" -> {
                service.remove(name);
                yield PluginMessages.Err.NONE;
            }
            case "VolumeDriver.Mount" -> new PluginMessages.Mountpoint(service.mount(name, body.id()), "");
            case "VolumeDriver.Unmount" -> {
                service.unmount(name, body.id());
                yield PluginMessages.Err.NONE;
            }
            case "VolumeDriver.Path" -> new PluginMessages.Mountpoint(service.path(name), "");
            case "VolumeDriver.Get" -> service.lookup(name)
                    .map(v -> new PluginMessages.Get(volume(v), ""))
                    .orElseThrow(() -> DriverException.notFound(name));
            default -> throw new IllegalStateException(endpoint);
        };
    }

    /** The one place where a failure becomes the body Docker reads. */
    private static Object failure(String endpoint, String message) {
        return switch (endpoint) {
            case "VolumeDriver.Mount", "VolumeDriver.Path" -> new PluginMessages.Mountpoint(null, message);
            case "VolumeDriver.Get" -> new PluginMessages.Get(null, message);
            case "VolumeDriver.List" -> new PluginMessages.VolumeList(List.of(), message);
            default -> new PluginMessages.Err(message);
        };
    }

    private static String errText(Object answer) {
        if (answer instanceof PluginMessages.Err err) {
            return err.err();
        } else if (answer instanceof PluginMessages.Mountpoint mountpoint) {
            return mountpoint.err();
        } else if (answer instanceof PluginMessages.Get get) {
            return get.err();
        }
        return String.valueOf(answer);
    }

    private static PluginMessages.Volume volume(Volume volume) {
        return new PluginMessages.Volume(volume.name(), volume.mountpoint(), volume.createdAt().toString(), volume.status());
    }

    private void reply(Response response, Callback callback, int status, Object answer) {
        byte[] bytes;
        try {
            bytes = answer instanceof Serialized serialized ? serialized.bytes() : json.writeValueAsBytes(answer);
        } catch (JsonProcessingException e) {
            callback.failed(e);
            return;
        }
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, CONTENT_TYPE);
        response.write(true, ByteBuffer.wrap(bytes), callback);
    }
}
