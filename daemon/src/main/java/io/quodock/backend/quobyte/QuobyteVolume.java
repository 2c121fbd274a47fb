package io.quodock.backend.quobyte;

import java.time.Instant;
import java.util.Objects;

/**
 * One volume as {@link QuobyteApiClient#getVolumeList(String)} reports it.
 *
 * @param uuid              the volume's UUID
 * @param name              the volume's name, which is also its directory under the client mount
 * @param tenantId          the tenant it belongs to, empty if the server did not say
 * @param configurationName its volume configuration, empty if the server did not say
 * @param createdAt         when it was created, or {@code null} if the server did not say
 */
public record QuobyteVolume(String uuid, String name, String tenantId, String configurationName, Instant createdAt) {

    /** Requires uuid and name; turns a missing tenant or configuration into an empty string. */
    public QuobyteVolume {
        Objects.requireNonNull(uuid, "uuid");
        Objects.requireNonNull(name, "name");
        tenantId = Objects.requireNonNullElse(tenantId, "");
        configurationName = Objects.requireNonNullElse(configurationName, "");
    }
}
