package io.quodock.ui.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quodock.ui.ConsoleWindow;
import io.quodock.ui.admin.SocketAdminClient;
import io.quodock.ui.launch.DaemonProcess;
import io.quodock.ui.launch.LocalDaemonStarter;
import io.quodock.ui.settings.ConsoleSettings;
import io.quodock.ui.volumes.VolumeRow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/** Launching the console where no daemon answers: the start panel, and both ways it starts one. */
@ExtendWith(ApplicationExtension.class)
class ConsoleStartIT {
    @TempDir
    static Path tmp;

    private Path dir;
    private ConsoleWindow window;

    @Start
    void start(Stage stage) throws Exception {
        dir = Files.createTempDirectory(tmp, "s");
        Path userData = dir.resolve("user");
        window = new ConsoleWindow(stage, dir.resolve("missing.sock"),
                new LocalDaemonStarter(new DaemonProcess(dir.resolve("daemon.log"), Duration.ofSeconds(30)), userData),
                new ConsoleSettings(dir.resolve("console.properties")), Duration.ofMillis(100));
        window.show();
    }

    @AfterEach
    void stop() throws Exception {
        Fx.read(() -> {
            window.close();
            return null;
        });
    }

    private String text(FxRobot robot, String query) {
        return Fx.read(() -> robot.lookup(query).queryAs(Label.class).getText());
    }

    private List<String> names(FxRobot robot) {
        return Fx.read(() -> robot.lookup("#table").<VolumeRow>queryTableView().getItems().stream().map(VolumeRow::name).toList());
    }

    @Test
    void theEmbeddedDaemonStartsInsideTheConsoleAndIsAttached(FxRobot robot) {
        Fx.await("the start panel", () -> robot.lookup("#startEmbeddedButton").tryQuery().isPresent(),
                () -> text(robot, "#connection"));
        assertEquals("no daemon", text(robot, "#mode"));

        robot.clickOn("#startEmbeddedButton");

        Fx.await("attached to the embedded daemon", () -> text(robot, "#connection").equals("attached"),
                () -> text(robot, "#connection"));
        assertTrue(text(robot, "#mode").startsWith("embedded daemon"), text(robot, "#mode"));
        assertTrue(Fx.read(() -> robot.lookup("#startEmbeddedButton").tryQuery().isEmpty()), "the panel is gone");
        Path socket = dir.resolve("user").resolve("admin.sock");
        assertEquals(socket.toString(), text(robot, "#socketLabel"));
        try (SocketAdminClient cli = new SocketAdminClient(socket)) {
            cli.create("tried-out", Map.of());
        }
        Fx.await("the new volume is listed", () -> names(robot).contains("tried-out"), () -> names(robot));
        assertTrue(Files.isDirectory(dir.resolve("user/volumes/tried-out")), "the volumes live in the user's directory");
    }

    @Test
    void aDaemonStartedAsItsOwnProcessOutlivesTheConsole(FxRobot robot) throws Exception {
        Fx.await("the start panel", () -> robot.lookup("#startProcessButton").tryQuery().isPresent(),
                () -> text(robot, "#connection"));
        Path admin = dir.resolve("proc-admin.sock");
        for (Map.Entry<String, String> field : Map.of("#driverName", "qdproc", "#pluginDir", dir.resolve("plugins").toString(),
                "#stateDir", dir.resolve("state").toString(), "#volumesRoot", dir.resolve("volumes").toString(),
                "#adminSocket", admin.toString()).entrySet()) {
            Fx.read(() -> {
                robot.lookup(field.getKey()).queryAs(TextField.class).setText(field.getValue());
                return null;
            });
        }

        robot.clickOn("#startProcessButton");
        Fx.await("attached to the started daemon", () -> text(robot, "#connection").equals("attached"),
                () -> text(robot, "#connection") + " / " + Fx.read(() -> robot.lookup("#startError").queryAs(Label.class).getText()));

        assertTrue(text(robot, "#mode").startsWith("daemon process (pid "), text(robot, "#mode"));
        long pid = Long.parseLong(text(robot, "#mode").replaceAll("\\D", ""));
        ProcessHandle daemon = ProcessHandle.of(pid).orElseThrow();
        try {
            Fx.read(() -> {
                window.close();
                return null;
            });
            assertTrue(daemon.isAlive(), "the daemon keeps running after the console closed");
            assertTrue(Files.exists(admin), "and keeps serving its admin socket");
        } finally {
            daemon.destroy(); // SIGTERM: the daemon removes its sockets
            daemon.onExit().get(30, TimeUnit.SECONDS);
        }
        assertTrue(Files.notExists(admin), "the stopped daemon cleaned up its socket");
    }
}
