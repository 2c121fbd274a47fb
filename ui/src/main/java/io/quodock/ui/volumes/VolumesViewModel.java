package io.quodock.ui.volumes;

import io.quodock.ui.admin.AdminCalls;
import io.quodock.ui.admin.AdminClient;
import io.quodock.ui.admin.DaemonEvent;
import io.quodock.ui.admin.VolumeInfo;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.transformation.FilteredList;
import javafx.collections.transformation.SortedList;

/**
 * The volumes the daemon has, as the table shows them. The whole state replaces the list on every
 * attach; events then change single rows, a batch at a time, through an index by name, so 10,000
 * volumes stay cheap. Filtering and sorting are views of the one list. Must be used on the FX thread.
 */
public final class VolumesViewModel {
    /** One level of the table's sort: a column's id and its direction. */
    public record SortKey(String column, boolean ascending) {
    }

    /** How long after an unmount Docker has usually removed the container that held it. */
    static final Duration CONTAINERS_SETTLE = Duration.ofSeconds(2);

    private final ObjectProperty<AdminClient> client;
    private final AdminCalls calls;
    private final RowList volumes = new RowList();
    private final Map<String, Integer> index = new HashMap<>();
    private final FilteredList<VolumeRow> filtered = new FilteredList<>(volumes);
    private final SortedList<VolumeRow> sorted = new SortedList<>(filtered);
    private final StringProperty filter = new SimpleStringProperty(this, "filter", "");
    private final ReadOnlyObjectWrapper<VolumeInfo> selected = new ReadOnlyObjectWrapper<>(this, "selected");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper(this, "error", "");
    private final ReadOnlyStringWrapper removeBlocked = new ReadOnlyStringWrapper(this, "removeBlocked", "");
    private final StringBinding count;
    private boolean dockerReachable;

    /**
     * @param client the current admin client; null while no daemon is attached
     * @param calls  runs admin calls off the FX thread
     */
    public VolumesViewModel(ObjectProperty<AdminClient> client, AdminCalls calls) {
        this.client = client;
        this.calls = calls;
        filter.addListener((property, old, text) -> filtered.setPredicate(matching(text)));
        selected.addListener((property, old, volume) -> removeBlocked.set(removeBlockedReason(volume)));
        count = Bindings.createStringBinding(() -> filtered.size() == volumes.size()
                ? volumes.size() + (volumes.size() == 1 ? " volume" : " volumes")
                : filtered.size() + " of " + volumes.size() + " volumes", filtered, volumes);
    }

    /** Filtered and sorted by {@link #sortBy}. */
    public SortedList<VolumeRow> volumes() {
        return sorted;
    }

    /**
     * Sorts by these columns, the first deciding most. The comparator reads the rows' kept values
     * directly: the whole list is sorted again after every batch of events, 10,000 rows included.
     */
    public void sortBy(List<SortKey> keys) {
        Comparator<VolumeRow> order = null;
        for (SortKey key : keys) {
            Comparator<VolumeRow> one = byColumn(key.column());
            if (!key.ascending()) {
                one = one.reversed();
            }
            order = order == null ? one : order.thenComparing(one);
        }
        sorted.setComparator(order);
    }

    private static Comparator<VolumeRow> byColumn(String column) {
        return switch (column) {
            case "name" -> Comparator.comparing(VolumeRow::name);
            case "backend" -> Comparator.comparing(row -> row.backendProperty().get());
            case "mountpoint" -> Comparator.comparing(row -> row.mountpointProperty().get());
            case "refs" -> Comparator.comparing(row -> row.refsProperty().get());
            case "containers" -> Comparator.comparing(row -> row.containersProperty().get());
            case "fixedUser" -> Comparator.comparing(row -> row.fixedUserProperty().get());
            case "owner" -> Comparator.comparing(row -> row.ownerProperty().get());
            case "created" -> Comparator.comparing(row -> row.volume().createdAt());
            default -> throw new IllegalArgumentException("no column '" + column + "' to sort by");
        };
    }

    public StringProperty filterProperty() {
        return filter;
    }

    public ReadOnlyObjectProperty<VolumeInfo> selectedProperty() {
        return selected.getReadOnlyProperty();
    }

    /** An error from the last action, in plain words; empty when there is none. */
    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    /** Why the selected volume cannot be removed now; empty when it can. */
    public ReadOnlyStringProperty removeBlockedProperty() {
        return removeBlocked.getReadOnlyProperty();
    }

    public BooleanBinding removeDisabled() {
        return selected.isNull().or(removeBlocked.isNotEmpty()).or(client.isNull());
    }

    /** "12 volumes" (or "1 volume"), or "3 of 12 volumes" while a filter hides some. */
    public StringBinding countText() {
        return count;
    }

    /** Follows the table's selection. */
    public void select(VolumeRow row) {
        selected.set(row == null ? null : row.volume());
    }

    public void dismissError() {
        error.set("");
    }

    /** Shows {@code all} instead of whatever was shown, keeping the selection when its volume still exists. */
    public void replaceAll(List<VolumeInfo> all, boolean dockerReachable) {
        this.dockerReachable = dockerReachable;
        String keep = selected.get() == null ? null : selected.get().name();
        index.clear();
        List<VolumeRow> rows = new ArrayList<>(all.size());
        for (VolumeInfo volume : all) {
            index.put(volume.name(), rows.size());
            rows.add(new VolumeRow(volume));
        }
        volumes.setAll(rows);
        selected.set(keep == null ? null : find(keep));
    }

    /** Applies a batch of events in order; events about requests and health are not for this screen. */
    public void apply(List<DaemonEvent> batch) {
        Set<String> mounted = new LinkedHashSet<>();
        Set<String> released = new LinkedHashSet<>();
        volumes.batch(() -> applyEach(batch, mounted, released));
        if (dockerReachable) {
            mounted.forEach(name -> refreshContainers(name, Duration.ZERO));
            // Docker unmounts before it has removed the container; ask again once it has.
            released.forEach(name -> refreshContainers(name, CONTAINERS_SETTLE));
        }
    }

    private void applyEach(List<DaemonEvent> batch, Set<String> mounted, Set<String> released) {
        for (DaemonEvent event : batch) {
            if (event instanceof DaemonEvent.VolumeChanged changed) {
                put(changed.volume());
                String name = changed.volume().name();
                switch (changed.type()) {
                    case "mounted" -> mounted.add(name);
                    case "unmounted", "references-dropped" -> released.add(name);
                    default -> { }
                }
            } else if (event instanceof DaemonEvent.VolumeRemoved removed) {
                mounted.remove(removed.name());
                released.remove(removed.name());
                delete(removed.name());
            }
        }
    }

    /** A volume as the daemon answered a command with it (create, mapping), ahead of its event. */
    public void put(VolumeInfo volume) {
        Integer at = index.get(volume.name());
        if (at == null) {
            index.put(volume.name(), volumes.size());
            volumes.add(new VolumeRow(volume));
        } else {
            VolumeRow row = volumes.get(at);
            volume = volume.withContainersOf(row.volume());
            row.set(volume);
            volumes.updated(at);
        }
        if (selected.get() != null && selected.get().name().equals(volume.name())) {
            selected.set(volume);
            removeBlocked.set(removeBlockedReason(volume));
        }
    }

    /** Removes the selected volume; the caller has asked the user to confirm. */
    public void removeSelected() {
        VolumeInfo volume = selected.get();
        AdminClient admin = client.get();
        if (volume == null || admin == null) {
            return;
        }
        error.set("");
        calls.run("remove volume " + volume.name(), () -> {
            admin.remove(volume.name());
            return volume.name();
        }, this::delete, error::set);
    }

    /** The volume with this name as shown now, or null. */
    public VolumeInfo find(String name) {
        VolumeRow row = row(name);
        return row == null ? null : row.volume();
    }

    /** The row of the volume with this name, or null. */
    public VolumeRow row(String name) {
        Integer at = index.get(name);
        return at == null ? null : volumes.get(at);
    }

    private void delete(String name) {
        Integer at = index.remove(name);
        if (at == null) {
            return;
        }
        int last = volumes.size() - 1;
        if (at != last) {
            // Keeps removal O(1): the last row takes the place of the removed one.
            VolumeRow moved = volumes.get(last);
            volumes.set(at, moved);
            index.put(moved.name(), at);
        }
        volumes.remove(last);
        if (selected.get() != null && selected.get().name().equals(name)) {
            selected.set(null);
        }
    }

    /** Events do not say which containers mount a volume; the daemon asks Docker when asked for the volume. */
    private void refreshContainers(String name, Duration after) {
        AdminClient admin = client.get();
        if (admin == null) {
            return;
        }
        calls.runAfter(after, "ask which containers use " + name, () -> admin.volume(name), fresh -> {
            VolumeInfo current = find(name);
            if (current != null && fresh.containers() != null) {
                put(new VolumeInfo(current.name(), current.backend(), current.mountpoint(), current.createdAt(),
                        current.owner(), current.options(), current.attributes(), current.mounts(), fresh.containers(),
                        current.fixedUser()));
            }
        }, ignored -> { });
    }

    static String removeBlockedReason(VolumeInfo volume) {
        if (volume == null || !volume.inUse()) {
            return "";
        }
        String holders = volume.containers() == null || volume.containers().isEmpty()
                ? volume.refs() + (volume.refs() == 1 ? " container mount" : " container mounts")
                : volume.containers().stream().map(VolumeInfo.ContainerInfo::name).collect(Collectors.joining(", "));
        return "In use by " + holders + ": stop the containers that use " + volume.name() + " to remove it";
    }

    static Predicate<VolumeRow> matching(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String[] words = text.toLowerCase(Locale.ROOT).trim().split("\\s+");
        return row -> {
            String haystack = searchText(row.volume());
            for (String word : words) {
                if (!haystack.contains(word)) {
                    return false;
                }
            }
            return true;
        };
    }

    private static String searchText(VolumeInfo volume) {
        List<String> parts = new ArrayList<>(List.of(volume.name(), volume.backend(), volume.mountpoint(),
                volume.fixedUser().describe()));
        if (volume.owner() != null) {
            parts.add(volume.owner());
        }
        if (volume.containers() != null) {
            volume.containers().forEach(container -> parts.add(container.name()));
        }
        return String.join("\n", parts).toLowerCase(Locale.ROOT);
    }
}
