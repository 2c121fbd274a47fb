package io.quodock.backend.quobyte;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One JSON-RPC call as the {@link QuobyteApiDouble} received it, for assertions about what a client sent.
 *
 * @param id     the text of the request's id, {@code null} if it had none
 * @param method the JSON-RPC method
 * @param params the params as received (a copy; an empty object if none were sent)
 * @param body   the request body exactly as received, for assertions on key order and JSON types
 */
public record RecordedCall(String id, String method, JsonNode params, String body) {

    /** The text of a param, or {@code null} if it was not sent. */
    public String param(String name) {
        JsonNode value = params.get(name);
        return value == null ? null : value.asText();
    }
}
