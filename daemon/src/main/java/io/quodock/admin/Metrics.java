package io.quodock.admin;

import io.quodock.driver.StateStats;
import io.quodock.driver.Volume;
import io.quodock.driver.VolumeService;
import io.quodock.plugin.RequestEvent;
import io.quodock.plugin.RequestListener;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The daemon's Prometheus metrics ({@code GET /metrics}). Plugin requests are counted as they are
 * answered; everything else is read from the driver core at scrape time, so a scrape costs no
 * request anything.
 */
public final class Metrics implements RequestListener {
    private final VolumeService service;
    private final Instant startedAt;
    private final Map<String, Map<String, LongAdder>> requests = new ConcurrentHashMap<>();
    private final Map<String, LatencyHistogram> latencies = new ConcurrentHashMap<>();

    public Metrics(VolumeService service, Instant startedAt) {
        this.service = service;
        this.startedAt = startedAt;
    }

    @Override
    public void onRequest(RequestEvent event) {
        // Method and outcome are few fixed words (unknown paths are "unknown"), so the label sets stay small.
        requests.computeIfAbsent(event.method(), m -> new ConcurrentHashMap<>())
                .computeIfAbsent(event.outcome(), o -> new LongAdder())
                .increment();
        latencies.computeIfAbsent(event.method(), m -> new LatencyHistogram()).observe(event.latencyMicros());
    }

    /** The exposition, in Prometheus text format 0.0.4. */
    public String scrape() {
        PrometheusText text = new PrometheusText();
        text.family("quodock_requests_total", "counter", "Docker plugin requests answered, by method and outcome.");
        new TreeMap<>(requests).forEach((method, outcomes) -> new TreeMap<>(outcomes).forEach((outcome, count) ->
                text.sample("quodock_requests_total", count.sum(), "method", method, "outcome", outcome)));

        text.family("quodock_request_duration_seconds", "histogram",
                "Time from a plugin request's arrival to its answer, by method.");
        new TreeMap<>(latencies).forEach((method, histogram) ->
                histogram.writeTo(text, "quodock_request_duration_seconds", "method", method));

        Collection<Volume> volumes = service.list();
        text.family("quodock_volumes", "gauge", "Volumes the daemon knows.")
                .sample("quodock_volumes", volumes.size());
        text.family("quodock_mounted_volumes", "gauge", "Volumes with at least one mount reference.")
                .sample("quodock_mounted_volumes", volumes.stream().filter(v -> !v.mounts().isEmpty()).count());
        text.family("quodock_mount_references", "gauge",
                        "Outstanding container mounts over all volumes, an ID mounted twice counting twice.")
                .sample("quodock_mount_references", volumes.stream().mapToInt(v -> v.mounts().total()).sum());

        text.family("quodock_backend_errors_total", "counter", "Volume operations that failed in the backend.")
                .sample("quodock_backend_errors_total", service.backendErrors(), "backend", service.backendName());
        text.family("quodock_backend_health", "gauge",
                "The backend's health checks: 1 passes, 0 fails (e.g. rootWritable, apiReachable, mountAlive).");
        new TreeMap<>(service.backendHealth()).forEach((check, value) -> {
            if (value instanceof Boolean ok) {
                text.sample("quodock_backend_health", ok ? 1 : 0, "backend", service.backendName(), "check", check);
            }
        });

        StateStats state = service.stateStats();
        text.family("quodock_state_changes_total", "counter", "Changes written durably to the state journal.")
                .sample("quodock_state_changes_total", state.changes());
        text.family("quodock_state_fsyncs_total", "counter", "fsync calls of the state store (changes share them).")
                .sample("quodock_state_fsyncs_total", state.fsyncs());
        text.family("quodock_state_snapshots_total", "counter", "Times the journal was folded into the snapshot.")
                .sample("quodock_state_snapshots_total", state.snapshots());

        text.family("quodock_start_time_seconds", "gauge", "When the daemon started, in seconds since the epoch.")
                .sample("quodock_start_time_seconds", startedAt.toEpochMilli() / 1000.0);
        return text.toString();
    }
}
