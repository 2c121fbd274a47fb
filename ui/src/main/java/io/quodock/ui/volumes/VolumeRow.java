package io.quodock.ui.volumes;

import io.quodock.ui.admin.VolumeInfo;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;

/**
 * One line of the volumes table. The row stays the same object while its volume changes, so the
 * table keeps its selection and scroll position when an event updates the volume.
 */
public final class VolumeRow {
    private final String name;
    private final ReadOnlyObjectWrapper<VolumeInfo> volume;

    VolumeRow(VolumeInfo volume) {
        this.name = volume.name();
        this.volume = new ReadOnlyObjectWrapper<>(this, "volume", volume);
    }

    public String name() {
        return name;
    }

    public VolumeInfo volume() {
        return volume.get();
    }

    public ReadOnlyObjectProperty<VolumeInfo> volumeProperty() {
        return volume.getReadOnlyProperty();
    }

    void set(VolumeInfo next) {
        volume.set(next);
    }

    @Override
    public String toString() {
        return volume.get().toString();
    }
}
