package io.quodock.ui.mapping;

import io.quodock.ui.admin.AdminCalls;
import io.quodock.ui.admin.AdminClient;
import io.quodock.ui.admin.FixedUserInfo;
import io.quodock.ui.admin.VolumeInfo;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * Edits one volume's fixed-user mapping. While containers mount the volume a change waits for its next
 * first mount; the form says so before the user saves, and the table marks the mapping as pending.
 */
public final class FixedUserViewModel {
    private final AdminClient client;
    private final AdminCalls calls;
    private final String volume;
    private final StringProperty user = new SimpleStringProperty(this, "user", "");
    private final StringProperty group = new SimpleStringProperty(this, "group", "");
    private final String current;
    private final String when;
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper(this, "error", "");
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(this, "busy");
    private final boolean hasMapping;

    public FixedUserViewModel(AdminClient client, AdminCalls calls, VolumeInfo volume) {
        this.client = client;
        this.calls = calls;
        this.volume = volume.name();
        FixedUserInfo mapping = volume.fixedUser();
        String shown = mapping.pending() ? mapping.next() : mapping.current();
        if (shown != null) {
            int colon = shown.indexOf(':');
            user.set(colon < 0 ? shown : shown.substring(0, colon));
            group.set(colon < 0 ? "" : shown.substring(colon + 1));
        }
        hasMapping = mapping.current() != null || mapping.next() != null;
        current = mapping.describe().isEmpty() ? "none" : mapping.describe();
        when = volume.inUse()
                ? volume.name() + " is mounted now (" + volume.refs() + " mount(s)): a change takes effect at its next first"
                        + " mount, after every container using it has stopped, and shows as pending until then."
                : "No container mounts " + volume.name() + ": a change takes effect at once.";
    }

    public String volume() {
        return volume;
    }

    public StringProperty userProperty() {
        return user;
    }

    /** May stay empty: the user's primary group. */
    public StringProperty groupProperty() {
        return group;
    }

    /** The mapping now, e.g. {@code alice:staff}, with a pending change if one waits. */
    public String current() {
        return current;
    }

    /** When a change would take effect. */
    public String when() {
        return when;
    }

    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    public BooleanBinding saveDisabled() {
        return user.isEmpty().or(busy);
    }

    public boolean canClear() {
        return hasMapping;
    }

    /** Sets the mapping to the user and group in the form. */
    public void save(Consumer<VolumeInfo> done) {
        String u = user.get().strip();
        String g = group.get().strip();
        submit("map volume " + volume + " to " + u + (g.isEmpty() ? "" : ":" + g),
                () -> client.setFixedUser(volume, u, g.isEmpty() ? null : g), done);
    }

    /** Removes the mapping. */
    public void clear(Consumer<VolumeInfo> done) {
        submit("clear the mapping of volume " + volume, () -> client.clearFixedUser(volume), done);
    }

    private void submit(String what, Supplier<VolumeInfo> call, Consumer<VolumeInfo> done) {
        busy.set(true);
        error.set("");
        calls.run(what, call, info -> {
            busy.set(false);
            done.accept(info);
        }, message -> {
            busy.set(false);
            error.set(message);
        });
    }
}
