package io.quodock.ui.create;

import io.quodock.driver.VolumeName;
import io.quodock.ui.admin.AdminCalls;
import io.quodock.ui.admin.AdminClient;
import io.quodock.ui.admin.VolumeInfo;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * The create form. The name is checked on every keystroke with {@link VolumeName#problem}, the rule
 * the daemon applies, so the form and the daemon never disagree; the daemon's own refusals (an
 * unknown user, an option the backend cannot honour) come back into {@link #errorProperty}.
 */
public final class CreateVolumeViewModel {
    private final AdminClient client;
    private final AdminCalls calls;
    private final StringProperty name = new SimpleStringProperty(this, "name", "");
    private final StringProperty user = new SimpleStringProperty(this, "user", "");
    private final StringProperty group = new SimpleStringProperty(this, "group", "");
    private final StringProperty configurationName = new SimpleStringProperty(this, "configurationName", "");
    private final StringProperty tenantId = new SimpleStringProperty(this, "tenantId", "");
    private final StringProperty fixedUser = new SimpleStringProperty(this, "fixedUser", "");
    private final StringProperty fixedGroup = new SimpleStringProperty(this, "fixedGroup", "");
    private final StringProperty subdirs = new SimpleStringProperty(this, "subdirs", "");
    private final BooleanProperty quobyteFields = new SimpleBooleanProperty(this, "quobyteFields");
    private final StringBinding nameProblem;
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper(this, "error", "");
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(this, "busy");

    /**
     * @param backend the daemon's backend: {@code configuration_name} and {@code tenant_id} are for Quobyte only
     */
    public CreateVolumeViewModel(AdminClient client, AdminCalls calls, String backend) {
        this.client = client;
        this.calls = calls;
        quobyteFields.set("quobyte".equals(backend));
        // Nothing typed yet is not an error worth showing; anything typed is checked at once.
        nameProblem = Bindings.createStringBinding(
                () -> name.get().isEmpty() ? "" : nullToEmpty(VolumeName.problem(name.get())), name);
    }

    public StringProperty nameProperty() {
        return name;
    }

    public StringProperty userProperty() {
        return user;
    }

    public StringProperty groupProperty() {
        return group;
    }

    public StringProperty configurationNameProperty() {
        return configurationName;
    }

    public StringProperty tenantIdProperty() {
        return tenantId;
    }

    public StringProperty fixedUserProperty() {
        return fixedUser;
    }

    public StringProperty fixedGroupProperty() {
        return fixedGroup;
    }

    public StringProperty subdirsProperty() {
        return subdirs;
    }

    /** Whether the Quobyte-only fields apply to the daemon's backend. */
    public BooleanProperty quobyteFieldsProperty() {
        return quobyteFields;
    }

    /** Why the name cannot name a volume, in the core's words; empty when it can (or nothing is typed). */
    public StringBinding nameProblem() {
        return nameProblem;
    }

    /** The daemon's refusal of the last attempt, in plain words; empty when there is none. */
    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    public BooleanBinding createDisabled() {
        return name.isEmpty().or(nameProblem.isNotEmpty()).or(busy);
    }

    /** The create options the filled fields make; blank fields are left out. */
    public Map<String, String> options() {
        Map<String, String> options = new LinkedHashMap<>();
        put(options, "user", user);
        put(options, "group", group);
        if (quobyteFields.get()) {
            put(options, "configuration_name", configurationName);
            put(options, "tenant_id", tenantId);
        }
        put(options, "fixed_user", fixedUser);
        put(options, "fixed_group", fixedGroup);
        put(options, "subdirs", subdirs);
        return options;
    }

    /** Asks the daemon to create the volume; {@code created} gets it when the daemon has. */
    public void create(Consumer<VolumeInfo> created) {
        if (createDisabled().get()) {
            return;
        }
        String volume = name.get();
        Map<String, String> options = options();
        busy.set(true);
        error.set("");
        calls.run("create volume " + volume, () -> client.create(volume, options), info -> {
            busy.set(false);
            created.accept(info);
        }, message -> {
            busy.set(false);
            error.set(message);
        });
    }

    private static void put(Map<String, String> options, String key, StringProperty field) {
        String value = field.get() == null ? "" : field.get().strip();
        if (!value.isEmpty()) {
            options.put(key, value);
        }
    }

    private static String nullToEmpty(String text) {
        return text == null ? "" : text;
    }
}
