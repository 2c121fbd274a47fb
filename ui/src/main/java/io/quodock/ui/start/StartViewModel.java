package io.quodock.ui.start;

import io.quodock.ui.admin.AdminCalls;
import io.quodock.ui.launch.DaemonSettings;
import io.quodock.ui.launch.DaemonStarter;
import io.quodock.ui.launch.SocketRights;
import io.quodock.ui.launch.StartedDaemon;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * The start panel. The form holds the settings of a daemon process (the flags of {@code quodock
 * daemon}); whether this user may create its sockets is checked as the paths are typed. Either start
 * hands the started daemon to {@code started}, which attaches to it.
 */
public final class StartViewModel {
    private final DaemonStarter starter;
    private final AdminCalls calls;
    private final Consumer<StartedDaemon> started;
    private final String user;
    private final String missingSocket;
    private final StringProperty driverName = new SimpleStringProperty(this, "driverName");
    private final StringProperty pluginDir = new SimpleStringProperty(this, "pluginDir");
    private final StringProperty socketGroup = new SimpleStringProperty(this, "socketGroup");
    private final StringProperty stateDir = new SimpleStringProperty(this, "stateDir");
    private final StringProperty volumesRoot = new SimpleStringProperty(this, "volumesRoot");
    private final StringProperty adminSocket = new SimpleStringProperty(this, "adminSocket");
    private final StringBinding rightsProblem;
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper(this, "error", "");
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(this, "busy");

    /**
     * @param socket  the admin socket where no daemon answered
     * @param user    who runs the console, for the explanation of missing rights
     * @param started attaches to a started daemon (on the FX thread)
     */
    public StartViewModel(DaemonStarter starter, AdminCalls calls, Path socket, String user, Consumer<StartedDaemon> started) {
        this.starter = starter;
        this.calls = calls;
        this.started = started;
        this.user = user;
        this.missingSocket = missingSocket(socket, user, Files.exists(socket), Files.isWritable(socket));
        DaemonSettings defaults = DaemonSettings.defaults(socket);
        driverName.set(defaults.driverName());
        pluginDir.set(defaults.pluginDir().toString());
        socketGroup.set(defaults.socketGroup());
        stateDir.set(defaults.stateDir().toString());
        volumesRoot.set(defaults.volumesRoot().toString());
        adminSocket.set(defaults.adminSocket().toString());
        rightsProblem = Bindings.createStringBinding(this::checkRights, driverName, pluginDir, adminSocket);
    }

    /** What happened: no daemon on the socket (or one this user may not talk to), and that the console keeps looking. */
    public String missingSocket() {
        return missingSocket;
    }

    static String missingSocket(Path socket, String user, boolean exists, boolean usable) {
        if (exists && !usable) {
            return "A daemon's admin socket is at " + socket + ", but " + user + " may not use it: run the console as"
                    + " root, or as a member of the group the daemon gives its admin socket (--admin-group; ls -l "
                    + socket + " shows it). The console attaches by itself once it may.";
        }
        return "No quodock daemon answers on " + socket + ". The console attaches by itself as soon as one does"
                + " (for example after `sudo systemctl start quodock`), or start one here.";
    }

    public StringProperty driverNameProperty() {
        return driverName;
    }

    public StringProperty pluginDirProperty() {
        return pluginDir;
    }

    public StringProperty socketGroupProperty() {
        return socketGroup;
    }

    public StringProperty stateDirProperty() {
        return stateDir;
    }

    public StringProperty volumesRootProperty() {
        return volumesRoot;
    }

    public StringProperty adminSocketProperty() {
        return adminSocket;
    }

    /** Why this user cannot start a daemon with these settings; empty when nothing stands in the way. */
    public StringBinding rightsProblem() {
        return rightsProblem;
    }

    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    public BooleanBinding startProcessDisabled() {
        return rightsProblem.isNotEmpty().or(busy);
    }

    /** Starts {@code quodock daemon} with the form's settings. */
    public void startProcess() {
        DaemonSettings settings;
        try {
            settings = settings();
        } catch (InvalidPathException e) {
            error.set("Could not start the daemon: " + e.getMessage());
            return;
        }
        run("start the daemon", () -> starter.startProcess(settings));
    }

    /** Starts a daemon inside the console, on the local backend in the user's directory. */
    public void startEmbedded() {
        run("start the embedded daemon", starter::startEmbedded);
    }

    private void run(String what, Supplier<StartedDaemon> start) {
        busy.set(true);
        error.set("");
        calls.run(what, start, daemon -> {
            busy.set(false);
            started.accept(daemon);
        }, message -> {
            busy.set(false);
            error.set(message);
        });
    }

    private DaemonSettings settings() {
        return new DaemonSettings(driverName.get().strip(), Path.of(pluginDir.get().strip()), socketGroup.get().strip(),
                Path.of(stateDir.get().strip()), Path.of(volumesRoot.get().strip()), Path.of(adminSocket.get().strip()));
    }

    private String checkRights() {
        try {
            String problem = SocketRights.problem(settings(), user);
            return problem == null ? "" : problem;
        } catch (InvalidPathException e) {
            return e.getMessage();
        }
    }
}
