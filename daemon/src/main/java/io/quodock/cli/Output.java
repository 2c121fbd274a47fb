package io.quodock.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** How the commands print what the daemon answered. */
final class Output {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Output() {
    }

    /** The daemon's JSON, indented, for {@code --json}. */
    static void json(PrintWriter out, JsonNode node) {
        try {
            out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(node));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot print JSON: " + e.getMessage(), e);
        }
    }

    /** Mount IDs are 64 hex digits; 12 tell them apart, as Docker shortens container IDs. */
    static String shortId(String id) {
        return id.length() > 12 ? id.substring(0, 12) : id;
    }

    /** {@code web (running), job (exited)}; {@code -} for none; {@code ?} when Docker could not be asked. */
    static String containers(JsonNode volume) {
        JsonNode containers = volume.get("containers");
        if (containers == null) {
            return "?";
        }
        List<String> names = new ArrayList<>();
        containers.forEach(c -> names.add(c.path("name").asText() + " (" + c.path("state").asText() + ")"));
        return names.isEmpty() ? "-" : String.join(", ", names);
    }

    /** {@code id×count} per mount ID, short IDs. */
    static String mounts(JsonNode mounts) {
        List<String> ids = new ArrayList<>();
        mounts.forEach(m -> ids.add(shortId(m.path("id").asText())
                + (m.path("count").asInt() > 1 ? "x" + m.path("count").asInt() : "")));
        return ids.isEmpty() ? "-" : String.join(", ", ids);
    }

    /** {@code user 1234, group 2345} from the admin API's {@code {"user", "group"}}; {@code none} for null. */
    static String fixedUser(JsonNode user) {
        return user.isObject() ? "user " + user.path("user").asText() + ", group " + user.path("group").asText() : "none";
    }

    /** {@code key=value key=value}, or {@code -}. */
    static String pairs(JsonNode object) {
        List<String> pairs = new ArrayList<>();
        object.fields().forEachRemaining(e -> pairs.add(e.getKey() + "=" + e.getValue().asText()));
        return pairs.isEmpty() ? "-" : String.join(" ", pairs);
    }
}
