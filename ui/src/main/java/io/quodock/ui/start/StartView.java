package io.quodock.ui.start;

import io.quodock.ui.Fxml;
import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.TextField;
import javafx.scene.layout.VBox;

/** The start panel; binds to {@link StartViewModel} and forwards the two ways to start a daemon. */
public final class StartView extends VBox {
    private final StartViewModel model;

    @FXML private Label missing;
    @FXML private TextField driverName;
    @FXML private TextField pluginDir;
    @FXML private TextField socketGroup;
    @FXML private TextField stateDir;
    @FXML private TextField volumesRoot;
    @FXML private TextField adminSocket;
    @FXML private Label rightsProblem;
    @FXML private Button startProcessButton;
    @FXML private Button startEmbeddedButton;
    @FXML private ProgressIndicator busy;
    @FXML private Label startError;

    public StartView(StartViewModel model) {
        this.model = model;
        Fxml.load(this);
    }

    @FXML
    private void initialize() {
        missing.setText(model.missingSocket());
        driverName.textProperty().bindBidirectional(model.driverNameProperty());
        pluginDir.textProperty().bindBidirectional(model.pluginDirProperty());
        socketGroup.textProperty().bindBidirectional(model.socketGroupProperty());
        stateDir.textProperty().bindBidirectional(model.stateDirProperty());
        volumesRoot.textProperty().bindBidirectional(model.volumesRootProperty());
        adminSocket.textProperty().bindBidirectional(model.adminSocketProperty());
        rightsProblem.textProperty().bind(model.rightsProblem());
        rightsProblem.visibleProperty().bind(model.rightsProblem().isNotEmpty());
        rightsProblem.managedProperty().bind(rightsProblem.visibleProperty());
        startProcessButton.disableProperty().bind(model.startProcessDisabled());
        startEmbeddedButton.disableProperty().bind(model.busyProperty());
        busy.visibleProperty().bind(model.busyProperty());
        startError.textProperty().bind(model.errorProperty());
        startError.visibleProperty().bind(model.errorProperty().isNotEmpty());
        startError.managedProperty().bind(startError.visibleProperty());
    }

    @FXML
    private void startProcess() {
        model.startProcess();
    }

    @FXML
    private void startEmbedded() {
        model.startEmbedded();
    }
}
