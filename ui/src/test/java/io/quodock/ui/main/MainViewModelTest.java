package io.quodock.ui.main;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quodock.ui.admin.AdminCalls;
import io.quodock.ui.admin.DaemonEvent;
import io.quodock.ui.admin.DaemonStatus;
import io.quodock.ui.fakes.FakeAdminClient;
import io.quodock.ui.fakes.QueuedExecutor;
import io.quodock.ui.fakes.Volumes;
import io.quodock.ui.launch.StartedDaemon;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MainViewModelTest {
    private final FakeAdminClient daemon = new FakeAdminClient(Volumes.unmounted("a"), Volumes.unmounted("b"));
    private final QueuedExecutor fx = new QueuedExecutor();
    private final Clock clock = Clock.fixed(FakeAdminClient.STATUS.startedAt().plusSeconds(3725), ZoneOffset.UTC);
    private final MainViewModel main = new MainViewModel(socket -> daemon, new AdminCalls(Runnable::run, fx), clock,
            Duration.ofMillis(20));

    @AfterEach
    void close() throws Exception {
        main.close();
    }

    @Test
    void attachingFillsTheStatusBarAndTheTable() throws InterruptedException {
        main.attach(Path.of("/run/quodock/admin.sock"));
        fx.runUntil(() -> main.phaseProperty().get() == MainViewModel.Phase.ATTACHED);

        assertEquals("running daemon", main.modeProperty().get());
        assertEquals("attached", main.connectionProperty().get());
        assertEquals("/run/quodock/admin.sock", main.socketProperty().get());
        assertEquals("quodock 0.1.0 (pid 4242)", main.versionProperty().get());
        assertEquals("up 1h 2m", main.uptimeProperty().get());
        assertEquals("local backend healthy", main.healthProperty().get());
        assertEquals(2, main.volumes().volumes().size());
    }

    @Test
    void noDaemonAtLaunchShowsTheStartPanel() throws InterruptedException {
        daemon.unreachable(true);
        main.attach(Path.of("/run/quodock/admin.sock"));
        fx.runUntil(() -> main.phaseProperty().get() == MainViewModel.Phase.START_PANEL);

        assertTrue(main.connectionProperty().get().startsWith("not attached: no quodock daemon answers"),
                main.connectionProperty().get());
        assertEquals("no daemon", main.modeProperty().get());
    }

    @Test
    void aLostDaemonIsShownAtOnceAndTheConsoleReattachesWhenItIsBack() throws InterruptedException {
        main.attach(Path.of("/run/quodock/admin.sock"));
        fx.runUntil(() -> main.phaseProperty().get() == MainViewModel.Phase.ATTACHED);

        daemon.unreachable(true);
        daemon.endStream();
        fx.runUntil(() -> main.phaseProperty().get() == MainViewModel.Phase.LOST);
        assertEquals("connection lost, re-attaching: the daemon ended the event stream: it stopped",
                main.connectionProperty().get());
        assertEquals("", main.uptimeProperty().get());
        assertEquals(2, main.volumes().volumes().size(), "the last known volumes stay visible");

        daemon.unreachable(false);
        fx.runUntil(() -> main.phaseProperty().get() == MainViewModel.Phase.ATTACHED);
        assertEquals("attached", main.connectionProperty().get());
    }

    @Test
    void healthChangesReachTheStatusBarAndTheHistory() throws InterruptedException {
        main.attach(Path.of("/run/quodock/admin.sock"));
        fx.runUntil(() -> main.phaseProperty().get() == MainViewModel.Phase.ATTACHED);

        main.events(List.of(new DaemonEvent.HealthChanged(Instant.now(),
                new DaemonStatus.Health(false, Map.of("volumesRootWritable", "false")))));

        assertEquals("local backend unhealthy, volumesRootWritable failed", main.healthProperty().get());
        assertEquals("backend unhealthy, volumesRootWritable failed", main.activity().health().get(0).text());
    }

    @Test
    void aStartedDaemonsModeShowsAndAnEmbeddedOneStopsWithTheConsole() throws Exception {
        boolean[] stopped = {false};
        main.attach(new StartedDaemon(Path.of("/home/u/.local/share/quodock/admin.sock"), "embedded daemon",
                () -> stopped[0] = true));
        fx.runUntil(() -> main.phaseProperty().get() == MainViewModel.Phase.ATTACHED);
        assertEquals("embedded daemon", main.modeProperty().get());

        main.close();

        assertTrue(stopped[0]);
    }

    @Test
    void uptimeReadsInTheLargestUnits() {
        assertEquals("0m 5s", MainViewModel.format(Duration.ofSeconds(5)));
        assertEquals("2h 0m", MainViewModel.format(Duration.ofHours(2)));
        assertEquals("3d 4h", MainViewModel.format(Duration.ofHours(76)));
    }
}
