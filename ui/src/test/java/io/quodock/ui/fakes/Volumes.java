package io.quodock.ui.fakes;

import io.quodock.ui.admin.FixedUserInfo;
import io.quodock.ui.admin.VolumeInfo;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Volumes for tests, built the way the daemon reports them. */
public final class Volumes {
    public static final Instant CREATED = Instant.parse("2026-11-30T10:15:30Z");

    private Volumes() {
    }

    public static VolumeInfo unmounted(String name) {
        return new VolumeInfo(name, "local", "/var/lib/quodock/volumes/" + name, CREATED, "root", Map.of(), Map.of("owner", "root"),
                List.of(), List.of(), FixedUserInfo.NONE);
    }

    /** {@code volume} with one more mount of {@code id}. */
    public static VolumeInfo mounted(VolumeInfo volume, String id) {
        List<VolumeInfo.MountInfo> mounts = new ArrayList<>();
        boolean found = false;
        for (VolumeInfo.MountInfo mount : volume.mounts()) {
            if (mount.id().equals(id)) {
                mounts.add(new VolumeInfo.MountInfo(id, mount.count() + 1, mount.since()));
                found = true;
            } else {
                mounts.add(mount);
            }
        }
        if (!found) {
            mounts.add(new VolumeInfo.MountInfo(id, 1, CREATED.plusSeconds(60)));
        }
        return with(volume, mounts, null, volume.fixedUser());
    }

    public static VolumeInfo with(VolumeInfo volume, List<VolumeInfo.MountInfo> mounts,
                                  List<VolumeInfo.ContainerInfo> containers, FixedUserInfo fixedUser) {
        return new VolumeInfo(volume.name(), volume.backend(), volume.mountpoint(), volume.createdAt(), volume.owner(),
                volume.options(), volume.attributes(), mounts, containers, fixedUser);
    }

    public static VolumeInfo withContainers(VolumeInfo volume, String... names) {
        List<VolumeInfo.ContainerInfo> containers = new ArrayList<>();
        for (String name : names) {
            containers.add(new VolumeInfo.ContainerInfo("id-" + name, name, "running"));
        }
        return with(volume, volume.mounts(), containers, volume.fixedUser());
    }
}
