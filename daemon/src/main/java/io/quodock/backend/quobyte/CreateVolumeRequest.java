package io.quodock.backend.quobyte;

import java.util.Objects;

/**
 * What {@link QuobyteApiClient#createVolume(CreateVolumeRequest)} asks Quobyte for. An empty or {@code null} value
 * is left out of the call, so the server's default applies.
 *
 * @param name              the Quobyte volume name
 * @param tenantId          the tenant's id (a UUID; resolve names with {@link QuobyteApiClient#resolveTenantName})
 * @param rootUserId        the user name that owns the volume's root directory
 * @param rootGroupId       the group name that owns the volume's root directory
 * @param configurationName the Quobyte volume configuration, e.g. {@code BASE}
 */
public record CreateVolumeRequest(
        String name, String tenantId, String rootUserId, String rootGroupId, String configurationName) {

    /** Refuses a request without a volume name. */
    public CreateVolumeRequest {
        Objects.requireNonNull(name, "name was not specified");
        if (name.isBlank()) {
            throw new IllegalArgumentException("name was not specified");
        }
    }
}
