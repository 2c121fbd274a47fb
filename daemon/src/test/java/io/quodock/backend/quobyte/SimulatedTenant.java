package io.quodock.backend.quobyte;

/**
 * A tenant of the {@link QuobyteApiDouble}'s simulated cluster.
 *
 * @param id   its id, which API calls use ({@code tenant_id}, {@code tenant_domain})
 * @param name its name, which {@code resolveTenantName} turns into the id
 */
public record SimulatedTenant(String id, String name) {
}
