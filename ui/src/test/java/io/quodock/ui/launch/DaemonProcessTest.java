package io.quodock.ui.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class DaemonProcessTest {
    private static final DaemonSettings SETTINGS = new DaemonSettings("qd", Path.of("/srv/plugins"), "docker",
            Path.of("/srv/state"), Path.of("/srv/volumes"), Path.of("/srv/admin.sock"));

    @Test
    void theDaemonRunsWithTheSameJavaAndTheFormsFlags() {
        List<String> command = DaemonProcess.command(SETTINGS);

        assertTrue(command.contains(ProcessHandle.current().info().command().orElseThrow()), command.toString());
        int daemon = command.indexOf("daemon");
        assertEquals(List.of("daemon", "--driver-name", "qd", "--plugin-dir", "/srv/plugins", "--socket-group", "docker",
                "--state-dir", "/srv/state", "--volumes-root", "/srv/volumes", "--admin-socket", "/srv/admin.sock",
                "--admin-group", "docker"), command.subList(daemon, command.size()));
        assertEquals(DaemonProcess.MAIN, command.get(daemon - 1).replace("io.quodock.daemon/", ""));
        assertTrue(command.contains("org.eclipse.jetty.server/org.eclipse.jetty.server.internal=io.quodock.daemon"));
    }

    @Test
    void theDaemonGetsASessionOfItsOwnSoItOutlivesTheConsole() {
        List<String> command = DaemonProcess.command(SETTINGS);
        assertEquals("/usr/bin/setsid", command.get(0), "setsid is part of util-linux, on every Debian host");
    }
}
