package io.quodock.ui.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quodock.ui.ConsoleWindow;
import io.quodock.ui.admin.SocketAdminClient;
import io.quodock.ui.admin.VolumeInfo;
import io.quodock.ui.launch.DaemonProcess;
import io.quodock.ui.launch.LocalDaemonStarter;
import io.quodock.ui.settings.ConsoleSettings;
import io.quodock.ui.volumes.VolumeRow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * The console against a real daemon in this JVM, on temporary sockets: what a person sees and does,
 * through the window only, while the daemon is driven from outside as Docker and the CLI would.
 */
@ExtendWith(ApplicationExtension.class)
class ConsoleIT {
    @TempDir
    static Path tmp;

    private InProcessDaemon daemon;
    private ConsoleWindow window;
    private Stage stage;
    private Path dir;

    @Start
    void start(Stage stage) throws Exception {
        this.stage = stage;
        dir = Files.createTempDirectory(tmp, "d");
        daemon = new InProcessDaemon(dir).start();
        daemon.service().create("alpha", Map.of());
        daemon.service().create("beta", Map.of("subdirs", "data"));
        window = newWindow();
        window.show();
    }

    private ConsoleWindow newWindow() {
        Path userData = dir.resolve("user");
        return new ConsoleWindow(stage, daemon.adminSocket(),
                new LocalDaemonStarter(new DaemonProcess(userData.resolve("daemon.log"), Duration.ofSeconds(20)), userData),
                new ConsoleSettings(dir.resolve("console.properties")), Duration.ofMillis(100));
    }

    @AfterEach
    void stop() throws Exception {
        Fx.read(() -> {
            window.close();
            return null;
        });
        daemon.close();
    }

    private TableView<VolumeRow> table(FxRobot robot) {
        return robot.lookup("#table").queryTableView();
    }

    private Optional<VolumeInfo> row(FxRobot robot, String name) {
        return Fx.read(() -> table(robot).getItems().stream().filter(row -> row.name().equals(name)).map(VolumeRow::volume).findFirst());
    }

    private List<String> names(FxRobot robot) {
        return Fx.read(() -> table(robot).getItems().stream().map(VolumeRow::name).sorted().toList());
    }

    private void awaitRow(FxRobot robot, String what, String name, Predicate<VolumeInfo> condition) {
        Fx.await(what, () -> table(robot).getItems().stream().anyMatch(row -> row.name().equals(name) && condition.test(row.volume())),
                () -> row(robot, name));
    }

    private void select(FxRobot robot, String name) {
        Fx.read(() -> {
            TableView<VolumeRow> table = table(robot);
            table.getSelectionModel().select(table.getItems().stream().filter(v -> v.name().equals(name)).findFirst().orElseThrow());
            return null;
        });
    }

    private String text(FxRobot robot, String query) {
        return Fx.read(() -> robot.lookup(query).queryAs(Label.class).getText());
    }

    @Test
    void theTableShowsTheDaemonsVolumesAndTheStatusBarTheDaemon(FxRobot robot) {
        Fx.await("both volumes listed", () -> table(robot).getItems().size() == 2, () -> names(robot));

        assertEquals(List.of("alpha", "beta"), names(robot));
        assertEquals("attached", text(robot, "#connection"));
        assertEquals(daemon.adminSocket().toString(), text(robot, "#socketLabel"));
        assertTrue(text(robot, "#version").startsWith("quodock "), text(robot, "#version"));
        assertEquals("local backend healthy", text(robot, "#health"));
        assertEquals(8, Fx.read(() -> stage.getIcons().size()), "the application icon from icons/, in every size");
    }

    @Test
    void creatingThroughTheFormAddsARow(FxRobot robot) {
        Fx.await("attached", () -> table(robot).getItems().size() == 2, () -> names(robot));

        robot.clickOn("#createButton");
        robot.clickOn("#newName").write("web-data");
        robot.clickOn("#newSubdirs").write("logs,cache");
        robot.clickOn("Create");

        awaitRow(robot, "the created volume is listed", "web-data", volume -> true);
        assertTrue(daemon.service().get("web-data").isPresent(), "the daemon has it");
        assertTrue(Files.isDirectory(Path.of(daemon.service().get("web-data").orElseThrow().mountpoint(), "logs")));
    }

    @Test
    void theFormRefusesABadNameAsItIsTyped(FxRobot robot) {
        Fx.await("attached", () -> table(robot).getItems().size() == 2, () -> names(robot));

        robot.clickOn("#createButton");
        robot.clickOn("#newName").write("a/b");

        assertTrue(text(robot, "#newNameProblem").startsWith("volume name 'a/b' is invalid"), text(robot, "#newNameProblem"));
        assertTrue(Fx.read(() -> robot.lookup("Create").queryAs(Button.class).isDisabled()));
        robot.clickOn("Cancel");
    }

    @Test
    void aVolumeCreatedThroughTheAdminApiAppearsWithoutUserAction(FxRobot robot) {
        Fx.await("attached", () -> table(robot).getItems().size() == 2, () -> names(robot));

        try (SocketAdminClient cli = new SocketAdminClient(daemon.adminSocket())) {
            cli.create("from-cli", Map.of());
        }

        awaitRow(robot, "the volume the CLI created is listed", "from-cli", volume -> true);
    }

    @Test
    void aMountByAPluginRequestUpdatesTheReferenceCount(FxRobot robot) throws Exception {
        Fx.await("attached", () -> table(robot).getItems().size() == 2, () -> names(robot));

        try (PluginRequests docker = new PluginRequests(daemon.pluginSocket())) {
            docker.mount("alpha", "container-1");
            awaitRow(robot, "alpha held once", "alpha", volume -> volume.refs() == 1);
            docker.mount("alpha", "container-1");
            awaitRow(robot, "alpha held twice by the same mount ID", "alpha", volume -> volume.refs() == 2);
            docker.unmount("alpha", "container-1");
            docker.unmount("alpha", "container-1");
        }
        awaitRow(robot, "alpha released", "alpha", volume -> volume.refs() == 0);
    }

    @Test
    void removeIsRefusedWhileInUseAndWorksAfter(FxRobot robot) throws Exception {
        Fx.await("attached", () -> table(robot).getItems().size() == 2, () -> names(robot));
        try (PluginRequests docker = new PluginRequests(daemon.pluginSocket())) {
            docker.mount("beta", "c1");
            awaitRow(robot, "beta mounted", "beta", volume -> volume.refs() == 1);
            select(robot, "beta");

            assertTrue(Fx.read(() -> robot.lookup("#removeButton").queryButton().isDisabled()));
            assertEquals("In use by 1 container mount: stop the containers that use beta to remove it",
                    text(robot, "#removeBlocked"));

            docker.unmount("beta", "c1");
        }
        Fx.await("remove enabled once beta is unmounted", () -> !robot.lookup("#removeButton").queryButton().isDisabled(),
                () -> text(robot, "#removeBlocked"));
        robot.clickOn("#removeButton");
        robot.clickOn("Remove");

        Fx.await("beta gone", () -> table(robot).getItems().stream().noneMatch(v -> v.name().equals("beta")), () -> names(robot));
        assertFalse(daemon.service().get("beta").isPresent(), "the daemon removed it");
    }

    @Test
    void editingTheMappingOfAMountedVolumeShowsItPending(FxRobot robot) throws Exception {
        Fx.await("attached", () -> table(robot).getItems().size() == 2, () -> names(robot));
        try (PluginRequests docker = new PluginRequests(daemon.pluginSocket())) {
            docker.mount("alpha", "c1");
            awaitRow(robot, "alpha mounted", "alpha", volume -> volume.refs() == 1);
            select(robot, "alpha");

            robot.clickOn("#mappingButton");
            assertTrue(text(robot, "#mappingWhen").startsWith("alpha is mounted now"), text(robot, "#mappingWhen"));
            robot.clickOn("#mappingUser").write("nobody");
            robot.clickOn("#mappingGroup").write("nogroup");
            robot.clickOn("Save");

            awaitRow(robot, "the mapping waits for the next first mount", "alpha", volume -> volume.fixedUser().pending());
            assertEquals("none → nobody:nogroup (pending)", row(robot, "alpha").orElseThrow().fixedUser().describe());
            assertTrue(Fx.read(() -> robot.lookup(".table-cell.pending").tryQuery().isPresent()), "the cell is marked pending");
            docker.unmount("alpha", "c1");
        }
    }

    @Test
    void anErrorFromTheDaemonIsShownInlineInTheForm(FxRobot robot) {
        Fx.await("attached", () -> table(robot).getItems().size() == 2, () -> names(robot));

        robot.clickOn("#createButton");
        robot.clickOn("#newName").write("owned");
        robot.clickOn("#newUser").write("no-such-user-qd");
        robot.clickOn("Create");

        Fx.await("the daemon's refusal is shown", () -> robot.lookup("#createError").queryAs(Label.class).isVisible()
                && robot.lookup("#createError").queryAs(Label.class).getText().startsWith("Could not create volume owned: "),
                () -> text(robot, "#createError"));
        String error = text(robot, "#createError");
        assertTrue(error.contains("no-such-user-qd"), error);
        assertFalse(error.contains("Exception") || error.contains("\tat "), "no stack trace: " + error);
        assertTrue(Fx.read(() -> robot.lookup("#newName").tryQuery().isPresent()), "the form stays open to correct it");
        assertFalse(daemon.service().get("owned").isPresent());
        robot.clickOn("Cancel");
    }

    @Test
    void theConsoleSurvivesADaemonRestartAndReattaches(FxRobot robot) throws Exception {
        Fx.await("attached", () -> table(robot).getItems().size() == 2, () -> names(robot));

        daemon.stop();
        Fx.await("the loss is shown", () -> text(robot, "#connection").startsWith("connection lost, re-attaching"),
                () -> text(robot, "#connection"));
        assertEquals(List.of("alpha", "beta"), names(robot), "the last known volumes stay in view");

        daemon.start();
        daemon.service().create("after-restart", Map.of());

        Fx.await("attached again", () -> text(robot, "#connection").equals("attached"), () -> text(robot, "#connection"));
        awaitRow(robot, "a volume created after the restart is listed", "after-restart", volume -> true);
    }

    @Test
    void theColumnLayoutIsRememberedBetweenRuns(FxRobot robot) throws Exception {
        Fx.await("attached", () -> table(robot).getItems().size() == 2, () -> names(robot));
        Fx.read(() -> {
            TableView<VolumeRow> table = table(robot);
            TableColumn<VolumeRow, ?> refs = column(table, "refs");
            table.getColumns().remove(refs);
            table.getColumns().add(0, refs);
            column(table, "owner").setVisible(false);
            refs.setSortType(TableColumn.SortType.DESCENDING);
            table.getSortOrder().setAll(List.of(refs));
            window.close();
            return null;
        });

        window = Fx.read(() -> {
            ConsoleWindow next = newWindow();
            next.show();
            return next;
        });

        Fx.read(() -> {
            TableView<VolumeRow> table = table(robot);
            assertEquals("refs", table.getColumns().get(0).getId());
            assertFalse(column(table, "owner").isVisible());
            assertEquals(List.of(column(table, "refs")), table.getSortOrder());
            assertEquals(TableColumn.SortType.DESCENDING, column(table, "refs").getSortType());
            return null;
        });
    }

    private static TableColumn<VolumeRow, ?> column(TableView<VolumeRow> table, String id) {
        return table.getColumns().stream().filter(column -> id.equals(column.getId())).findFirst().orElseThrow();
    }
}
