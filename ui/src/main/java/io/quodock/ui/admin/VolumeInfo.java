package io.quodock.ui.admin;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One volume as the admin API shows it.
 *
 * @param name       Docker's volume name
 * @param backend    the backend that holds it
 * @param mountpoint its directory on the daemon's host
 * @param createdAt  when it was created
 * @param owner      the owner of its root directory, or null when the backend does not say
 * @param options    the create options, secrets already redacted by the daemon
 * @param attributes what the backend recorded at create (owner, tenant, configuration, ...)
 * @param mounts     the container mounts that hold it, per mount ID
 * @param containers Docker's containers that use it, or null when Docker could not be asked
 * @param fixedUser  its fixed-user mapping, {@link FixedUserInfo#NONE} when it has none
 */
public record VolumeInfo(String name, String backend, String mountpoint, Instant createdAt, String owner,
                         Map<String, String> options, Map<String, String> attributes, List<MountInfo> mounts,
                         List<ContainerInfo> containers, FixedUserInfo fixedUser) {

    /** One mount ID: how many Mounts with it are outstanding, and since when. */
    public record MountInfo(String id, int count, Instant since) {
    }

    /** A Docker container that mounts the volume. */
    public record ContainerInfo(String id, String name, String state) {
    }

    public VolumeInfo {
        Objects.requireNonNull(name, "name");
        options = Map.copyOf(options);
        attributes = Map.copyOf(attributes);
        mounts = List.copyOf(mounts);
        containers = containers == null ? null : List.copyOf(containers);
        Objects.requireNonNull(fixedUser, "fixedUser");
    }

    /** All outstanding Mounts, an ID mounted twice counting as two. */
    public int refs() {
        int total = 0;
        for (MountInfo mount : mounts) {
            total += mount.count();
        }
        return total;
    }

    public boolean inUse() {
        return !mounts.isEmpty();
    }

    /** This volume with the containers of {@code previous} when this one does not know them (events do not carry them). */
    public VolumeInfo withContainersOf(VolumeInfo previous) {
        if (containers != null || previous == null || previous.containers == null) {
            return this;
        }
        return new VolumeInfo(name, backend, mountpoint, createdAt, owner, options, attributes, mounts,
                previous.containers, fixedUser);
    }
}
