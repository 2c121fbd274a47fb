package io.quodock.backend.quobyte;

import io.quodock.driver.VolumeService;
import io.quodock.mount.BindfsViews;
import io.quodock.state.DurableStore;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.eclipse.jetty.util.component.LifeCycle;

/**
 * One host's quobyte backend wired as the daemon wires it, without the plugin socket: API client,
 * shared mount (the double's mount directory, with {@code --no-mount}), backend, durable state and
 * driver core. Several of them on one {@link QuobyteApiDouble} are several hosts on one cluster.
 */
final class QuobyteHost implements AutoCloseable {
    static final String USER = "admin";
    static final String PASSWORD = "quobyte-test-Pa55";
    static final Duration OPERATION_TIMEOUT = Duration.ofSeconds(3);

    final QuobyteApiClient api;
    final QuobyteMount mount;
    final QuobyteBackend backend;
    final DurableStore store;
    final VolumeService service;

    /**
     * @param tenant        the daemon's tenant ({@code -tenant_id}): an id, a name or empty
     * @param stateDir      this host's state directory
     * @param probeTimeout  the bound on one file-system call on the mount
     */
    QuobyteHost(URI apiUrl, Path mountDir, String tenant, Path stateDir, Duration probeTimeout) throws Exception {
        QuobyteSettings settings = settings(apiUrl, mountDir, tenant, probeTimeout);
        api = new QuobyteApiClient(settings.api());
        api.start();
        mount = new QuobyteMount(settings, OPERATION_TIMEOUT);
        mount.start();
        backend = new QuobyteBackend(api, mount, settings, new BindfsViews(mountDir.resolveSibling("views")), "quobyte", OPERATION_TIMEOUT.multipliedBy(2).dividedBy(3));
        store = DurableStore.open(stateDir, 8L * 1024 * 1024);
        service = new VolumeService(backend, store, OPERATION_TIMEOUT, Clock.systemUTC());
    }

    static QuobyteSettings settings(URI apiUrl, Path mountDir, String tenant, Duration probeTimeout) {
        QuobyteApiConfig config = new QuobyteApiConfig(apiUrl, USER, PASSWORD, Duration.ofSeconds(2),
                Duration.ofSeconds(10), null);
        return new QuobyteSettings(config, tenant, "BASE", mountDir, "localhost:7861", "-o user_xattr",
                QuobyteSettings.DEFAULT_MOUNT_COMMAND, false, probeTimeout, false, Duration.ZERO);
    }

    @Override
    public void close() throws Exception {
        service.close();
        store.close();
        mount.close();
        LifeCycle.stop(api);
    }
}
