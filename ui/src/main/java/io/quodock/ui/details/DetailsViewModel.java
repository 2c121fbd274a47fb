package io.quodock.ui.details;

import io.quodock.ui.admin.VolumeInfo;
import io.quodock.ui.volumes.VolumeRow;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.value.ObservableValue;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/** What the details pane shows for one volume; follows the selection it is given. */
public final class DetailsViewModel {
    /** One line of a key/value list (mounts, options, attributes). */
    public record Entry(String key, String value) {
    }

    private final ObservableValue<String> driver;
    private final ReadOnlyBooleanWrapper present = new ReadOnlyBooleanWrapper(this, "present");
    private final ReadOnlyStringWrapper title = new ReadOnlyStringWrapper(this, "title", "No volume selected");
    private final ReadOnlyStringWrapper path = new ReadOnlyStringWrapper(this, "path", "");
    private final ReadOnlyStringWrapper containers = new ReadOnlyStringWrapper(this, "containers", "");
    private final ReadOnlyStringWrapper tenant = new ReadOnlyStringWrapper(this, "tenant", "");
    private final ReadOnlyStringWrapper configuration = new ReadOnlyStringWrapper(this, "configuration", "");
    private final ReadOnlyStringWrapper fixedUser = new ReadOnlyStringWrapper(this, "fixedUser", "");
    private final ReadOnlyStringWrapper dockerRun = new ReadOnlyStringWrapper(this, "dockerRun", "");
    private final ObservableList<Entry> mounts = FXCollections.observableArrayList();
    private final ObservableList<Entry> options = FXCollections.observableArrayList();

    /**
     * @param driver    the daemon's Docker driver name, for the docker run example
     * @param selection the volume to show, or null
     */
    public DetailsViewModel(ObservableValue<String> driver, ObservableValue<VolumeInfo> selection) {
        this.driver = driver;
        selection.addListener((property, old, volume) -> show(volume));
        driver.addListener((property, old, name) -> show(selection.getValue()));
        show(selection.getValue());
    }

    public ReadOnlyBooleanProperty presentProperty() {
        return present.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty titleProperty() {
        return title.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty pathProperty() {
        return path.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty containersProperty() {
        return containers.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty tenantProperty() {
        return tenant.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty configurationProperty() {
        return configuration.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty fixedUserProperty() {
        return fixedUser.getReadOnlyProperty();
    }

    /** A {@code docker run} line that mounts the volume, ready to copy. */
    public ReadOnlyStringProperty dockerRunProperty() {
        return dockerRun.getReadOnlyProperty();
    }

    /** Mount IDs with their counts and since-times. */
    public ObservableList<Entry> mounts() {
        return mounts;
    }

    /** Create options (secrets arrive redacted from the daemon) and what the backend recorded. */
    public ObservableList<Entry> options() {
        return options;
    }

    private void show(VolumeInfo volume) {
        present.set(volume != null);
        if (volume == null) {
            title.set("No volume selected");
            List.of(path, containers, tenant, configuration, fixedUser, dockerRun).forEach(text -> text.set(""));
            mounts.clear();
            options.clear();
            return;
        }
        title.set(volume.name() + " (" + volume.backend() + ")");
        path.set(volume.mountpoint());
        containers.set(containersText(volume));
        tenant.set(firstOf(volume, "tenant_id", "tenant"));
        configuration.set(firstOf(volume, "configuration_name", "configuration"));
        fixedUser.set(volume.fixedUser().describe().isEmpty() ? "none" : volume.fixedUser().describe());
        dockerRun.set(dockerRun(volume.name(), driver.getValue()));
        mounts.setAll(volume.mounts().stream()
                .map(mount -> new Entry(mount.id(), "× " + mount.count() + " since " + VolumeRow.time(mount.since())))
                .toList());
        Map<String, String> shown = new TreeMap<>(volume.attributes());
        shown.putAll(volume.options());
        options.setAll(shown.entrySet().stream().map(option -> new Entry(option.getKey(), option.getValue())).toList());
    }

    static String dockerRun(String volume, String driver) {
        return "docker run --rm -it -v " + volume + ":/data --volume-driver " + (driver == null || driver.isEmpty() ? "quobyte" : driver)
                + " busybox sh";
    }

    static String containersText(VolumeInfo volume) {
        if (volume.containers() == null) {
            return volume.inUse() ? volume.refs() + " mount(s); Docker was not reachable to name the containers" : "none";
        }
        if (volume.containers().isEmpty()) {
            return volume.inUse() ? volume.refs() + " mount(s), no container known to Docker" : "none";
        }
        StringBuilder text = new StringBuilder();
        for (VolumeInfo.ContainerInfo container : volume.containers()) {
            if (text.length() > 0) {
                text.append(", ");
            }
            text.append(container.name()).append(" (").append(container.state()).append(')');
        }
        return text.toString();
    }

    private static String firstOf(VolumeInfo volume, String option, String attribute) {
        String value = volume.options().get(option);
        if (value == null) {
            value = volume.attributes().get(attribute);
        }
        return value == null ? "—" : value;
    }
}
