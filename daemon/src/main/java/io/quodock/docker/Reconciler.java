package io.quodock.docker;

import io.quodock.driver.MountReferences;
import io.quodock.driver.Volume;
import io.quodock.driver.VolumeService;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compares the daemon's mount references with the containers Docker has. A volume with references
 * that no container of Docker's holds (none mounts it with this driver, or all that do have exited)
 * has stale references: Docker's Unmount never arrived, typically because quodock was down when the
 * container stopped or was removed. That is the "volume is in use" which then blocks
 * {@code docker volume rm} forever.
 *
 * <p>Docker's mount IDs are not container IDs, so the comparison is per volume. The references are
 * read before Docker is asked, and only those IDs are dropped: a container that mounts the volume in
 * between adds a new ID, which stays. A volume that a container still holds is never touched.
 */
public final class Reconciler {
    private static final Logger LOG = LoggerFactory.getLogger(Reconciler.class);

    /** A volume whose references no container holds, and the IDs that were dropped ({@code apply} only). */
    public record Stale(String volume, Map<String, MountReferences.Reference> references, Set<String> dropped) {
        public Stale {
            references = Map.copyOf(references);
            dropped = Set.copyOf(dropped);
        }
    }

    /** A volume with references that containers hold; left alone. */
    public record InUse(String volume, int refs, List<DockerContainer> containers) {
        public InUse {
            containers = List.copyOf(containers);
        }
    }

    /** What one reconciliation found, and whether it acted. */
    public record Report(boolean applied, List<Stale> stale, List<InUse> inUse) {
        public Report {
            stale = List.copyOf(stale);
            inUse = List.copyOf(inUse);
        }
    }

    private final VolumeService service;
    private final DockerClient docker;
    private final String driverName;

    /** @param driverName the driver name Docker knows quodock by; only mounts with it count */
    public Reconciler(VolumeService service, DockerClient docker, String driverName) {
        this.service = service;
        this.docker = docker;
        this.driverName = driverName;
    }

    /**
     * Finds stale references and, with {@code apply}, drops them through
     * {@link VolumeService#dropReferences}, which releases a volume whose last reference goes.
     *
     * @throws DockerUnavailableException when Docker cannot be asked: then nothing is judged stale
     */
    public Report reconcile(boolean apply) throws DockerUnavailableException {
        List<Volume> referenced = service.list().stream()
                .filter(v -> !v.mounts().isEmpty())
                .sorted(Comparator.comparing(Volume::name))
                .toList();
        List<DockerContainer> containers = docker.containers();
        List<Stale> stale = new ArrayList<>();
        List<InUse> inUse = new ArrayList<>();
        for (Volume volume : referenced) {
            List<DockerContainer> holders = containers.stream()
                    .filter(c -> c.holdsMounts() && c.uses(volume.name(), driverName))
                    .toList();
            if (!holders.isEmpty()) {
                inUse.add(new InUse(volume.name(), volume.mounts().total(), holders));
                continue;
            }
            Set<String> dropped = Set.of();
            if (apply) {
                dropped = service.dropReferences(volume.name(), volume.mounts().byId().keySet());
            }
            stale.add(new Stale(volume.name(), volume.mounts().byId(), dropped));
        }
        if (!stale.isEmpty()) {
            LOG.info("reconcile{}: {} volume(s) with stale references: {}", apply ? " --apply" : " (dry run)",
                    stale.size(), stale.stream().map(Stale::volume).toList());
        }
        return new Report(apply, stale, inUse);
    }
}
