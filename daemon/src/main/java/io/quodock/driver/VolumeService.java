package io.quodock.driver;

import com.fasterxml.jackson.databind.JsonNode;
import io.quodock.state.DurableStore;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The driver core: every way into quodock (Docker's plugin requests, the admin API, the CLI, the
 * console) ends here, so rules, locking, state and backend calls are one code path.
 *
 * <ul>
 *   <li>Get, List and Path answer from memory, never touching the backend; only {@link #lookup} asks
 *       the backend, once and briefly, about a name the state does not know.</li>
 *   <li>Changes to one volume run one after the other; different volumes run in parallel.</li>
 *   <li>Each change runs on a worker and the caller waits at most {@code timeout}; a change that
 *       finishes after the caller gave up still leaves state and storage consistent (a late Mount
 *       is rolled back, because Docker sends no Unmount for a Mount that failed).</li>
 *   <li>A change is acknowledged only once {@link DurableStore} has it on disk; then, still in
 *       order for its volume, it is reported to the {@link VolumeListener}s.</li>
 *   <li>A fixed-user mapping never changes under running containers: a change made while the volume
 *       is mounted waits for its next first Mount.</li>
 * </ul>
 */
public final class VolumeService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(VolumeService.class);
    private static final int MAX_WORKERS = 256;
    private static final int MAX_MOUNT_ID_LENGTH = 256;
    /** How long Docker's Get waits for the backend to look up a name the state does not know. */
    private static final Duration MAX_LOOKUP = Duration.ofSeconds(5);
    /** Who owns a volume root created without the user option, for a fixed_group given alone. */
    private static final String DAEMON_USER = System.getProperty("user.name");

    private final Backend backend;
    private final DurableStore store;
    private final Duration timeout;
    private final Duration lookupTimeout;
    private final Clock clock;
    private final ConcurrentHashMap<String, Volume> volumes = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, String> attachedPaths = new ConcurrentHashMap<>();
    private final VolumeLocks locks = new VolumeLocks();
    private final ThreadPoolExecutor workers;
    private final List<VolumeListener> listeners = new CopyOnWriteArrayList<>();
    private final AtomicLong backendErrors = new AtomicLong();
    private Map<String, Object> lastHealth;
    private final UserDatabase users = new UserDatabase();

    /**
     * Loads the volumes from {@code store} and lets {@code backend} recover what a previous run left.
     *
     * @param timeout how long a caller waits for one change (backend call and state write)
     */
    public VolumeService(Backend backend, DurableStore store, Duration timeout, Clock clock) {
        this.backend = backend;
        this.store = store;
        this.timeout = timeout;
        this.lookupTimeout = timeout.compareTo(MAX_LOOKUP) < 0 ? timeout : MAX_LOOKUP;
        this.clock = clock;
        for (Map.Entry<String, JsonNode> entry : store.documents().entrySet()) {
            Volume volume = VolumeCodec.decode(entry.getValue());
            volumes.put(volume.name(), volume);
        }
        AtomicInteger threads = new AtomicInteger();
        this.workers = new ThreadPoolExecutor(0, MAX_WORKERS, 30, TimeUnit.SECONDS, new SynchronousQueue<>(), task -> {
            Thread thread = new Thread(task, "quodock-op-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        backend.recover(List.copyOf(volumes.values()));
        for (Volume volume : volumes.values()) {
            if (!volume.mounts().isEmpty()) {
                attachedPaths.put(volume.name(), backend.attachedPath(volume).toString());
            }
        }
    }

    public Scope capabilities() {
        return backend.scope();
    }

    public String backendName() {
        return backend.name();
    }

    public Map<String, Object> backendHealth() {
        return backend.health();
    }

    /**
     * Reads the backend's health and reports {@link VolumeEvent.Type#HEALTH_CHANGED} when it differs
     * from what the previous call saw (the first call only takes note). The daemon calls this
     * periodically, off the request threads, because a backend may probe a mount to answer.
     */
    public synchronized void checkHealth() {
        Map<String, Object> health = Map.copyOf(backend.health());
        Map<String, Object> previous = lastHealth;
        lastHealth = health;
        if (previous != null && !previous.equals(health)) {
            LOG.warn("{} backend health changed: {}", backend.name(), health);
            fire(new VolumeEvent(VolumeEvent.Type.HEALTH_CHANGED, null, null, null, health, clock.instant()));
        }
    }

    /** Reports every durable change to {@code listener} from now on; see {@link VolumeListener}. */
    public void addListener(VolumeListener listener) {
        listeners.add(listener);
    }

    public void removeListener(VolumeListener listener) {
        listeners.remove(listener);
    }

    /** How many volume operations failed in the backend since start (kind {@code BACKEND}). */
    public long backendErrors() {
        return backendErrors.get();
    }

    public Optional<Volume> get(String name) {
        return name == null ? Optional.empty() : Optional.ofNullable(volumes.get(name));
    }

    /**
     * Get as Docker needs it when several hosts share the storage: the volume from the state or, for a
     * name the state does not know, what {@link Backend#lookup} finds under it (a volume made through
     * another host's daemon), registered durably before it is returned. The backend is asked once per
     * call and waited for at most 5 s (or the operation timeout, if shorter); a failure or a late answer
     * counts as "no such volume" and is logged, because Get must answer quickly.
     */
    public Optional<Volume> lookup(String name) {
        Volume known = name == null ? null : volumes.get(name);
        if (known != null || name == null || !VolumeName.isValid(name)) {
            return Optional.ofNullable(known);
        }
        try {
            return Optional.ofNullable(run(name, "lookup", lookupTimeout, ticket -> {
                Volume existing = volumes.get(name);
                if (existing != null) {
                    return existing;
                }
                Optional<Backend.Provisioned> found = backend.lookup(name);
                if (found.isEmpty() || !ticket.commit()) {
                    return null;
                }
                Volume volume = found(name, found.get(), clock.instant());
                commit(volume);
                LOG.info("registered volume {}, which the {} backend has (made outside this daemon)", name, backend.name());
                fire(VolumeEvent.Type.CREATED, volume, null);
                return volume;
            }));
        } catch (DriverException e) {
            LOG.warn("looking up unknown volume {} in the {} backend failed: {}", name, backend.name(), e.getMessage());
            return Optional.empty();
        }
    }

    /**
     * Registers a volume that exists in the backend's storage but not in the state (made before
     * quodock, or on another host), durably, as a Create would; its options are unknown and stay empty.
     *
     * @return whether it was new; a volume the state knows already is left as it is
     */
    public boolean register(String name, Backend.Provisioned found, Instant createdAt) {
        VolumeName.require(name);
        return run(name, "register", ticket -> {
            if (volumes.containsKey(name)) {
                return false;
            }
            Volume volume = found(name, found, createdAt);
            commit(volume);
            LOG.info("registered volume {} found in the {} backend", name, backend.name());
            fire(VolumeEvent.Type.CREATED, volume, null);
            return true;
        });
    }

    /**
     * Forgets a volume whose storage was deleted elsewhere (through another host, say): the state drops
     * it durably and the backend is not called. Refused with {@code IN_USE} while mounts on this host
     * hold it, since the containers still use the directory.
     *
     * @return whether the state knew it
     */
    public boolean forget(String name) {
        return run(name, "forget", ticket -> {
            Volume volume = volumes.get(name);
            if (volume == null) {
                return false;
            }
            if (!volume.mounts().isEmpty()) {
                throw new DriverException(DriverException.Kind.IN_USE, "volume " + name + " is gone from the "
                        + backend.name() + " backend but still mounted here by " + volume.mounts().total()
                        + " mount(s) with ID " + shortIds(volume.mounts()) + "; it is kept until they unmount");
            }
            try {
                store.delete(name);
            } catch (IOException e) {
                throw stateFailure("forget " + name, e);
            }
            volumes.remove(name);
            attachedPaths.remove(name);
            LOG.info("forgot volume {}: it is gone from the {} backend", name, backend.name());
            fire(VolumeEvent.Type.REMOVED, volume, null);
            return true;
        });
    }

    public Collection<Volume> list() {
        return List.copyOf(volumes.values());
    }

    /** The path a container would see: the attached path while mounted, the volume directory otherwise. */
    public String path(String name) {
        Volume volume = existing(name);
        String attached = attachedPaths.get(name);
        return attached != null && !volume.mounts().isEmpty() ? attached : volume.mountpoint();
    }

    /**
     * Creates a volume, or does nothing when it exists with the same options (Docker may repeat a
     * Create whose answer it did not get). With {@code fixed_user} or {@code fixed_group} it gets a
     * fixed-user mapping, by the rules of {@link #setFixedUser}.
     */
    public void create(String name, Map<String, String> opts) {
        VolumeName.require(name);
        CreateOptions options = CreateOptions.parse(opts, backend.createOptions(), backend.name());
        FixedUserMapping mapping = options.fixedUser() == null && options.fixedGroup() == null
                ? FixedUserMapping.NONE
                : FixedUserMapping.of(FixedUser.resolve(options.fixedUser(), options.fixedGroup(),
                        owner(options.asMap()), users), fixedUserMethod());
        run(name, "create", ticket -> {
            Volume existing = volumes.get(name);
            if (existing != null) {
                if (existing.options().equals(options.asMap())) {
                    return null;
                }
                throw DriverException.invalid("volume " + name + " already exists with options " + existing.options()
                        + "; remove it first, or create it with the same options");
            }
            Backend.Provisioned provisioned = backend.create(name, options);
            Volume volume = new Volume(name, backend.name(), provisioned.mountpoint().toString(), clock.instant(),
                    options.asMap(), provisioned.attributes(), MountReferences.NONE, mapping);
            commit(volume);
            LOG.info("created volume {} at {}{}", name, volume.mountpoint(),
                    mapping.current() == null ? "" : " with fixed user " + mapping.current());
            fire(VolumeEvent.Type.CREATED, volume, null);
            return null;
        });
    }

    /** Removes a volume; refused while mounts hold it. A volume that does not exist counts as removed. */
    public void remove(String name) {
        run(name, "remove", ticket -> {
            Volume volume = volumes.get(name);
            if (volume == null) {
                return null;
            }
            if (!volume.mounts().isEmpty()) {
                throw new DriverException(DriverException.Kind.IN_USE, "volume " + name + " is in use by "
                        + volume.mounts().total() + " mount(s) with ID " + shortIds(volume.mounts())
                        + ": stop the containers that use it first (quodock reconcile finds stale mounts)");
            }
            backend.remove(volume);
            try {
                store.delete(name);
            } catch (IOException e) {
                throw stateFailure("remove " + name, e);
            }
            volumes.remove(name);
            attachedPaths.remove(name);
            LOG.info("removed volume {}", name);
            fire(VolumeEvent.Type.REMOVED, volume, null);
            return null;
        });
    }

    /** Adds a mount reference for {@code id} and returns the path Docker bind-mounts into the container. */
    public String mount(String name, String id) {
        requireMountId(id);
        return run(name, "mount", ticket -> {
            Volume volume = existing(name);
            if (volume.mounts().isEmpty() && volume.fixedUser().pending()) {
                // The first Mount since the mapping changed: the change takes effect, committed with the reference.
                volume = volume.withFixedUser(volume.fixedUser().applyPending());
            }
            Path path = backend.attach(volume);
            Volume next = volume.withMounts(volume.mounts().add(id, clock.instant()));
            if (!ticket.commit()) {
                // Docker gave up on this Mount and will never unmount it: leave no reference behind.
                if (volume.mounts().isEmpty()) {
                    detachQuietly(volume);
                }
                throw timeout("mount " + name);
            }
            try {
                commit(next);
            } catch (DriverException e) {
                if (volume.mounts().isEmpty()) {
                    detachQuietly(volume);
                }
                throw e;
            }
            attachedPaths.put(name, path.toString());
            fire(VolumeEvent.Type.MOUNTED, next, id);
            return path.toString();
        });
    }

    /** Drops one mount reference for {@code id}; after the last one the backend releases the volume. */
    public void unmount(String name, String id) {
        requireMountId(id);
        run(name, "unmount", ticket -> {
            Volume volume = existing(name);
            if (!volume.mounts().contains(id)) {
                throw new DriverException(DriverException.Kind.NOT_FOUND, "volume " + name + " has no mount with ID "
                        + id + " (never mounted, or already unmounted)");
            }
            Volume next = volume.withMounts(volume.mounts().remove(id));
            commit(next);
            if (next.mounts().isEmpty()) {
                attachedPaths.remove(name);
                detachQuietly(next);
            }
            fire(VolumeEvent.Type.UNMOUNTED, next, id);
            return null;
        });
    }

    /**
     * Drops the mount references with the given IDs, whatever their counts, as if every Mount with
     * them had been unmounted; after the last one the backend releases the volume. For
     * reconciliation: references that no container holds any more, because Docker's Unmount never
     * reached a daemon that was down. IDs the volume does not hold (any more) are skipped.
     *
     * @return the IDs that were dropped
     */
    public Set<String> dropReferences(String name, Set<String> ids) {
        return run(name, "drop references of", ticket -> {
            Volume volume = existing(name);
            Map<String, MountReferences.Reference> remaining = new LinkedHashMap<>(volume.mounts().byId());
            Set<String> dropped = new TreeSet<>();
            for (String id : ids) {
                if (remaining.remove(id) != null) {
                    dropped.add(id);
                }
            }
            if (dropped.isEmpty()) {
                return Set.of();
            }
            Volume next = volume.withMounts(MountReferences.of(remaining));
            commit(next);
            LOG.warn("dropped {} stale mount reference(s) of volume {}: {}", dropped.size(), name, dropped);
            if (next.mounts().isEmpty()) {
                attachedPaths.remove(name);
                detachQuietly(next);
            }
            fire(VolumeEvent.Type.REFERENCES_DROPPED, next, null);
            return Set.copyOf(dropped);
        });
    }

    /**
     * Sets the fixed-user mapping of a volume. {@code user} and {@code group} follow the rules of the
     * {@code fixed_user} and {@code fixed_group} create options: a name or a numeric id; either may be
     * null (or blank), not both; a missing group is the user's primary group, a missing user the
     * volume's owner; a name the host does not know is refused and nothing changes. When no container
     * mounts the volume the mapping is in effect at once; otherwise it waits for the volume's next
     * first Mount, and Status shows it as {@code fixedUserPending} until then.
     *
     * @return the volume as changed
     */
    public Volume setFixedUser(String name, String user, String group) {
        FixedUser.Method method = fixedUserMethod();
        return changeFixedUser(name, method, volume -> FixedUser.resolve(blankToNull(user), blankToNull(group),
                owner(volume.options()), users));
    }

    /** Removes the fixed-user mapping of a volume: at once, or at its next first Mount like {@link #setFixedUser}. */
    public Volume clearFixedUser(String name) {
        return changeFixedUser(name, null, volume -> null);
    }

    /** Counters of the durable store, for benchmarks and metrics. */
    public StateStats stateStats() {
        DurableStore.Stats stats = store.stats();
        return new StateStats(stats.changes(), stats.fsyncs(), stats.snapshots());
    }

    /** Waits, up to the operation timeout, for changes in flight; the store is closed by its owner. */
    @Override
    public void close() {
        workers.shutdown();
        try {
            if (!workers.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("{} volume operations still running at shutdown", workers.getActiveCount());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** @param method how the new mapping is applied; null when removing, which keeps the one in effect */
    private Volume changeFixedUser(String name, FixedUser.Method method, Function<Volume, FixedUser> target) {
        return run(name, "change the fixed user of", ticket -> {
            Volume volume = existing(name);
            FixedUser to = target.apply(volume);
            boolean mounted = !volume.mounts().isEmpty();
            Volume next = volume.withFixedUser(volume.fixedUser().change(to,
                    method != null ? method : volume.fixedUser().method(), mounted));
            if (next.equals(volume)) {
                return volume;
            }
            if (!ticket.commit()) {
                throw timeout("change the fixed user of " + name);
            }
            commit(next);
            LOG.info("fixed user of volume {} set to {}{}", name, to == null ? "none" : to,
                    next.fixedUser().pending() ? ", from its next first mount" : "");
            fire(VolumeEvent.Type.MAPPING_CHANGED, next, null);
            return next;
        });
    }

    private FixedUser.Method fixedUserMethod() {
        return backend.fixedUserMethod().orElseThrow(() -> DriverException.invalid("the " + backend.name()
                + " backend cannot apply fixed-user mappings"));
    }

    /** The owner a fixed_group given alone maps to: the user option, else the daemon, which then owns the root. */
    private static String owner(Map<String, String> options) {
        return options.getOrDefault(CreateOptions.USER, DAEMON_USER);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    private Volume existing(String name) {
        Volume volume = name == null ? null : volumes.get(name);
        if (volume == null) {
            throw DriverException.notFound(name == null ? "(no name)" : VolumeName.printable(name));
        }
        return volume;
    }

    private void commit(Volume volume) {
        try {
            store.put(volume.name(), VolumeCodec.encode(volume));
        } catch (IOException e) {
            throw stateFailure("change " + volume.name(), e);
        }
        volumes.put(volume.name(), volume);
    }

    private void fire(VolumeEvent.Type type, Volume volume, String mountId) {
        fire(new VolumeEvent(type, volume.name(), volume, mountId, Map.of(), clock.instant()));
    }

    private void fire(VolumeEvent event) {
        for (VolumeListener listener : listeners) {
            try {
                listener.onEvent(event);
            } catch (RuntimeException e) {
                LOG.error("volume listener {} failed on {} {}", listener, event.type(), event.name(), e);
            }
        }
    }

    private void detachQuietly(Volume volume) {
        try {
            backend.detach(volume);
        } catch (DriverException e) {
            LOG.error("releasing volume {} after its last mount failed: {}", volume.name(), e.getMessage());
        }
    }

    private Volume found(String name, Backend.Provisioned found, Instant createdAt) {
        return new Volume(name, backend.name(), found.mountpoint().toString(), createdAt, Map.of(),
                found.attributes(), MountReferences.NONE, FixedUserMapping.NONE);
    }

    private DriverException stateFailure(String what, IOException e) {
        return new DriverException(DriverException.Kind.STATE, "could not " + what + ": the state in "
                + store.directory() + " cannot be written (" + e.getMessage() + "); nothing was changed", e);
    }

    private DriverException timeout(String what) {
        return timeout(what, timeout);
    }

    private static DriverException timeout(String what, Duration bound) {
        return new DriverException(DriverException.Kind.TIMEOUT, what + " did not finish within "
                + bound.toMillis() + " ms; see the daemon log, and check the backend's health (quodock status)");
    }

    private static void requireMountId(String id) {
        if (id == null || id.isBlank()) {
            throw DriverException.invalid("mount request has no ID: Docker sends one per container mount");
        }
        if (id.length() > MAX_MOUNT_ID_LENGTH || !id.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw DriverException.invalid("mount ID '" + VolumeName.printable(id) + "' is invalid: expected up to "
                    + MAX_MOUNT_ID_LENGTH + " printable characters (Docker sends 64 hex digits)");
        }
    }

    private static String shortIds(MountReferences mounts) {
        return mounts.byId().keySet().stream()
                .map(id -> id.length() > 12 ? id.substring(0, 12) : id)
                .collect(Collectors.joining(", "));
    }

    /** A change as it runs on a worker. */
    @FunctionalInterface
    private interface Change<T> {
        T apply(Ticket ticket);
    }

    /**
     * Who wins when a caller's wait ends while the change still runs: the caller (the change is
     * abandoned) or the change (it is committing, and the caller waits for it).
     */
    static final class Ticket {
        private enum Phase { WAITING, RUNNING, COMMITTING, ABANDONED }

        private final AtomicReference<Phase> phase = new AtomicReference<>(Phase.WAITING);

        boolean start() {
            return phase.compareAndSet(Phase.WAITING, Phase.RUNNING);
        }

        /** Before a change that must not happen once the caller has gone. */
        boolean commit() {
            return phase.compareAndSet(Phase.RUNNING, Phase.COMMITTING);
        }

        boolean abandon() {
            return phase.compareAndSet(Phase.WAITING, Phase.ABANDONED)
                    || phase.compareAndSet(Phase.RUNNING, Phase.ABANDONED);
        }
    }

    private <T> T run(String name, String what, Change<T> change) {
        return run(name, what, timeout, change);
    }

    private <T> T run(String name, String what, Duration bound, Change<T> change) {
        if (name == null || !VolumeName.isValid(name)) {
            // No lock for names that cannot exist; Create validated with a better message already.
            throw DriverException.notFound(name == null ? "(no name)" : VolumeName.printable(name));
        }
        Ticket ticket = new Ticket();
        ReentrantLock lock = locks.acquire(name);
        Future<T> result;
        try {
            result = workers.submit(() -> {
                lock.lock();
                try {
                    if (!ticket.start()) {
                        return null; // the caller gave up while this waited for the volume
                    }
                    return change.apply(ticket);
                } finally {
                    lock.unlock();
                    locks.release(name);
                }
            });
        } catch (RejectedExecutionException e) {
            locks.release(name);
            if (workers.isShutdown()) {
                throw new DriverException(DriverException.Kind.TIMEOUT, what + " " + name + " refused: the daemon is stopping");
            }
            throw countBackendError(new DriverException(DriverException.Kind.BACKEND, what + " " + name + " refused: "
                    + MAX_WORKERS + " operations are already running (a backend may be hanging; see quodock status)"));
        }
        try {
            return result.get(bound.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            if (ticket.abandon()) {
                LOG.error("{} {} abandoned after {} ms; it finishes or rolls back in the background",
                        what, name, bound.toMillis());
                throw timeout(what + " " + name, bound);
            }
            return awaitCommitting(result);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DriverException(DriverException.Kind.TIMEOUT, what + " " + name + " interrupted (daemon stopping)");
        } catch (ExecutionException e) {
            throw countBackendError(unwrap(e.getCause(), what, name));
        }
    }

    private DriverException countBackendError(DriverException e) {
        if (e.kind() == DriverException.Kind.BACKEND) {
            backendErrors.incrementAndGet();
        }
        return e;
    }

    private <T> T awaitCommitting(Future<T> result) {
        try {
            return result.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DriverException(DriverException.Kind.TIMEOUT, "interrupted while a change was being written");
        } catch (ExecutionException e) {
            throw countBackendError(unwrap(e.getCause(), "change", ""));
        }
    }

    private static DriverException unwrap(Throwable cause, String what, String name) {
        if (cause instanceof DriverException driver) {
            return driver;
        }
        LOG.error("{} {} failed unexpectedly", what, name, cause);
        return new DriverException(DriverException.Kind.BACKEND, what + " " + name + " failed: " + cause, cause);
    }
}
