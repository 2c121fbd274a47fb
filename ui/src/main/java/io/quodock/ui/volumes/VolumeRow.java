package io.quodock.ui.volumes;

import io.quodock.ui.admin.VolumeInfo;
import java.time.Instant;
import java.util.stream.Collectors;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * One line of the volumes table. The row stays the same object while its volume changes, so the
 * table keeps its selection and scroll position when an event updates the volume. Each column's
 * value is computed once per change and kept, because sorting 10,000 rows reads it many times.
 */
public final class VolumeRow {
    private final String name;
    private VolumeInfo volume;
    private final ReadOnlyStringWrapper backend = new ReadOnlyStringWrapper(this, "backend");
    private final ReadOnlyStringWrapper mountpoint = new ReadOnlyStringWrapper(this, "mountpoint");
    private final ReadOnlyObjectWrapper<Integer> refs = new ReadOnlyObjectWrapper<>(this, "refs");
    private final ReadOnlyStringWrapper containers = new ReadOnlyStringWrapper(this, "containers");
    private final ReadOnlyStringWrapper fixedUser = new ReadOnlyStringWrapper(this, "fixedUser");
    private final ReadOnlyStringWrapper owner = new ReadOnlyStringWrapper(this, "owner");
    private final ReadOnlyStringWrapper created = new ReadOnlyStringWrapper(this, "created");

    VolumeRow(VolumeInfo volume) {
        this.name = volume.name();
        set(volume);
    }

    public String name() {
        return name;
    }

    public VolumeInfo volume() {
        return volume;
    }

    public ReadOnlyStringProperty backendProperty() {
        return backend.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty mountpointProperty() {
        return mountpoint.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<Integer> refsProperty() {
        return refs.getReadOnlyProperty();
    }

    /** The names of the containers that use the volume; {@code ?} when it is mounted and Docker could not be asked. */
    public ReadOnlyStringProperty containersProperty() {
        return containers.getReadOnlyProperty();
    }

    /** The mapping, e.g. {@code alice:staff → bob:staff (pending)}. */
    public ReadOnlyStringProperty fixedUserProperty() {
        return fixedUser.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty ownerProperty() {
        return owner.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty createdProperty() {
        return created.getReadOnlyProperty();
    }

    /** Whether a mapping change waits for the volume's next first mount. */
    public boolean pending() {
        return volume.fixedUser().pending();
    }

    void set(VolumeInfo next) {
        volume = next;
        backend.set(next.backend());
        mountpoint.set(next.mountpoint());
        refs.set(next.refs());
        containers.set(containers(next));
        fixedUser.set(next.fixedUser().describe());
        owner.set(next.owner() == null ? "" : next.owner());
        created.set(time(next.createdAt()));
    }

    /** An instant to the second, as the table and the details show times. */
    public static String time(Instant instant) {
        return instant.equals(Instant.EPOCH) ? "" : instant.toString().replace('T', ' ').replaceFirst("\\.\\d+", "");
    }

    private static String containers(VolumeInfo volume) {
        if (volume.containers() == null) {
            return volume.inUse() ? "?" : "";
        }
        return volume.containers().stream().map(VolumeInfo.ContainerInfo::name).collect(Collectors.joining(", "));
    }

    @Override
    public String toString() {
        return volume.toString();
    }
}
