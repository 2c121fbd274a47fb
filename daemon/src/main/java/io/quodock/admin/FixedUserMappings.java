package io.quodock.admin;

/**
 * Sets or clears a volume's fixed-user mapping: what {@code PUT} and {@code DELETE
 * /v1/volumes/{name}/fixed-user} call. The driver core implements it
 * ({@code VolumeService.setFixedUser}) once fixed-user mappings are part of it; until then the daemon
 * passes {@link #NOT_AVAILABLE}.
 */
@FunctionalInterface
public interface FixedUserMappings {

    /**
     * Answers every call with "not available yet" (HTTP 501). Replaced by the core's mapping call when
     * the fixed-user work is merged; then this constant goes.
     */
    FixedUserMappings NOT_AVAILABLE = (volume, user, group) -> {
        throw new UnsupportedOperationException("fixed-user mappings are not available in this quodock build yet");
    };

    /**
     * Maps every access to {@code volume} to {@code user} and {@code group}, or clears the mapping
     * when {@code user} is null. Failures are {@code DriverException}s, as for every volume change.
     */
    void set(String volume, String user, String group);
}
