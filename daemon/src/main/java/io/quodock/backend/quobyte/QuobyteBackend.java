package io.quodock.backend.quobyte;

import io.quodock.backend.Subdirectories;
import io.quodock.driver.Backend;
import io.quodock.driver.CreateOptions;
import io.quodock.driver.DriverException;
import io.quodock.driver.FixedUser;
import io.quodock.driver.Scope;
import io.quodock.driver.Volume;
import io.quodock.mount.BindfsViews;
import io.quodock.mount.FileSystemProbe;
import io.quodock.mount.HostCommand;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Each Docker volume is a Quobyte volume of the same name, created and deleted through the management
 * API and reached as {@code <mount>/<name>} in the one shared client mount; scope {@code global}, since
 * every host that mounts the cluster sees the same volumes.
 *
 * <ul>
 *   <li>Create works like the original plugin: owner {@code root:root}, the daemon's configuration and
 *       tenant unless the options say otherwise; a tenant given by name is resolved to its id. A volume
 *       that exists already ({@code ENTITY_EXISTS_ALREADY}) is adopted, so Create is idempotent. It
 *       then waits, bounded, until the volume shows in the mount, marks it as made by this driver (the
 *       extended attribute {@code user.quodock.driver}, read by the other hosts' refresh), and creates
 *       the {@code subdirs}.</li>
 *   <li>The tenant id, the Quobyte volume UUID and the configuration are kept as attributes, so Remove
 *       deletes in the tenant the volume was made in (the original used the daemon's tenant:
 *       quobyte/docker-volume#31). A volume already gone on the server counts as removed.</li>
 *   <li>Mount checks, bounded, that the mount answers and the directory exists; Unmount does nothing.</li>
 * </ul>
 *
 * Every API call is bounded by the client's timeouts and every file-system call by the probe timeout,
 * so a dead or hung API or mount becomes an error that says so, never a hang.
 */
public final class QuobyteBackend implements Backend {
    public static final String NAME = "quobyte";
    /** Attribute: the id of the tenant the volume lives in (empty: the server's default tenant). */
    public static final String TENANT = "tenant_id";
    /** Attribute: the Quobyte volume's UUID. */
    public static final String VOLUME_UUID = "volume_uuid";
    /** Attribute: the volume configuration it was created with, when known. */
    public static final String CONFIGURATION = "configuration_name";
    /** Attribute: {@code user:group} the volume root was created for. */
    public static final String OWNER = "owner";
    /** The extended attribute (in the {@code user.} namespace) that marks volumes this driver created. */
    static final String MARK = "quodock.driver";

    private static final Logger LOG = LoggerFactory.getLogger(QuobyteBackend.class);
    private static final Set<String> OPTIONS = Set.of(CreateOptions.USER, CreateOptions.GROUP,
            CreateOptions.CONFIGURATION_NAME, CreateOptions.TENANT_ID, CreateOptions.SUBDIRS,
            CreateOptions.FIXED_USER, CreateOptions.FIXED_GROUP);
    private static final Pattern UUID = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final String DEFAULT_OWNER = "root";
    private static final long VISIBLE_POLL_MILLIS = 100;
    /** After the API failed to answer, Docker's lookups of unknown names skip it for this long. */
    private static final Duration LOOKUP_PAUSE = Duration.ofSeconds(10);
    /** A lookup still waiting for the API this long makes the next ones fail at once instead of waiting too. */
    private static final Duration LOOKUP_STUCK = Duration.ofSeconds(1);

    /** Whether a volume directory carries this driver's mark. */
    enum Mark { OURS, NONE, UNKNOWN }

    /** Calls of the API, for {@link #api}. */
    @FunctionalInterface
    private interface ApiCall<T> {
        T call() throws QuobyteApiException;
    }

    private final QuobyteApiClient api;
    private final QuobyteMount mount;
    private final QuobyteSettings settings;
    private final BindfsViews views;
    private final String driverName;
    private final Duration visibleTimeout;
    private final Map<String, String> tenantIds = new ConcurrentHashMap<>();
    private volatile Boolean apiReachable;
    private volatile long apiFailedAtNanos;
    private final AtomicLong lookupWaitingSince = new AtomicLong();
    private volatile String lastError;
    private volatile Instant lastErrorAt;
    private volatile Map<String, Object> refreshHealth = Map.of();

    /**
     * @param api            a started client of the management API
     * @param mount          the started shared mount
     * @param views          the fixed-user views, used when the settings choose bindfs over the client's mapping
     * @param driverName     Docker's name for this driver, written into the mark of new volumes
     * @param visibleTimeout how long Create waits for a new volume to show in the mount
     */
    public QuobyteBackend(QuobyteApiClient api, QuobyteMount mount, QuobyteSettings settings, BindfsViews views,
                          String driverName, Duration visibleTimeout) {
        this.api = api;
        this.mount = mount;
        this.settings = settings;
        this.views = views;
        this.driverName = driverName;
        this.visibleTimeout = visibleTimeout;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Scope scope() {
        return Scope.GLOBAL;
    }

    @Override
    public Set<String> createOptions() {
        return OPTIONS;
    }

    @Override
    public Optional<FixedUser.Method> fixedUserMethod() {
        return Optional.of(settings.fixedUserMethod());
    }

    @Override
    public Provisioned create(String name, CreateOptions options) {
        requireMountAlive("create volume " + name);
        String tenant = tenantId(options.tenantId());
        String user = options.user() == null ? DEFAULT_OWNER : options.user();
        String group = options.group() == null ? DEFAULT_OWNER : options.group();
        String configuration = options.configurationName() == null ? settings.configurationName()
                : options.configurationName();
        String where = "volume " + name + inTenant(tenant);
        String uuid;
        boolean adopted = false;
        try {
            uuid = api(() -> api.createVolume(new CreateVolumeRequest(name, tenant, user, group, configuration)));
            LOG.info("created Quobyte {} ({}), owner {}:{}, configuration {}", where, uuid, user, group,
                    configuration.isEmpty() ? "(server default)" : configuration);
        } catch (QuobyteApiException e) {
            if (!e.isEntityExistsAlready()) {
                throw failure("could not create Quobyte " + where, e);
            }
            uuid = resolve(name, tenant).orElseThrow(() -> new DriverException(DriverException.Kind.BACKEND,
                    "Quobyte says " + where + " exists (" + e.getMessage() + ") but cannot resolve it; retry the create"));
            adopted = true;
            LOG.info("adopted existing Quobyte {} ({})", where, uuid);
        }
        Path dir = awaitVisible(name, where);
        mark(dir);
        for (String subdir : options.subdirs()) {
            createInside(dir, subdir);
        }
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put(TENANT, tenant);
        attributes.put(VOLUME_UUID, uuid);
        if (!adopted) {
            attributes.put(CONFIGURATION, configuration);
            attributes.put(OWNER, user + ":" + group);
        }
        return new Provisioned(dir, attributes);
    }

    @Override
    public void remove(Volume volume) {
        detach(volume); // a bindfs view left by an Unmount whose release failed
        String tenant = volume.attributes().containsKey(TENANT) ? volume.attributes().get(TENANT) : tenantId(null);
        String recorded = volume.attributes().get(VOLUME_UUID);
        String where = "volume " + volume.name() + inTenant(tenant);
        Optional<String> uuid = resolve(volume.name(), tenant);
        if (uuid.isEmpty()) {
            LOG.info("Quobyte {} is gone already: removed", where);
            return;
        }
        if (recorded != null && !recorded.equals(uuid.get())) {
            LOG.warn("Quobyte {} is now {}, not {} as created here: the one created here is gone, the new one"
                    + " is left alone", where, uuid.get(), recorded);
            return;
        }
        try {
            api(() -> {
                api.deleteVolume(uuid.get());
                return null;
            });
            LOG.info("deleted Quobyte {} ({})", where, uuid.get());
        } catch (QuobyteApiException e) {
            if (!e.isEntityNotFound()) {
                throw failure("Quobyte did not delete " + where + " (" + uuid.get() + ")", e);
            }
        }
    }

    /**
     * The volume directory, or with a fixed-user mapping the client's {@code user#group@volume} path
     * or a bindfs view of the directory, checked to answer within the probe timeout.
     */
    @Override
    public Path attach(Volume volume) {
        Path dir = volumeDirectory(volume);
        FixedUser mapping = volume.fixedUser().current();
        if (settings.fixedUserMethod() == FixedUser.Method.BINDFS) {
            return bindfsView(volume, dir, mapping);
        }
        if (mapping == null) {
            return dir;
        }
        Path mapped = mapping.quobytePath(mount.path(), volume.name());
        FileSystemProbe.Result state = mount.probe(mapped.getFileName().toString());
        if (state.alive()) {
            return mapped;
        }
        throw new DriverException(DriverException.Kind.BACKEND, "the Quobyte client does not show the user-mapped path "
                + mapped + " (" + state.state().name().toLowerCase(Locale.ROOT) + "): mount it with -o "
                + QuobyteSettings.USER_MAPPING_OPTION + " (quodock adds it when it mounts), or start the daemon with"
                + " --fixed-user-method=bindfs");
    }

    @Override
    public Path attachedPath(Volume volume) {
        FixedUser mapping = volume.fixedUser().current();
        if (mapping == null) {
            return Path.of(volume.mountpoint());
        }
        return settings.fixedUserMethod() == FixedUser.Method.BINDFS
                ? views.path(volume.name())
                : mapping.quobytePath(mount.path(), volume.name());
    }

    private Path bindfsView(Volume volume, Path dir, FixedUser mapping) {
        try {
            if (volume.mounts().isEmpty()) {
                // A view still there at a first Mount was left by a release that failed, maybe with another mapping.
                views.close(volume.name());
            }
            return mapping == null ? dir : views.open(volume.name(), dir, mapping.user(), mapping.group());
        } catch (HostCommand.TimedOut e) {
            throw new DriverException(DriverException.Kind.TIMEOUT, "fixed-user view of volume " + volume.name()
                    + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new DriverException(DriverException.Kind.BACKEND, "fixed-user view of volume " + volume.name() + ": "
                    + e.getMessage() + " (views need bindfs and fuse3 installed, and the daemon running as root)");
        }
    }

    private Path volumeDirectory(Volume volume) {
        FileSystemProbe.Result state = mount.probe(volume.name());
        if (state.alive()) {
            return Path.of(volume.mountpoint());
        }
        if (state.state() == FileSystemProbe.State.MISSING) {
            FileSystemProbe.Result root = mount.probe();
            if (root.alive()) {
                throw new DriverException(DriverException.Kind.BACKEND, "volume directory " + volume.mountpoint()
                        + " does not exist: the Quobyte volume was deleted outside Docker, or the client at "
                        + mount.path() + " mounts another registry or tenant; check 'ls " + mount.path()
                        + "', or remove the volume with docker volume rm");
            }
            state = root;
        }
        throw mountFailure("mount volume " + volume.name(), state);
    }

    @Override
    public void detach(Volume volume) {
        // One shared mount for all volumes: only a bindfs view is released per volume.
        if (settings.fixedUserMethod() == FixedUser.Method.BINDFS) {
            try {
                views.close(volume.name());
            } catch (IOException e) {
                throw new DriverException(DriverException.Kind.BACKEND, "cannot unmount the fixed-user view of volume "
                        + volume.name() + ": " + e.getMessage());
            }
        }
    }

    /**
     * With bindfs: adopts the views of volumes containers still hold and unmounts the others. With the
     * client's mapping on a mount quodock did not make: warns that the option cannot be confirmed.
     */
    @Override
    public void recover(Collection<Volume> volumes) {
        if (settings.fixedUserMethod() == FixedUser.Method.BINDFS) {
            Map<String, Path> wanted = new TreeMap<>();
            for (Volume volume : volumes) {
                if (!volume.mounts().isEmpty() && volume.fixedUser().current() != null) {
                    wanted.put(volume.name(), Path.of(volume.mountpoint()));
                }
            }
            try {
                views.retain(wanted);
            } catch (IOException e) {
                LOG.error("could not check the fixed-user views in {}: {}", views.dir(), e.getMessage());
            }
            return;
        }
        long mapped = volumes.stream()
                .filter(v -> v.fixedUser().current() != null || v.fixedUser().pending())
                .count();
        if (mapped > 0 && !mount.userMappingConfirmed()) {
            LOG.warn("{} volume(s) have fixed-user mappings, and the Quobyte client at {} was not mounted by quodock"
                    + " with -o {}: quodock cannot confirm the option is on. Without it the client ignores"
                    + " user#group@volume paths; mount with it, or use --fixed-user-method=bindfs",
                    mapped, mount.path(), QuobyteSettings.USER_MAPPING_OPTION);
        }
    }

    /**
     * Resolves {@code name} in the daemon's tenant; found volumes are registered by the core. Docker
     * asks about every new name, for its local volumes too, so while the API does not answer this
     * fails at once rather than make each of those wait: for 10 s after a call failed to reach the API,
     * and while an earlier lookup has been waiting for more than a second.
     */
    @Override
    public Optional<Provisioned> lookup(String name) {
        long now = System.nanoTime();
        long waiting = lookupWaitingSince.get();
        if (waiting != 0 && now - waiting > LOOKUP_STUCK.toNanos()) {
            throw new DriverException(DriverException.Kind.TIMEOUT, "the Quobyte API has not answered an earlier"
                    + " lookup for " + TimeUnit.NANOSECONDS.toMillis(now - waiting) + " ms; " + name + " was not looked up");
        }
        if (Boolean.FALSE.equals(apiReachable) && now - apiFailedAtNanos < LOOKUP_PAUSE.toNanos()) {
            throw new DriverException(DriverException.Kind.BACKEND, "the Quobyte API failed less than "
                    + LOOKUP_PAUSE.toSeconds() + " s ago (" + lastError + "); " + name + " was not looked up");
        }
        boolean first = lookupWaitingSince.compareAndSet(0, now);
        try {
            String tenant = tenantId(null);
            return resolve(name, tenant).map(uuid -> new Provisioned(mount.path().resolve(name),
                    Map.of(TENANT, tenant, VOLUME_UUID, uuid)));
        } finally {
            if (first) {
                lookupWaitingSince.set(0);
            }
        }
    }

    @Override
    public Map<String, Object> health() {
        Map<String, Object> health = new LinkedHashMap<>();
        health.put("api", settings.api().url().toString());
        health.put("api_reachable", apiReachable == null ? "unknown" : apiReachable);
        health.put("mount", mount.path().toString());
        FileSystemProbe.Result state = mount.probe();
        health.put("mount_state", state.state().name().toLowerCase(Locale.ROOT));
        if (!state.alive()) {
            health.put("mount_error", state.detail());
        }
        if (lastError != null) {
            health.put("last_error", lastError);
            health.put("last_error_at", lastErrorAt.toString());
        }
        health.putAll(refreshHealth);
        return health;
    }

    /** The id of the daemon's tenant ({@code -tenant_id}), resolved from a name when needed. */
    String defaultTenantId() {
        return tenantId(null);
    }

    /** The volumes of a tenant, or of all tenants for an empty id. */
    List<QuobyteVolume> listVolumes(String tenantId) {
        try {
            return api(() -> api.getVolumeList(tenantId));
        } catch (QuobyteApiException e) {
            throw failure("could not list the Quobyte volumes" + inTenant(tenantId), e);
        }
    }

    /** Whether the volume still exists in Quobyte, under the UUID it was registered with. */
    boolean exists(Volume volume) {
        String tenant = volume.attributes().getOrDefault(TENANT, "");
        Optional<String> uuid = resolve(volume.name(), tenant);
        String recorded = volume.attributes().get(VOLUME_UUID);
        return uuid.isPresent() && (recorded == null || recorded.equals(uuid.get()));
    }

    /** What a volume from the list is, for the core's state. */
    Provisioned provisioned(QuobyteVolume volume) {
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put(TENANT, volume.tenantId());
        attributes.put(VOLUME_UUID, volume.uuid());
        if (!volume.configurationName().isEmpty()) {
            attributes.put(CONFIGURATION, volume.configurationName());
        }
        return new Provisioned(mount.path().resolve(volume.name()), attributes);
    }

    /** Whether {@code <mount>/<name>} carries this driver's mark; {@code UNKNOWN} when it cannot be read now. */
    Mark mark(String name) {
        Path dir = mount.path().resolve(name);
        try {
            return mount.files().call(() -> {
                UserDefinedFileAttributeView view = Files.getFileAttributeView(dir, UserDefinedFileAttributeView.class);
                if (!view.list().contains(MARK)) {
                    return Mark.NONE;
                }
                ByteBuffer value = ByteBuffer.allocate(view.size(MARK));
                view.read(MARK, value);
                value.flip();
                return driverName.equals(StandardCharsets.UTF_8.decode(value).toString()) ? Mark.OURS : Mark.NONE;
            });
        } catch (IOException e) {
            LOG.debug("cannot read the mark of {}: {}", dir, e.toString());
            return Mark.UNKNOWN;
        }
    }

    /** Health facts of the cluster refresh, shown by {@link #health}. */
    void refreshed(Map<String, Object> facts) {
        refreshHealth = Map.copyOf(facts);
    }

    private Optional<String> resolve(String name, String tenant) {
        try {
            return Optional.of(api(() -> api.resolveVolumeName(name, tenant)));
        } catch (QuobyteApiException e) {
            if (e.isEntityNotFound()) {
                return Optional.empty();
            }
            throw failure("could not resolve Quobyte volume " + name + inTenant(tenant), e);
        }
    }

    /**
     * The tenant id to use: {@code given} (the create option), or the daemon's tenant when null. An id
     * that looks like a UUID is used as it is, an empty one means the server's default tenant, anything
     * else is taken as a tenant name and resolved through the API (and remembered).
     */
    private String tenantId(String given) {
        String tenant = given == null ? settings.tenant() : given;
        if (tenant.isEmpty() || UUID.matcher(tenant).matches()) {
            return tenant;
        }
        String known = tenantIds.get(tenant);
        if (known != null) {
            return known;
        }
        try {
            String id = api(() -> api.resolveTenantName(tenant));
            tenantIds.put(tenant, id);
            return id;
        } catch (QuobyteApiException e) {
            if (e.isEntityNotFound()) {
                String fix = given == null ? "set -tenant_id (QUOBYTE_TENANT_ID) to an existing tenant's name or id"
                        : "give -o tenant_id=<an existing tenant's name or id>";
                throw new DriverException(given == null ? DriverException.Kind.BACKEND : DriverException.Kind.INVALID,
                        "Quobyte tenant '" + tenant + "' does not exist (" + e.getMessage() + "): " + fix);
            }
            throw failure("could not resolve Quobyte tenant '" + tenant + "'", e);
        }
    }

    private Path awaitVisible(String name, String where) {
        long deadline = System.nanoTime() + visibleTimeout.toNanos();
        while (true) {
            FileSystemProbe.Result state = mount.probe(name);
            if (state.alive()) {
                return mount.path().resolve(name);
            }
            if (state.state() != FileSystemProbe.State.MISSING) {
                throw mountFailure("wait for the new " + where, state);
            }
            if (System.nanoTime() > deadline) {
                throw new DriverException(DriverException.Kind.TIMEOUT, "Quobyte " + where + " was created but "
                        + mount.path().resolve(name) + " did not appear within " + visibleTimeout.toMillis()
                        + " ms: check that the client at " + mount.path() + " mounts the registry that holds"
                        + " it (mount | grep quobyte); creating it again adopts it");
            }
            try {
                Thread.sleep(VISIBLE_POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DriverException(DriverException.Kind.TIMEOUT, "interrupted while waiting for " + where);
            }
        }
    }

    /** Marks the volume as made by this driver; a file system without user xattrs only costs the other hosts' refresh. */
    private void mark(Path dir) {
        try {
            mount.files().call(() -> Files.getFileAttributeView(dir, UserDefinedFileAttributeView.class)
                    .write(MARK, StandardCharsets.UTF_8.encode(driverName)));
        } catch (IOException e) {
            LOG.warn("could not mark {} as made by quodock ({}): other hosts list it only after a Get by name"
                    + " or with --adopt-existing; mount with -o user_xattr to allow the mark", dir, e.toString());
        }
    }

    /** Creates {@code subdir} inside the volume, owned like the volume root, never through a symbolic link. */
    private void createInside(Path volume, String subdir) {
        try {
            mount.files().call(() -> {
                Subdirectories.create(volume, subdir);
                return null;
            });
        } catch (FileSystemProbe.Hung e) {
            throw mountFailure("create subdirs entry " + subdir, new FileSystemProbe.Result(FileSystemProbe.State.HUNG,
                    e.getMessage()));
        } catch (IOException e) {
            throw new DriverException(DriverException.Kind.BACKEND, "could not create subdirs entry " + subdir
                    + " in " + volume + ": " + (e.getMessage() == null ? e.toString() : e.getMessage()));
        }
    }

    private void requireMountAlive(String what) {
        FileSystemProbe.Result state = mount.probe();
        if (!state.alive()) {
            throw mountFailure(what, state);
        }
    }

    private DriverException mountFailure(String what, FileSystemProbe.Result state) {
        String at = "the Quobyte client mount at " + mount.path();
        return switch (state.state()) {
            case DEAD -> new DriverException(DriverException.Kind.BACKEND, "cannot " + what + ": " + at
                    + " is dead (Transport endpoint is not connected): the Quobyte client stopped; restart it,"
                    + " or restart quodock, which mounts it again");
            case HUNG -> new DriverException(DriverException.Kind.TIMEOUT, "cannot " + what + ": " + at
                    + " does not answer (" + state.detail() + "); check the Quobyte client and its registry");
            case MISSING -> new DriverException(DriverException.Kind.BACKEND, "cannot " + what + ": " + at
                    + " does not exist; check -path, or restart quodock, which mounts it");
            default -> new DriverException(DriverException.Kind.BACKEND, "cannot " + what + ": " + at
                    + " fails: " + state.detail());
        };
    }

    /** Runs an API call and records whether the API answered, for {@link #health}. */
    private <T> T api(ApiCall<T> call) throws QuobyteApiException {
        try {
            T result = call.call();
            apiReachable = true;
            return result;
        } catch (QuobyteApiException e) {
            apiReachable = e.kind() == QuobyteApiException.Kind.RPC_ERROR;
            apiFailedAtNanos = System.nanoTime();
            lastError = e.method() + ": " + e.getMessage();
            lastErrorAt = Instant.now();
            throw e;
        }
    }

    private static DriverException failure(String what, QuobyteApiException e) {
        DriverException.Kind kind = switch (e.kind()) {
            case TIMEOUT, INTERRUPTED -> DriverException.Kind.TIMEOUT;
            default -> DriverException.Kind.BACKEND;
        };
        String detail = e.kind() == QuobyteApiException.Kind.RPC_ERROR
                ? "Quobyte answered " + e.method() + " with: " + e.getMessage().strip()
                : e.getMessage();
        return new DriverException(kind, what + ": " + detail, e);
    }

    private static String inTenant(String tenant) {
        return tenant == null || tenant.isEmpty() ? " (default tenant)" : " in tenant " + tenant;
    }
}
