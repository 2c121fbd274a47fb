package io.quodock.backend.quobyte;

import io.quodock.driver.DriverException;
import io.quodock.driver.Volume;
import io.quodock.driver.VolumeName;
import io.quodock.driver.VolumeService;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps this host's state in step with the cluster, for hosts that share one Quobyte cluster (Swarm
 * nodes, say) without talking to each other. Every interval, on its own thread, it fetches the volume
 * list of the daemon's tenant and of every tenant a known volume lives in ({@code getVolumeList}, bounded
 * by the API timeout), then:
 *
 * <ul>
 *   <li>registers the volumes another host's quodock made: those whose directory carries this driver's
 *       mark (see {@link QuobyteBackend}), confirmed by a lookup in the daemon's tenant;</li>
 *   <li>with {@code --adopt-existing}, registers once, at the first successful refresh after start, every
 *       volume of the daemon's tenant, marked or not: the migration from the original plugin, whose
 *       volumes carry no mark;</li>
 *   <li>forgets the known volumes that are gone from the cluster (deleted through another host),
 *       confirmed volume by volume with {@code resolveVolumeName}; one that containers on this host still
 *       mount is kept, logged and listed in the health until they unmount it.</li>
 * </ul>
 *
 * Get and List never wait for it: they read the state, which it changes volume by volume through
 * {@link VolumeService}, durably, under the same per-volume locks as Docker's requests.
 */
public final class ClusterRefresh implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterRefresh.class);
    /** How many volumes are registered at once when adopting, so their state writes share fsyncs. */
    private static final int ADOPT_PARALLELISM = 16;

    /**
     * What one refresh did.
     *
     * @param registered volumes registered
     * @param forgotten  volumes forgotten because they are gone from the cluster
     * @param kept       volumes gone from the cluster but still mounted here
     */
    public record Report(List<String> registered, List<String> forgotten, List<String> kept) {
    }

    private final QuobyteBackend backend;
    private final VolumeService service;
    private final Duration interval;
    private volatile boolean adoptPending;
    /** UUIDs of listed volumes without this driver's mark, so their directories are read only once. */
    private final Set<String> unmarked = ConcurrentHashMap.newKeySet();
    private ScheduledExecutorService scheduler;

    /**
     * @param interval      time between two refreshes; zero refreshes only once, at start
     * @param adoptExisting register every volume of the tenant at the first successful refresh
     */
    public ClusterRefresh(QuobyteBackend backend, VolumeService service, Duration interval, boolean adoptExisting) {
        this.backend = backend;
        this.service = service;
        this.interval = interval;
        this.adoptPending = adoptExisting;
    }

    /** Starts refreshing in the background, the first time at once. */
    public synchronized void start() {
        scheduler = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "quodock-cluster-refresh");
            thread.setDaemon(true);
            return thread;
        });
        if (interval.isZero()) {
            scheduler.execute(this::refreshQuietly);
        } else {
            scheduler.scheduleWithFixedDelay(this::refreshQuietly, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** Stops refreshing; a refresh in progress is interrupted. */
    @Override
    public synchronized void close() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            scheduler = null;
        }
    }

    /**
     * One refresh, in the caller's thread.
     *
     * @throws DriverException when the API cannot be asked; nothing was changed then
     */
    public Report refresh() {
        String defaultTenant = backend.defaultTenantId();
        Set<String> tenants = new LinkedHashSet<>();
        tenants.add(defaultTenant);
        List<Volume> known = quobyteVolumes();
        known.forEach(volume -> tenants.add(volume.attributes().getOrDefault(QuobyteBackend.TENANT, "")));
        Map<String, List<QuobyteVolume>> lists = new HashMap<>();
        for (String tenant : tenants) {
            lists.put(tenant, backend.listVolumes(tenant));
        }
        List<String> registered = register(candidates(lists.get(defaultTenant)));
        List<String> forgotten = new ArrayList<>();
        List<String> kept = new ArrayList<>();
        for (Volume volume : known) {
            String tenant = volume.attributes().getOrDefault(QuobyteBackend.TENANT, "");
            boolean listed = lists.get(tenant).stream().anyMatch(listedVolume -> listedVolume.name().equals(volume.name()));
            if (listed || backend.exists(volume)) {
                continue;
            }
            try {
                if (service.forget(volume.name())) {
                    forgotten.add(volume.name());
                }
            } catch (DriverException e) {
                if (e.kind() != DriverException.Kind.IN_USE) {
                    throw e;
                }
                LOG.warn("{}", e.getMessage());
                kept.add(volume.name());
            }
        }
        return new Report(registered, forgotten, kept);
    }

    private void refreshQuietly() {
        Map<String, Object> facts = new LinkedHashMap<>();
        try {
            Report report = refresh();
            facts.put("refreshed_at", Instant.now().toString());
            if (!report.kept().isEmpty()) {
                facts.put("deleted_elsewhere_but_mounted_here", report.kept());
            }
            if (!report.registered().isEmpty() || !report.forgotten().isEmpty()) {
                LOG.info("cluster refresh registered {} and forgot {} volume(s)", report.registered().size(),
                        report.forgotten().size());
            }
        } catch (DriverException e) {
            facts.put("refresh_error", e.getMessage());
            LOG.warn("cluster refresh failed, the state is unchanged: {}", e.getMessage());
        } catch (RuntimeException e) {
            facts.put("refresh_error", e.toString());
            LOG.error("cluster refresh failed unexpectedly", e);
        }
        backend.refreshed(facts);
    }

    private List<Volume> quobyteVolumes() {
        return service.list().stream().filter(volume -> volume.backend().equals(QuobyteBackend.NAME)).toList();
    }

    /**
     * The listed volumes this host does not know yet and could register: names Docker accepts, and in
     * a list of several tenants (an empty daemon tenant lists them all) only names that are unambiguous.
     */
    private List<QuobyteVolume> candidates(List<QuobyteVolume> listed) {
        Map<String, Integer> names = new HashMap<>();
        listed.forEach(volume -> names.merge(volume.name(), 1, Integer::sum));
        return listed.stream()
                .filter(volume -> names.get(volume.name()) == 1)
                .filter(volume -> VolumeName.isValid(volume.name()))
                .filter(volume -> service.get(volume.name()).isEmpty())
                .toList();
    }

    private List<String> register(List<QuobyteVolume> candidates) {
        if (adoptPending) {
            List<String> adopted = adopt(candidates);
            adoptPending = false;
            LOG.info("--adopt-existing: registered {} existing Quobyte volume(s)", adopted.size());
            return adopted;
        }
        List<String> registered = new ArrayList<>();
        for (QuobyteVolume volume : candidates) {
            if (unmarked.contains(volume.uuid())) {
                continue;
            }
            switch (backend.mark(volume.name())) {
                case OURS -> service.lookup(volume.name()).ifPresent(found -> registered.add(found.name()));
                case NONE -> unmarked.add(volume.uuid());
                case UNKNOWN -> LOG.debug("volume {} is listed but its directory cannot be read yet", volume.name());
            }
        }
        return registered;
    }

    /** Registers every candidate, several at once so that their state writes share fsyncs. */
    private List<String> adopt(List<QuobyteVolume> candidates) {
        AtomicInteger threads = new AtomicInteger();
        ExecutorService workers = Executors.newFixedThreadPool(ADOPT_PARALLELISM, task -> {
            Thread thread = new Thread(task, "quodock-adopt-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (QuobyteVolume volume : candidates) {
                Instant createdAt = volume.createdAt() == null ? Instant.now() : volume.createdAt();
                results.add(workers.submit(() -> service.register(volume.name(), backend.provisioned(volume), createdAt)));
            }
            List<String> adopted = new ArrayList<>();
            for (int i = 0; i < results.size(); i++) {
                try {
                    if (results.get(i).get()) {
                        adopted.add(candidates.get(i).name());
                    }
                } catch (java.util.concurrent.ExecutionException e) {
                    LOG.warn("could not adopt volume {}: {}", candidates.get(i).name(), e.getCause().getMessage());
                }
            }
            return adopted;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DriverException(DriverException.Kind.TIMEOUT, "adopting existing volumes was interrupted");
        } finally {
            workers.shutdownNow();
        }
    }
}
