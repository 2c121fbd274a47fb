package io.quodock.ui.start;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quodock.ui.fakes.Direct;
import io.quodock.ui.launch.DaemonSettings;
import io.quodock.ui.launch.DaemonStarter;
import io.quodock.ui.launch.StartedDaemon;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StartViewModelTest {
    private static final Path SOCKET = Path.of("/run/quodock/admin.sock");

    private final List<DaemonSettings> asked = new ArrayList<>();
    private final List<StartedDaemon> started = new ArrayList<>();
    private String refusal;

    private final DaemonStarter starter = new DaemonStarter() {
        @Override
        public StartedDaemon startProcess(DaemonSettings settings) {
            asked.add(settings);
            if (refusal != null) {
                throw new IllegalStateException(refusal);
            }
            return new StartedDaemon(settings.adminSocket(), "daemon process (pid 9)", null);
        }

        @Override
        public StartedDaemon startEmbedded() {
            return new StartedDaemon(Path.of("/home/u/.local/share/quodock/admin.sock"), "embedded daemon", () -> { });
        }
    };

    private final StartViewModel panel = new StartViewModel(starter, Direct.calls(), SOCKET, "root", started::add);

    @Test
    void theFormStartsFromTheDaemonsDefaultsAndTheSocketThatWasTried() {
        assertEquals("quobyte", panel.driverNameProperty().get());
        assertEquals("/run/docker/plugins", panel.pluginDirProperty().get());
        assertEquals(SOCKET.toString(), panel.adminSocketProperty().get());
        assertTrue(panel.missingSocket().startsWith("No quodock daemon answers on /run/quodock/admin.sock."));
    }

    @Test
    void startingAProcessPassesTheFormAndAttachesToIt() {
        panel.stateDirProperty().set("/srv/quodock");

        panel.startProcess();

        assertEquals(Path.of("/srv/quodock"), asked.get(0).stateDir());
        assertEquals(SOCKET, started.get(0).adminSocket());
        assertFalse(panel.busyProperty().get());
    }

    @Test
    void aDaemonThatStopsAtOnceIsExplainedInItsOwnWords() {
        refusal = "the daemon stopped at once: quodock: socket group 'nogroup-x' does not exist (log: /tmp/d.log)";

        panel.startProcess();

        assertEquals("Could not start the daemon: the daemon stopped at once: quodock: socket group 'nogroup-x' does not"
                + " exist (log: /tmp/d.log)", panel.errorProperty().get());
        assertTrue(started.isEmpty());
    }

    @Test
    void theEmbeddedDaemonIsOwnedByTheConsole() {
        panel.startEmbedded();

        assertEquals("embedded daemon", started.get(0).mode());
        assertTrue(started.get(0).owned() != null, "it stops when the console closes");
    }

    @Test
    void aSocketTheUserMayNotUseIsExplainedAsSuchNotAsAMissingDaemon() {
        String text = StartViewModel.missingSocket(SOCKET, "bob", true, false);

        assertTrue(text.startsWith("A daemon's admin socket is at /run/quodock/admin.sock, but bob may not use it"), text);
        assertTrue(text.contains("--admin-group"), text);
    }
}
