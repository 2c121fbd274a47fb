package io.quodock.ui.create;

import io.quodock.ui.Fxml;
import io.quodock.ui.admin.VolumeInfo;
import javafx.event.ActionEvent;
import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.DialogPane;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.stage.Window;

/** The create form as a dialog; binds to {@link CreateVolumeViewModel}. It closes only once the daemon has created the volume. */
public final class CreateVolumeView extends DialogPane {
    private final CreateVolumeViewModel model;

    @FXML private TextField newName;
    @FXML private Label newNameProblem;
    @FXML private TextField newUser;
    @FXML private TextField newGroup;
    @FXML private TextField newConfiguration;
    @FXML private TextField newTenant;
    @FXML private TextField newFixedUser;
    @FXML private TextField newFixedGroup;
    @FXML private TextField newSubdirs;
    @FXML private Label createError;

    public CreateVolumeView(CreateVolumeViewModel model) {
        this.model = model;
        Fxml.load(this);
    }

    /** A dialog whose result is the created volume. */
    public static Dialog<VolumeInfo> dialog(CreateVolumeViewModel model, Window owner) {
        Dialog<VolumeInfo> dialog = new Dialog<>();
        CreateVolumeView view = new CreateVolumeView(model);
        dialog.setDialogPane(view);
        dialog.setTitle("Create volume");
        dialog.initOwner(owner);
        dialog.setResultConverter(button -> null);
        Button create = (Button) view.lookupButton(ButtonType.OK);
        create.setText("Create");
        create.disableProperty().bind(model.createDisabled());
        create.addEventFilter(ActionEvent.ACTION, event -> {
            event.consume(); // the dialog stays until the daemon has answered
            model.create(dialog::setResult);
        });
        dialog.setOnShown(event -> view.newName.requestFocus());
        return dialog;
    }

    @FXML
    private void initialize() {
        newName.textProperty().bindBidirectional(model.nameProperty());
        newUser.textProperty().bindBidirectional(model.userProperty());
        newGroup.textProperty().bindBidirectional(model.groupProperty());
        newConfiguration.textProperty().bindBidirectional(model.configurationNameProperty());
        newTenant.textProperty().bindBidirectional(model.tenantIdProperty());
        newFixedUser.textProperty().bindBidirectional(model.fixedUserProperty());
        newFixedGroup.textProperty().bindBidirectional(model.fixedGroupProperty());
        newSubdirs.textProperty().bindBidirectional(model.subdirsProperty());
        newConfiguration.disableProperty().bind(model.quobyteFieldsProperty().not());
        newTenant.disableProperty().bind(model.quobyteFieldsProperty().not());

        newNameProblem.textProperty().bind(model.nameProblem());
        newNameProblem.visibleProperty().bind(model.nameProblem().isNotEmpty());
        newNameProblem.managedProperty().bind(newNameProblem.visibleProperty());
        newNameProblem.visibleProperty().addListener((property, was, shown) -> fitWindow());
        createError.textProperty().bind(model.errorProperty());
        createError.visibleProperty().bind(model.errorProperty().isNotEmpty());
        createError.managedProperty().bind(createError.visibleProperty());
        createError.visibleProperty().addListener((property, was, shown) -> fitWindow());
    }

    /** Resizes the dialog when a message line comes or goes, so the message and the buttons stay in view. */
    private void fitWindow() {
        if (getScene() != null && getScene().getWindow() != null) {
            getScene().getWindow().sizeToScene();
        }
    }
}
