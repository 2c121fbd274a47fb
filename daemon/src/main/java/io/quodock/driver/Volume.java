package io.quodock.driver;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A volume as the daemon knows it: immutable, replaced as a whole on every change.
 *
 * @param name       Docker's volume name
 * @param backend    the backend that holds it
 * @param mountpoint the volume's directory on this host
 * @param createdAt  when it was created
 * @param options    the create options as given (never secrets)
 * @param attributes facts the backend recorded at create (owner, tenant, Quobyte volume id)
 * @param mounts     the container mounts that hold it
 * @param fixedUser  its fixed-user mapping, in effect and waiting
 */
public record Volume(String name, String backend, String mountpoint, Instant createdAt,
                     Map<String, String> options, Map<String, String> attributes, MountReferences mounts,
                     FixedUserMapping fixedUser) {

    public Volume {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(backend, "backend");
        Objects.requireNonNull(mountpoint, "mountpoint");
        Objects.requireNonNull(createdAt, "createdAt");
        options = Map.copyOf(options);
        attributes = Map.copyOf(attributes);
        Objects.requireNonNull(mounts, "mounts");
        Objects.requireNonNull(fixedUser, "fixedUser");
    }

    public Volume withMounts(MountReferences next) {
        return new Volume(name, backend, mountpoint, createdAt, options, attributes, next, fixedUser);
    }

    public Volume withFixedUser(FixedUserMapping next) {
        return new Volume(name, backend, mountpoint, createdAt, options, attributes, mounts, next);
    }

    /**
     * What {@code docker volume inspect} shows under Status: small, because Docker passes it through
     * on every Get.
     */
    public Map<String, Object> status() {
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("backend", backend);
        status.put("refs", mounts.total());
        if (!mounts.isEmpty()) {
            Map<String, Integer> ids = new LinkedHashMap<>();
            mounts.byId().forEach((id, ref) -> ids.put(id, ref.count()));
            status.put("mounts", ids);
        }
        if (fixedUser.current() != null) {
            status.put("fixedUser", fixedUser.current().toString());
        }
        if (fixedUser.method() != null) {
            status.put("fixedUserMethod", fixedUser.method().wire());
        }
        if (fixedUser.pending()) {
            // Waits for the next first Mount; "none" when the mapping is to be removed.
            status.put("fixedUserPending", fixedUser.next() == null ? "none" : fixedUser.next().toString());
        }
        status.putAll(new java.util.TreeMap<>(attributes));
        return status;
    }
}
