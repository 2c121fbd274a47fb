package io.quodock.plugin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quodock.driver.DriverException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A VolumeDriver request body, read strictly: JSON object, string fields, keys matched without regard
 * to case as Go's decoder does. An empty body is an error, never a request with an empty name:
 * dockerd retries a call whose connection dropped with an empty body.
 *
 * @param name the {@code Name} field, or null when absent
 * @param id   the {@code ID} field of Mount and Unmount, or null
 * @param opts the {@code Opts} field of Create, or null ({@code "Opts":null} when no {@code -o} was given)
 */
public record PluginRequest(String name, String id, Map<String, String> opts) {

    static PluginRequest parse(ObjectMapper json, byte[] body, String endpoint) {
        if (body.length == 0 || isBlank(body)) {
            throw DriverException.invalid(endpoint + " request has an empty body (a retried call?): nothing was done");
        }
        JsonNode root;
        try {
            root = json.readTree(body);
        } catch (JsonProcessingException e) {
            throw DriverException.invalid(endpoint + " request is not valid JSON: " + e.getOriginalMessage());
        } catch (java.io.IOException e) {
            throw DriverException.invalid(endpoint + " request could not be read: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw DriverException.invalid(endpoint + " request must be a JSON object");
        }
        String name = null;
        String id = null;
        Map<String, String> opts = null;
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            switch (field.getKey().toLowerCase(java.util.Locale.ROOT)) {
                case "name" -> name = text(field.getValue(), "Name");
                case "id" -> id = text(field.getValue(), "ID");
                case "opts" -> opts = options(field.getValue());
                default -> {
                    // Unknown fields are ignored, as dockerd ignores them in our answers.
                }
            }
        }
        return new PluginRequest(name, id, opts);
    }

    /** The name, which every endpoint but List and Capabilities needs. */
    String requireName(String endpoint) {
        if (name == null || name.isEmpty()) {
            throw DriverException.invalid(endpoint + " request has no Name: nothing was done");
        }
        return name;
    }

    private static String text(JsonNode value, String field) {
        if (value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw DriverException.invalid("field " + field + " must be a string, not " + value.getNodeType().name().toLowerCase());
        }
        return value.asText();
    }

    private static Map<String, String> options(JsonNode value) {
        if (value.isNull()) {
            return null;
        }
        if (!value.isObject()) {
            throw DriverException.invalid("field Opts must be an object of strings");
        }
        Map<String, String> opts = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> option = it.next();
            if (!option.getValue().isTextual()) {
                throw DriverException.invalid("option '" + option.getKey() + "' must be a string");
            }
            opts.put(option.getKey(), option.getValue().asText());
        }
        return opts;
    }

    private static boolean isBlank(byte[] body) {
        for (byte b : body) {
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                return false;
            }
        }
        return true;
    }
}
