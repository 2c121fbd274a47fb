package io.quodock.ui.activity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quodock.ui.admin.DaemonEvent;
import io.quodock.ui.admin.DaemonStatus;
import io.quodock.ui.fakes.FakeAdminClient;
import io.quodock.ui.fakes.Volumes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ActivityViewModelTest {
    private static final Instant NOW = Instant.parse("2026-12-01T08:00:00Z");
    private final ActivityViewModel activity = new ActivityViewModel();

    private static DaemonEvent.PluginRequest request(String method, String volume, long micros) {
        return new DaemonEvent.PluginRequest(NOW, method, volume, "ok", micros);
    }

    @Test
    void requestsShowNewestFirst() {
        activity.apply(List.of(request("VolumeDriver.Create", "a", 900), request("VolumeDriver.Mount", "a", 400)));
        activity.apply(List.of(request("VolumeDriver.Unmount", "a", 300)));

        assertEquals(List.of("VolumeDriver.Unmount", "VolumeDriver.Mount", "VolumeDriver.Create"),
                activity.requests().stream().map(DaemonEvent.PluginRequest::method).toList());
    }

    @Test
    void requestsAndLatenciesStayBounded() {
        List<DaemonEvent> many = new ArrayList<>();
        for (int i = 0; i < ActivityViewModel.MAX_REQUESTS + 50; i++) {
            many.add(request("VolumeDriver.Get", "v" + i, i));
        }
        activity.apply(many);
        activity.apply(List.of(request("VolumeDriver.List", null, 7)));

        assertEquals(ActivityViewModel.MAX_REQUESTS, activity.requests().size());
        assertEquals("VolumeDriver.List", activity.requests().get(0).method());
        assertEquals(ActivityViewModel.MAX_SAMPLES, activity.latencies().size());
        ActivityViewModel.LatencySample last = activity.latencies().get(ActivityViewModel.MAX_SAMPLES - 1);
        assertEquals(0.007, last.millis(), 1e-9);
        assertEquals(ActivityViewModel.MAX_REQUESTS + 51, last.sequence());
    }

    @Test
    void volumeEventsAreNotRequests() {
        activity.apply(List.of(new DaemonEvent.VolumeChanged(NOW, "created", Volumes.unmounted("a"), null)));
        assertTrue(activity.requests().isEmpty());
        assertTrue(activity.health().isEmpty());
    }

    @Test
    void healthHistoryRecordsChangesAttachesAndLossesNewestFirst() {
        activity.attached(NOW, FakeAdminClient.STATUS);
        activity.apply(List.of(new DaemonEvent.HealthChanged(NOW.plusSeconds(10),
                new DaemonStatus.Health(false, Map.of("volumesRootWritable", "false")))));
        activity.lost(NOW.plusSeconds(20), "the daemon ended the event stream: it stopped");

        assertEquals(List.of("lost the daemon: the daemon ended the event stream: it stopped",
                        "backend unhealthy, volumesRootWritable failed",
                        "attached to quodock 0.1.0 (pid 4242); local backend healthy"),
                activity.health().stream().map(ActivityViewModel.HealthEntry::text).toList());
    }
}
