package io.quodock.ui.main;

import io.quodock.ui.activity.ActivityViewModel;
import io.quodock.ui.admin.AdminCalls;
import io.quodock.ui.admin.AdminClient;
import io.quodock.ui.admin.DaemonConnection;
import io.quodock.ui.admin.DaemonEvent;
import io.quodock.ui.admin.DaemonState;
import io.quodock.ui.admin.DaemonStatus;
import io.quodock.ui.launch.StartedDaemon;
import io.quodock.ui.volumes.VolumesViewModel;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;

/**
 * The console's state as a whole: which daemon it is attached to and how, what the status bar says,
 * and whether the start panel shows. It owns the {@link DaemonConnection} and feeds the screens'
 * view models from it. Must be used on the FX thread.
 */
public final class MainViewModel implements DaemonConnection.Listener, AutoCloseable {

    /** Where the console stands with its daemon. */
    public enum Phase {
        /** Looking for the daemon at launch. */
        CONNECTING,
        /** No daemon answered at launch: the start panel shows (the console keeps looking). */
        START_PANEL,
        /** Attached; the screens are live. */
        ATTACHED,
        /** Was attached, lost the daemon, and tries again; the screens show the last state. */
        LOST
    }

    private final Function<Path, AdminClient> clients;
    private final AdminCalls calls;
    private final Clock clock;
    private final Duration retry;
    private final ObjectProperty<AdminClient> client = new SimpleObjectProperty<>(this, "client");
    private final VolumesViewModel volumes;
    private final ActivityViewModel activity = new ActivityViewModel();
    private final ReadOnlyObjectWrapper<Phase> phase = new ReadOnlyObjectWrapper<>(this, "phase", Phase.CONNECTING);
    private final ReadOnlyStringWrapper mode = new ReadOnlyStringWrapper(this, "mode", "");
    private final ReadOnlyStringWrapper socket = new ReadOnlyStringWrapper(this, "socket", "");
    private final ReadOnlyStringWrapper version = new ReadOnlyStringWrapper(this, "version", "");
    private final ReadOnlyStringWrapper uptime = new ReadOnlyStringWrapper(this, "uptime", "");
    private final ReadOnlyStringWrapper health = new ReadOnlyStringWrapper(this, "health", "");
    private final ReadOnlyStringWrapper connection = new ReadOnlyStringWrapper(this, "connection", "connecting…");
    private final ReadOnlyStringWrapper driver = new ReadOnlyStringWrapper(this, "driver", "");
    private final ReadOnlyStringWrapper backend = new ReadOnlyStringWrapper(this, "backend", "");
    private DaemonConnection current;
    private String currentMode = "";
    private AutoCloseable owned;
    private Instant startedAt;
    private boolean everAttached;

    /**
     * @param clients makes the admin client for a socket
     * @param calls   runs admin calls off the FX thread; its FX executor also carries the connection's reports
     * @param retry   how often to try a daemon that does not answer
     */
    public MainViewModel(Function<Path, AdminClient> clients, AdminCalls calls, Clock clock, Duration retry) {
        this.clients = clients;
        this.calls = calls;
        this.clock = clock;
        this.retry = retry;
        this.volumes = new VolumesViewModel(client, calls);
    }

    public VolumesViewModel volumes() {
        return volumes;
    }

    public ActivityViewModel activity() {
        return activity;
    }

    public AdminCalls calls() {
        return calls;
    }

    /** The admin client of the daemon attached to (or being tried), null before the first attach. */
    public ReadOnlyObjectProperty<AdminClient> clientProperty() {
        return client;
    }

    public ReadOnlyObjectProperty<Phase> phaseProperty() {
        return phase.getReadOnlyProperty();
    }

    /** How the daemon runs: attached to, started as a process, or embedded. */
    public ReadOnlyStringProperty modeProperty() {
        return mode.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty socketProperty() {
        return socket.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty versionProperty() {
        return version.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty uptimeProperty() {
        return uptime.getReadOnlyProperty();
    }

    /** The backend's health, e.g. {@code local: healthy}. */
    public ReadOnlyStringProperty healthProperty() {
        return health.getReadOnlyProperty();
    }

    /** Attached, or lost with the reason and that the console tries again. */
    public ReadOnlyStringProperty connectionProperty() {
        return connection.getReadOnlyProperty();
    }

    /** The daemon's Docker driver name. */
    public ReadOnlyStringProperty driverProperty() {
        return driver.getReadOnlyProperty();
    }

    /** The daemon's backend, e.g. {@code local}. */
    public ReadOnlyStringProperty backendProperty() {
        return backend.getReadOnlyProperty();
    }

    /** Attaches to the daemon on {@code adminSocket} (found there at launch, or given with --admin-socket). */
    public void attach(Path adminSocket) {
        connect(adminSocket, "running daemon");
    }

    /** Attaches to a daemon the start panel started; an embedded one stops when the console closes. */
    public void attach(StartedDaemon daemon) {
        owned = daemon.owned();
        connect(daemon.adminSocket(), daemon.mode());
    }

    private void connect(Path adminSocket, String how) {
        if (current != null) {
            current.close();
        }
        currentMode = how;
        mode.set(how);
        socket.set(adminSocket.toString());
        connection.set("connecting…");
        AdminClient admin = clients.apply(adminSocket);
        client.set(admin);
        current = new DaemonConnection(admin, calls.fx(), this, retry);
        current.start();
    }

    @Override
    public void attached(DaemonState state) {
        everAttached = true;
        DaemonStatus status = state.daemon();
        phase.set(Phase.ATTACHED);
        connection.set("attached");
        mode.set(currentMode);
        version.set("quodock " + status.version() + " (pid " + status.pid() + ")");
        driver.set(status.driver());
        backend.set(status.backend());
        startedAt = status.startedAt();
        showHealth(status.health());
        refreshUptime();
        volumes.replaceAll(state.volumes(), status.dockerReachable());
        activity.attached(clock.instant(), status);
    }

    @Override
    public void events(List<DaemonEvent> batch) {
        volumes.apply(batch);
        activity.apply(batch);
        for (DaemonEvent event : batch) {
            if (event instanceof DaemonEvent.HealthChanged changed) {
                showHealth(changed.health());
            }
        }
    }

    @Override
    public void lost(String reason) {
        phase.set(everAttached ? Phase.LOST : Phase.START_PANEL);
        if (!everAttached) {
            mode.set("no daemon");
        }
        connection.set((everAttached ? "connection lost, re-attaching: " : "not attached: ") + reason);
        startedAt = null;
        uptime.set("");
        if (everAttached) {
            activity.lost(clock.instant(), reason);
        }
    }

    /** Recomputes the uptime text; the view calls it every second. */
    public void refreshUptime() {
        if (startedAt == null) {
            uptime.set("");
            return;
        }
        uptime.set("up " + format(Duration.between(startedAt, clock.instant())));
    }

    /**
     * Stops following the daemon, and stops a daemon embedded in the console.
     *
     * @throws IllegalStateException when the embedded daemon does not stop cleanly, with its reason
     */
    @Override
    public void close() {
        if (current != null) {
            current.close();
            current = null;
        }
        if (owned != null) {
            AutoCloseable daemon = owned;
            owned = null;
            try {
                daemon.close();
            } catch (Exception e) {
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                throw new IllegalStateException("the embedded daemon did not stop cleanly: " + e.getMessage(), e);
            }
        }
    }

    private void showHealth(DaemonStatus.Health status) {
        health.set(backend.get() + " backend " + status.describe());
    }

    static String format(Duration duration) {
        long seconds = Math.max(0, duration.getSeconds());
        long days = seconds / 86_400;
        long hours = seconds % 86_400 / 3600;
        long minutes = seconds % 3600 / 60;
        if (days > 0) {
            return days + "d " + hours + "h";
        }
        if (hours > 0) {
            return hours + "h " + minutes + "m";
        }
        return minutes + "m " + seconds % 60 + "s";
    }
}
