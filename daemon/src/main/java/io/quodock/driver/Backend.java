package io.quodock.driver;

import java.nio.file.Path;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Where volumes live: the SPI that {@link VolumeService} drives. The service serializes calls per
 * volume, bounds each by a timeout and keeps the state; a backend only touches its storage.
 * Failures are {@link DriverException}s of kind {@code BACKEND} with a message for the user.
 *
 * <p>{@link #create} and {@link #remove} must be idempotent: a call that completes after Docker
 * gave up, or after a crash before the state was written, is repeated.
 */
public interface Backend {

    /** What a new volume turned out to be. */
    record Provisioned(Path mountpoint, Map<String, String> attributes) {
        public Provisioned {
            attributes = Map.copyOf(attributes);
        }
    }

    /** The name shown in Status and state, e.g. {@code local} or {@code quobyte}. */
    String name();

    Scope scope();

    /** The create option keys (see {@link CreateOptions}) this backend honours. */
    Set<String> createOptions();

    /**
     * How this backend applies fixed-user mappings, or empty when it cannot; then it must not list
     * {@code fixed_user} and {@code fixed_group} in {@link #createOptions}. {@link #attach} applies
     * {@code volume.fixedUser().current()}; a change waiting for the next first Mount is already in
     * effect in the volume it gets then.
     */
    default Optional<FixedUser.Method> fixedUserMethod() {
        return Optional.empty();
    }

    /** Creates the volume's storage, or adopts it when it exists already. */
    Provisioned create(String name, CreateOptions options);

    /** Deletes the volume's storage; storage that is already gone counts as removed. */
    void remove(Volume volume);

    /**
     * Makes the volume usable by a container and returns the host path to hand Docker; called for
     * every Mount, so it also repairs what broke since (a dead FUSE view, say). Must return an
     * existing absolute directory.
     */
    Path attach(Volume volume);

    /**
     * The path {@link #attach} returns for this volume while it is mounted, computed without touching
     * storage, so that Path can answer after a restart, before the next Mount.
     */
    default Path attachedPath(Volume volume) {
        return Path.of(volume.mountpoint());
    }

    /** Releases what {@link #attach} set up, after the last Unmount. */
    void detach(Volume volume);

    /**
     * Called once at start with the volumes from the state, before any request: a chance to adopt
     * or clean up what a previous run left (mounts of volumes that no container holds any more).
     */
    default void recover(Collection<Volume> volumes) {
    }

    /** Health facts for Status and the admin API; empty when there is nothing to say. */
    default Map<String, Object> health() {
        return Map.of();
    }
}
