package io.quodock.docker;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A container as Docker's {@code GET /containers/json?all=1} lists it, reduced to what quodock needs.
 *
 * @param id     the container ID
 * @param name   its name, without Docker's leading slash
 * @param state  Docker's state: {@code created}, {@code running}, {@code paused}, {@code restarting},
 *               {@code removing}, {@code exited} or {@code dead}
 * @param mounts its named volumes
 */
public record DockerContainer(String id, String name, String state, List<VolumeMount> mounts) {

    /** A named volume mounted into a container, and the driver that serves it. */
    public record VolumeMount(String name, String driver) {
    }

    /** States in which a container holds no mount: Docker unmounted its volumes when it stopped. */
    private static final Set<String> STOPPED = Set.of("exited", "dead");

    public DockerContainer {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(state, "state");
        mounts = List.copyOf(mounts);
    }

    /** Whether this container mounts {@code volume} of driver {@code driver}. */
    public boolean uses(String volume, String driver) {
        return mounts.stream().anyMatch(m -> m.name().equals(volume) && m.driver().equals(driver));
    }

    /**
     * Whether the container may hold its volumes' mounts: every state but exited and dead. A
     * container that is being started is {@code created} until it runs, yet Docker has already
     * mounted its volumes, and Docker itself counts a volume of a created container as in use.
     */
    public boolean holdsMounts() {
        return !STOPPED.contains(state);
    }
}
