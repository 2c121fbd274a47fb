package io.quodock.backend.quobyte;

import java.time.Instant;

/**
 * A volume of the {@link QuobyteApiDouble}'s simulated cluster.
 *
 * @param uuid              its UUID
 * @param name              its name, and the name of its directory in the mount directory
 * @param tenantId          the id of its tenant
 * @param rootUserId        the owner of its root directory as asked for at create ({@code root} by default)
 * @param rootGroupId       the group of its root directory as asked for at create ({@code root} by default)
 * @param configurationName its volume configuration ({@code BASE} by default)
 * @param createdAt         when it was created, to the millisecond
 */
public record SimulatedVolume(String uuid, String name, String tenantId, String rootUserId, String rootGroupId,
        String configurationName, Instant createdAt) {
}
