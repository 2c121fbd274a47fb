package io.quodock.driver;

import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * A change that {@link VolumeService} made, reported to its {@link VolumeListener}s once the change is
 * durable. Events of one volume are reported in the order the changes happened.
 *
 * @param type    what happened
 * @param name    the volume's name; null for {@link Type#HEALTH_CHANGED}, which concerns the backend
 * @param volume  the volume after the change ({@link Type#REMOVED}: as it was before); null for health
 * @param mountId the mount ID of {@link Type#MOUNTED} and {@link Type#UNMOUNTED}, otherwise null
 * @param health  the backend's health facts for {@link Type#HEALTH_CHANGED}, otherwise empty
 * @param time    when the change was made
 */
public record VolumeEvent(Type type, String name, Volume volume, String mountId, Map<String, Object> health,
                          Instant time) {

    /** What happened. */
    public enum Type {
        /** Created, or registered: found in the backend (made through another host, or before quodock). */
        CREATED,
        /** Removed, or forgotten: gone from the backend (deleted through another host). */
        REMOVED,
        MOUNTED,
        UNMOUNTED,
        /**
         * The fixed-user mapping was set or cleared ({@link VolumeService#setFixedUser},
         * {@link VolumeService#clearFixedUser}); the volume shows whether it waits for the next first mount.
         */
        MAPPING_CHANGED,
        /** Stale mount references were dropped by reconciliation ({@link VolumeService#dropReferences}). */
        REFERENCES_DROPPED,
        /** The backend's health facts changed ({@link VolumeService#checkHealth}). */
        HEALTH_CHANGED;

        /** The name clients see, e.g. {@code references-dropped}. */
        public String wire() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    public VolumeEvent {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(time, "time");
        health = Map.copyOf(health);
    }
}
