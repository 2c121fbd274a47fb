package io.quodock.backend.quobyte;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The HTTP side of the {@link QuobyteApiDouble}, answering on any path like the Quobyte API service: Basic
 * authentication or 401 with an HTML page, then JSON-RPC 2.0 with HTTP 200 for results and errors alike, the id
 * echoed as a string. Every call that gets past authentication and parses is recorded before it is answered.
 */
final class QuobyteApiDoubleHandler extends Handler.Abstract {

    private static final ObjectMapper JSON =
            new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private static final String UNAUTHORIZED_PAGE = "<html><head><title>401 Unauthorized</title></head>"
            + "<body><h1>401 Unauthorized</h1><p>Authentication required.</p></body></html>\n";
    private static final String OTHER_SERVICE_PAGE = "<!DOCTYPE html><html><head><title>Quobyte Webconsole</title>"
            + "</head><body><h1>Quobyte</h1><p>Please log in.</p></body></html>\n";

    private final String expectedAuthorization;
    private final SimulatedCluster cluster;
    private final DoubleSwitches switches;
    private final List<RecordedCall> calls;

    QuobyteApiDoubleHandler(String user, String password, SimulatedCluster cluster, DoubleSwitches switches,
            List<RecordedCall> calls) {
        this.expectedAuthorization =
                "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(UTF_8));
        this.cluster = cluster;
        this.switches = switches;
        this.calls = calls;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        if (switches.answerHtml()) {
            // Another service on the port: it knows nothing of Quobyte's credentials.
            send(response, HttpStatus.OK_200, "text/html; charset=utf-8", OTHER_SERVICE_PAGE, callback);
        } else if (!expectedAuthorization.equals(request.getHeaders().get(HttpHeader.AUTHORIZATION))) {
            response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, "Basic realm=\"Quobyte API\"");
            send(response, HttpStatus.UNAUTHORIZED_401, "text/html; charset=utf-8", UNAUTHORIZED_PAGE, callback);
        } else if (!HttpMethod.POST.is(request.getMethod())) {
            send(response, HttpStatus.METHOD_NOT_ALLOWED_405, "text/html; charset=utf-8",
                    "<html><body><h1>405 Method Not Allowed</h1></body></html>\n", callback);
        } else {
            ObjectNode answer = answer(Content.Source.asString(request, UTF_8));
            send(response, HttpStatus.OK_200, "application/json", answer.toString(), callback);
        }
        return true;
    }

    private ObjectNode answer(String body) {
        JsonNode envelope;
        try {
            envelope = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            return error(null, -32700, "Parse error: " + e.getOriginalMessage());
        }
        if (envelope == null || !envelope.isObject() || !envelope.path("method").isTextual()) {
            return error(envelope == null ? null : envelope.get("id"), -32600, "Invalid Request");
        }
        JsonNode id = envelope.get("id");
        String method = envelope.get("method").asText();
        JsonNode params = envelope.has("params") ? envelope.get("params").deepCopy() : NODES.objectNode();
        calls.add(new RecordedCall(id == null || id.isNull() ? null : id.asText(), method, params, body));

        Optional<DoubleSwitches.Failure> failure = switches.failureFor(method);
        if (failure.isPresent()) {
            return error(id, failure.get().code(), failure.get().message());
        }
        try {
            return result(id, cluster.invoke(method, params));
        } catch (DoubleRpcError e) {
            return error(id, e.code(), e.message(switches.newerErrorStyle()));
        } catch (UncheckedIOException e) {
            return error(id, -32603, "Internal error: " + e.getCause());
        }
    }

    private void send(Response response, int status, String contentType, String body, Callback callback)
            throws InterruptedException {
        switches.delayAnswer();
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
        Content.Sink.write(response, true, body, callback);
    }

    private static ObjectNode result(JsonNode id, ObjectNode result) {
        ObjectNode answer = envelope(id);
        answer.set("result", result);
        return answer;
    }

    private static ObjectNode error(JsonNode id, long code, String message) {
        ObjectNode answer = envelope(id);
        answer.putObject("error").put("code", code).put("message", message);
        return answer;
    }

    /** Quobyte's clients decode the id into a string, so it goes back as one whatever its type was. */
    private static ObjectNode envelope(JsonNode id) {
        ObjectNode answer = NODES.objectNode().put("jsonrpc", "2.0");
        if (id == null || id.isNull()) {
            answer.putNull("id");
        } else {
            answer.put("id", id.asText());
        }
        return answer;
    }
}
