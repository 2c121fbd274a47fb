package io.quodock.ui.launch;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SocketRightsTest {
    @TempDir
    Path tmp;

    @Test
    void aUserWhoCannotWriteThePluginDirectoryIsToldWhyAndWhatToDoInstead() {
        DaemonSettings settings = new DaemonSettings("quobyte", tmp.resolve("plugins"), "root", tmp.resolve("state"),
                tmp.resolve("volumes"), tmp.resolve("admin.sock"));

        String problem = SocketRights.problem(settings, "bob", dir -> !dir.equals(tmp));

        assertTrue(problem.startsWith("You run the console as bob, who may not create " + tmp.resolve("plugins/quobyte.sock")
                + ": " + tmp + " can be written only by "), problem);
        assertTrue(problem.contains("start the daemon as root"), problem);
        assertTrue(problem.contains("embedded daemon"), problem);
    }

    @Test
    void anAdminSocketInADirectoryTheUserCannotWriteIsExplainedToo() throws IOException {
        Path locked = Files.createDirectory(tmp.resolve("locked"));
        DaemonSettings settings = new DaemonSettings("quobyte", tmp.resolve("plugins"), "root", tmp.resolve("state"),
                tmp.resolve("volumes"), locked.resolve("admin.sock"));

        String problem = SocketRights.problem(settings, "bob", dir -> !dir.equals(locked));

        assertTrue(problem.startsWith("You run the console as bob, who may not create " + locked.resolve("admin.sock")),
                problem);
        assertTrue(problem.endsWith("Choose an admin socket in a directory you may write, or start the daemon as root."),
                problem);
    }

    @Test
    void writableDirectoriesStandInNoOnesWay() {
        assertNull(SocketRights.problem(DaemonSettings.defaults(tmp.resolve("admin.sock")), "root", dir -> true));
    }
}
