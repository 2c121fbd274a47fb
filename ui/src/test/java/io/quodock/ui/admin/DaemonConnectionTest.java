package io.quodock.ui.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quodock.ui.fakes.FakeAdminClient;
import io.quodock.ui.fakes.QueuedExecutor;
import io.quodock.ui.fakes.Volumes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DaemonConnectionTest {
    private static final Instant NOW = Instant.parse("2026-12-01T08:00:00Z");

    private final FakeAdminClient daemon = new FakeAdminClient(Volumes.unmounted("a"));
    private final QueuedExecutor fx = new QueuedExecutor();
    private final List<String> reports = new ArrayList<>();
    private final List<List<DaemonEvent>> batches = new ArrayList<>();
    private final DaemonConnection connection = new DaemonConnection(daemon, fx, new DaemonConnection.Listener() {
        @Override
        public void attached(DaemonState state) {
            reports.add("attached " + state.volumes().size());
        }

        @Override
        public void events(List<DaemonEvent> batch) {
            batches.add(batch);
            reports.add("events " + batch.size());
        }

        @Override
        public void lost(String reason) {
            reports.add("lost: " + reason);
        }
    }, Duration.ofMillis(20));

    @AfterEach
    void close() {
        connection.close();
    }

    @Test
    void theStateIsReadOnlyAfterTheEventStreamIsOpenSoNoChangeFallsBetween() throws InterruptedException {
        connection.start();
        fx.runUntil(() -> !reports.isEmpty());

        assertEquals(List.of("events", "state"), daemon.calls());
        assertEquals(List.of("attached 1"), reports);
    }

    @Test
    void eventsThatArriveWhileTheFxThreadIsBusyComeAsOneBatchInOrder() throws InterruptedException {
        connection.start();
        fx.runUntil(() -> !reports.isEmpty());
        for (int i = 0; i < 50; i++) {
            daemon.emit(new DaemonEvent.PluginRequest(NOW, "VolumeDriver.Get", "v" + i, "ok", i));
        }
        Thread.sleep(300); // the FX thread is "busy": nothing runs the flush meanwhile

        fx.runUntil(() -> batches.stream().mapToInt(List::size).sum() == 50);

        assertTrue(batches.size() <= 2, "50 events in " + batches.size() + " batches");
        List<String> volumes = batches.stream().flatMap(List::stream)
                .map(event -> ((DaemonEvent.PluginRequest) event).volume()).toList();
        assertEquals("v0", volumes.get(0));
        assertEquals("v49", volumes.get(49));
    }

    @Test
    void aStoppedDaemonIsReportedOnceAndAttachedAgainWhenItIsBack() throws InterruptedException {
        connection.start();
        fx.runUntil(() -> reports.size() == 1);

        daemon.unreachable(true);
        daemon.endStream();
        fx.runUntil(() -> reports.size() == 2);
        Thread.sleep(100); // several failed attempts: still one report
        fx.runPending();
        assertEquals(List.of("attached 1", "lost: the daemon ended the event stream: it stopped"), reports);

        daemon.put(Volumes.unmounted("b"));
        daemon.unreachable(false);
        fx.runUntil(() -> reports.size() == 3);
        assertEquals("attached 2", reports.get(2));
    }

    @Test
    void noDaemonAtTheStartIsReportedSoTheStartPanelCanShow() throws InterruptedException {
        daemon.unreachable(true);
        connection.start();
        fx.runUntil(() -> !reports.isEmpty());

        assertEquals(List.of("lost: no quodock daemon answers on /run/quodock/admin.sock (no such socket): start it with"
                + " `quodock daemon`, or give the socket it uses with --admin-socket"), reports);
    }

    @Test
    void droppedEventsMakeTheConsoleReadTheWholeStateAgain() throws InterruptedException {
        connection.start();
        fx.runUntil(() -> reports.size() == 1);

        daemon.emit(new DaemonEvent.Dropped());
        fx.runUntil(() -> reports.size() == 2);

        assertEquals(List.of("attached 1", "attached 1"), reports);
        assertEquals(List.of("events", "state", "state"), daemon.calls());
    }
}
