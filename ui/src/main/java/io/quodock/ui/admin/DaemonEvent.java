package io.quodock.ui.admin;

import java.time.Instant;

/** One event of the admin API's event stream, as the console uses it. */
public sealed interface DaemonEvent {

    /**
     * A volume was created, mounted, unmounted, remapped or lost stale references.
     *
     * @param type    the daemon's event type, e.g. {@code mounted}
     * @param volume  the volume after the change (without containers: events do not ask Docker)
     * @param mountId the mount ID of a mount or unmount, otherwise null
     */
    record VolumeChanged(Instant time, String type, VolumeInfo volume, String mountId) implements DaemonEvent {
    }

    /** A volume was removed. */
    record VolumeRemoved(Instant time, String name) implements DaemonEvent {
    }

    /** The backend's health changed. */
    record HealthChanged(Instant time, DaemonStatus.Health health) implements DaemonEvent {
    }

    /**
     * Docker made a plugin request and the daemon answered it.
     *
     * @param outcome       {@code ok}, or the kind of failure
     * @param latencyMicros how long the daemon took
     */
    record PluginRequest(Instant time, String method, String volume, String outcome, long latencyMicros)
            implements DaemonEvent {
        public boolean ok() {
            return "ok".equals(outcome);
        }
    }

    /** The daemon dropped events because the console fell behind: the state must be read again. */
    record Dropped() implements DaemonEvent {
    }
}
