package io.quodock.ui.volumes;

import java.util.ArrayList;
import java.util.List;
import javafx.collections.ModifiableObservableListBase;

/**
 * The table's rows, where a batch of changes (adds, removes, and rows whose volume changed) reaches
 * the listeners as one change: sorting, filtering and the table then react once per batch of events,
 * not once per event, which keeps 10,000 rows responsive under a stream of mounts.
 */
final class RowList extends ModifiableObservableListBase<VolumeRow> {
    private final List<VolumeRow> rows = new ArrayList<>();

    /** Runs {@code changes} (which may call {@link #updated}) and reports all it did as one change. */
    void batch(Runnable changes) {
        beginChange();
        try {
            changes.run();
        } finally {
            endChange();
        }
    }

    /** The row at {@code index} now shows another state of its volume. */
    void updated(int index) {
        beginChange();
        nextUpdate(index);
        endChange();
    }

    @Override
    public VolumeRow get(int index) {
        return rows.get(index);
    }

    @Override
    public int size() {
        return rows.size();
    }

    @Override
    protected void doAdd(int index, VolumeRow row) {
        rows.add(index, row);
    }

    @Override
    protected VolumeRow doSet(int index, VolumeRow row) {
        return rows.set(index, row);
    }

    @Override
    protected VolumeRow doRemove(int index) {
        return rows.remove(index);
    }
}
