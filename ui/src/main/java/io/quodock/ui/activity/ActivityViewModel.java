package io.quodock.ui.activity;

import io.quodock.ui.admin.DaemonEvent;
import io.quodock.ui.admin.DaemonStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The live activity: the latest plugin requests (newest first), their latencies for the chart, and
 * the health history, which also records when the console lost and regained the daemon. Each list is
 * bounded so a busy daemon cannot grow the console without end. Must be used on the FX thread.
 */
public final class ActivityViewModel {
    /** Requests kept in the table. */
    public static final int MAX_REQUESTS = 500;
    /** Requests drawn in the latency chart. */
    public static final int MAX_SAMPLES = 120;
    /** Entries kept in the health history. */
    public static final int MAX_HEALTH = 200;

    /** One point of the latency chart: the request's number since the console started, and its latency. */
    public record LatencySample(long sequence, double millis) {
    }

    /** One line of the health history. */
    public record HealthEntry(Instant time, String text) {
    }

    private final ObservableList<DaemonEvent.PluginRequest> requests = FXCollections.observableArrayList();
    private final ObservableList<LatencySample> latencies = FXCollections.observableArrayList();
    private final ObservableList<HealthEntry> health = FXCollections.observableArrayList();
    private long sequence;

    public ObservableList<DaemonEvent.PluginRequest> requests() {
        return requests;
    }

    public ObservableList<LatencySample> latencies() {
        return latencies;
    }

    public ObservableList<HealthEntry> health() {
        return health;
    }

    /** Takes the plugin requests and health changes of a batch; other events are not for this screen. */
    public void apply(List<DaemonEvent> batch) {
        List<DaemonEvent.PluginRequest> newest = new ArrayList<>();
        List<LatencySample> samples = new ArrayList<>();
        for (DaemonEvent event : batch) {
            if (event instanceof DaemonEvent.PluginRequest request) {
                newest.add(0, request);
                samples.add(new LatencySample(++sequence, request.latencyMicros() / 1000.0));
            } else if (event instanceof DaemonEvent.HealthChanged changed) {
                record(changed.time(), "backend " + changed.health().describe());
            }
        }
        if (!newest.isEmpty()) {
            requests.addAll(0, newest.subList(0, Math.min(newest.size(), MAX_REQUESTS)));
            trimTail(requests, MAX_REQUESTS);
        }
        if (!samples.isEmpty()) {
            latencies.addAll(samples.subList(Math.max(0, samples.size() - MAX_SAMPLES), samples.size()));
            if (latencies.size() > MAX_SAMPLES) {
                latencies.remove(0, latencies.size() - MAX_SAMPLES);
            }
        }
    }

    /** Attached (again): notes it with the backend's health then. */
    public void attached(Instant now, DaemonStatus status) {
        record(now, "attached to quodock " + status.version() + " (pid " + status.pid() + "); " + status.backend()
                + " backend " + status.health().describe());
    }

    /** The daemon went away. */
    public void lost(Instant now, String reason) {
        record(now, "lost the daemon: " + reason);
    }

    private void record(Instant time, String text) {
        health.add(0, new HealthEntry(time, text));
        trimTail(health, MAX_HEALTH);
    }

    private static <T> void trimTail(ObservableList<T> list, int max) {
        if (list.size() > max) {
            list.remove(max, list.size());
        }
    }
}
