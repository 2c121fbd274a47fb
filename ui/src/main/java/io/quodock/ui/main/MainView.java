package io.quodock.ui.main;

import io.quodock.ui.Fxml;
import io.quodock.ui.activity.ActivityView;
import io.quodock.ui.admin.AdminClient;
import io.quodock.ui.create.CreateVolumeViewModel;
import io.quodock.ui.details.DetailsViewModel;
import io.quodock.ui.launch.DaemonStarter;
import io.quodock.ui.mapping.FixedUserViewModel;
import io.quodock.ui.start.StartView;
import io.quodock.ui.start.StartViewModel;
import io.quodock.ui.volumes.VolumesView;
import java.nio.file.Path;
import javafx.application.Platform;
import javafx.css.PseudoClass;
import javafx.fxml.FXML;
import javafx.scene.control.Label;
import javafx.scene.control.MenuItem;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.StackPane;

/**
 * The main window's content: menu with the shortcuts, the Volumes and Activity tabs, the start panel
 * while no daemon answered at launch, and the status bar. Binds to {@link MainViewModel}.
 */
public final class MainView extends BorderPane {
    private static final PseudoClass LOST = PseudoClass.getPseudoClass("lost");

    private final MainViewModel model;
    private final DaemonStarter starter;
    private final Path socket;
    private final VolumesView volumes;
    private StackPane startPanel;

    @FXML private MenuItem createItem;
    @FXML private MenuItem mappingItem;
    @FXML private MenuItem removeItem;
    @FXML private MenuItem copyItem;
    @FXML private StackPane content;
    @FXML private TabPane tabs;
    @FXML private Tab volumesTab;
    @FXML private Tab activityTab;
    @FXML private Label connection;
    @FXML private Label mode;
    @FXML private Label socketLabel;
    @FXML private Label version;
    @FXML private Label uptime;
    @FXML private Label health;

    /**
     * @param starter starts a daemon from the start panel
     * @param socket  the admin socket tried at launch
     */
    public MainView(MainViewModel model, DaemonStarter starter, Path socket) {
        this.model = model;
        this.starter = starter;
        this.socket = socket;
        Fxml.load(this);
        DetailsViewModel details = new DetailsViewModel(model.driverProperty(), model.volumes().selectedProperty());
        volumes = new VolumesView(model.volumes(), details, this::createForm, volume -> {
            AdminClient client = model.clientProperty().get();
            return new FixedUserViewModel(client, model.calls(), volume);
        });
        volumesTab.setContent(volumes);
        activityTab.setContent(new ActivityView(model.activity()));
    }

    /** The volumes screen, for the column layout remembered between runs. */
    public VolumesView volumes() {
        return volumes;
    }

    @FXML
    private void initialize() {
        connection.textProperty().bind(model.connectionProperty());
        mode.textProperty().bind(model.modeProperty());
        socketLabel.textProperty().bind(model.socketProperty());
        version.textProperty().bind(model.versionProperty());
        uptime.textProperty().bind(model.uptimeProperty());
        health.textProperty().bind(model.healthProperty());
        model.phaseProperty().addListener((property, old, phase) -> showPhase(phase));
        showPhase(model.phaseProperty().get());
        var detached = model.phaseProperty().isNotEqualTo(MainViewModel.Phase.ATTACHED);
        createItem.disableProperty().bind(detached);
        mappingItem.disableProperty().bind(detached.or(model.volumes().selectedProperty().isNull()));
        removeItem.disableProperty().bind(detached.or(model.volumes().removeDisabled()));
        copyItem.disableProperty().bind(model.volumes().selectedProperty().isNull());
    }

    private void showPhase(MainViewModel.Phase phase) {
        connection.pseudoClassStateChanged(LOST, phase == MainViewModel.Phase.LOST || phase == MainViewModel.Phase.START_PANEL);
        tabs.setDisable(phase == MainViewModel.Phase.START_PANEL || phase == MainViewModel.Phase.CONNECTING);
        if (phase == MainViewModel.Phase.START_PANEL && startPanel == null) {
            startPanel = new StackPane(new StartView(new StartViewModel(starter, model.calls(), socket,
                    System.getProperty("user.name"), model::attach)));
            startPanel.getStyleClass().add("backdrop");
            content.getChildren().add(startPanel);
        } else if (phase == MainViewModel.Phase.ATTACHED && startPanel != null) {
            content.getChildren().remove(startPanel);
            startPanel = null;
        }
    }

    private CreateVolumeViewModel createForm() {
        AdminClient client = model.clientProperty().get();
        return client == null ? null : new CreateVolumeViewModel(client, model.calls(), model.backendProperty().get());
    }

    @FXML
    private void create() {
        tabs.getSelectionModel().select(volumesTab);
        volumes.create();
    }

    @FXML
    private void editMapping() {
        tabs.getSelectionModel().select(volumesTab);
        volumes.editMapping();
    }

    @FXML
    private void remove() {
        tabs.getSelectionModel().select(volumesTab);
        volumes.remove();
    }

    @FXML
    private void copyDockerRun() {
        volumes.copyDockerRun();
    }

    @FXML
    private void showVolumes() {
        tabs.getSelectionModel().select(volumesTab);
    }

    @FXML
    private void showActivity() {
        tabs.getSelectionModel().select(activityTab);
    }

    @FXML
    private void find() {
        tabs.getSelectionModel().select(volumesTab);
        volumes.focusFilter();
    }

    @FXML
    private void quit() {
        getScene().getWindow().hide();
        Platform.exit();
    }
}
