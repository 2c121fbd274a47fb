package io.quodock.ui.admin;

import java.util.List;

/** The answer of {@code GET /v1/state}: the daemon and every volume. */
public record DaemonState(DaemonStatus daemon, List<VolumeInfo> volumes) {
    public DaemonState {
        volumes = List.copyOf(volumes);
    }
}
