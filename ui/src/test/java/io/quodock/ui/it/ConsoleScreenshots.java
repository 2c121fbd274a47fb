package io.quodock.ui.it;

import io.quodock.ui.ConsoleWindow;
import io.quodock.ui.launch.DaemonProcess;
import io.quodock.ui.launch.LocalDaemonStarter;
import io.quodock.ui.settings.ConsoleSettings;
import io.quodock.ui.volumes.VolumeRow;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import javafx.scene.Scene;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableView;
import javafx.scene.image.PixelReader;
import javafx.scene.image.WritableImage;
import javafx.stage.Stage;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Saves PNGs of the console's main views for README, from a real window against a real daemon with a
 * few volumes in use. Run by {@code -Pscreenshots} under a display (Xvfb), into {@code docs/screenshots}.
 */
@ExtendWith(ApplicationExtension.class)
class ConsoleScreenshots {
    @TempDir
    Path tmp;

    private final Path out = Path.of(System.getProperty("screenshots.dir", "target/screenshots"));
    private InProcessDaemon daemon;
    private ConsoleWindow window;
    private Stage stage;

    @Start
    void start(Stage stage) throws Exception {
        this.stage = stage;
        Path dir = Files.createDirectory(tmp.resolve("demo"));
        daemon = new InProcessDaemon(dir).start();
        daemon.service().create("web-data", Map.of("subdirs", "html,uploads"));
        daemon.service().create("postgres", Map.of("user", "nobody"));
        daemon.service().create("build-cache", Map.of());
        daemon.service().create("logs", Map.of("subdirs", "app,nginx"));
        daemon.service().create("reports", Map.of("fixed_user", "nobody", "fixed_group", "nogroup"));
        Path userData = dir.resolve("user");
        window = new ConsoleWindow(stage, daemon.adminSocket(),
                new LocalDaemonStarter(new DaemonProcess(userData.resolve("daemon.log"), Duration.ofSeconds(20)), userData),
                new ConsoleSettings(dir.resolve("console.properties")), Duration.ofMillis(100));
        stage.setWidth(1280);
        stage.setHeight(760);
        window.show();
    }

    @AfterEach
    void stop() throws Exception {
        Fx.read(() -> {
            window.close();
            return null;
        });
        daemon.close();
    }

    @Test
    void mainViews(FxRobot robot) throws Exception {
        TableView<VolumeRow> table = robot.lookup("#table").queryTableView();
        Fx.await("volumes listed", () -> table.getItems().size() == 5, () -> table.getItems().size());
        try (PluginRequests docker = new PluginRequests(daemon.pluginSocket())) {
            docker.mount("web-data", "3f9a1c27e0b4");
            docker.mount("web-data", "3f9a1c27e0b4");
            docker.mount("postgres", "8d02be61a9f7");
            docker.unmount("postgres", "8d02be61a9f7");
            docker.mount("postgres", "8d02be61a9f7");
            for (int i = 0; i < 30; i++) {
                docker.mount("build-cache", "job-" + i);
                docker.unmount("build-cache", "job-" + i);
            }
        }
        daemon.service().setFixedUser("web-data", "www-data", "www-data");
        Fx.await("web-data held twice", () -> table.getItems().stream().anyMatch(row -> row.name().equals("web-data") && row.volume().refs() == 2),
                () -> table.getItems());
        Fx.read(() -> {
            table.getSelectionModel().select(table.getItems().stream().filter(v -> v.name().equals("web-data")).findFirst().orElseThrow());
            return null;
        });
        save(stage.getScene(), "volumes.png");

        robot.clickOn("#createButton");
        robot.clickOn("#newName").write("reports/2026");
        save(robot.lookup("#newName").query().getScene(), "create-volume.png");
        robot.clickOn("Cancel");

        robot.clickOn("#mappingButton");
        save(robot.lookup("#mappingWhen").query().getScene(), "fixed-user.png");
        robot.clickOn("Cancel");

        Fx.read(() -> {
            robot.lookup("#tabs").queryAs(TabPane.class).getSelectionModel().select(1);
            return null;
        });
        Fx.await("requests listed", () -> robot.lookup("#requests").queryTableView().getItems().size() >= 60,
                () -> robot.lookup("#requests").queryTableView().getItems().size());
        save(stage.getScene(), "activity.png");
    }

    @Test
    void startPanel(FxRobot robot) throws Exception {
        daemon.stop();
        Stage other = Fx.read(Stage::new);
        Path dir = Files.createDirectory(tmp.resolve("elsewhere"));
        ConsoleWindow missing = Fx.read(() -> new ConsoleWindow(other, dir.resolve("admin.sock"),
                new LocalDaemonStarter(new DaemonProcess(dir.resolve("daemon.log"), Duration.ofSeconds(20)), dir),
                new ConsoleSettings(dir.resolve("console.properties")), Duration.ofSeconds(2)));
        Fx.read(() -> {
            other.setWidth(1280);
            other.setHeight(760);
            missing.show();
            return null;
        });
        Fx.await("start panel shown", () -> robot.lookup("#startEmbeddedButton").tryQuery().isPresent(), () -> "no panel");
        save(other.getScene(), "start-panel.png");
        Fx.read(() -> {
            missing.close();
            other.close();
            return null;
        });
    }

    private void save(Scene scene, String name) throws Exception {
        WaitForAsyncUtils.waitForFxEvents(5); // laid out and drawn
        WritableImage image = Fx.read(() -> scene.snapshot(null));
        PixelReader pixels = image.getPixelReader();
        BufferedImage png = new BufferedImage((int) image.getWidth(), (int) image.getHeight(), BufferedImage.TYPE_INT_ARGB);
        for (int y = 0; y < png.getHeight(); y++) {
            for (int x = 0; x < png.getWidth(); x++) {
                png.setRGB(x, y, pixels.getArgb(x, y));
            }
        }
        Files.createDirectories(out);
        try {
            ImageIO.write(png, "png", out.resolve(name).toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
