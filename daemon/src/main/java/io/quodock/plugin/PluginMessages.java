package io.quodock.plugin;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * The responses of the Docker volume plugin protocol, with Docker's capitalised JSON names. Every
 * VolumeDriver response carries {@code Err}, empty on success; absent values are left out, because
 * dockerd rejects a whole response for a bad {@code CreatedAt} but accepts a missing one.
 */
public final class PluginMessages {
    private PluginMessages() {
    }

    public record Activate(@JsonProperty("Implements") List<String> implementsList) {
        public static final Activate VOLUME_DRIVER = new Activate(List.of("VolumeDriver"));
    }

    public record Capabilities(@JsonProperty("Capabilities") Scope capabilities) {
        public record Scope(@JsonProperty("Scope") String scope) {
        }
    }

    public record Err(@JsonProperty("Err") String err) {
        public static final Err NONE = new Err("");
    }

    public record Mountpoint(@JsonProperty("Mountpoint") String mountpoint, @JsonProperty("Err") String err) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Volume(@JsonProperty("Name") String name,
                         @JsonProperty("Mountpoint") String mountpoint,
                         @JsonProperty("CreatedAt") String createdAt,
                         @JsonProperty("Status") Map<String, Object> status) {
    }

    public record Get(@JsonProperty("Volume") Volume volume, @JsonProperty("Err") String err) {
    }

    public record VolumeList(@JsonProperty("Volumes") List<Volume> volumes, @JsonProperty("Err") String err) {
    }
}
