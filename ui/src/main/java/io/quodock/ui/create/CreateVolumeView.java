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

    @FXML private TextField name;
    @FXML private Label nameProblem;
    @FXML private TextField user;
    @FXML private TextField group;
    @FXML private TextField configurationName;
    @FXML private TextField tenantId;
    @FXML private TextField fixedUser;
    @FXML private TextField fixedGroup;
    @FXML private TextField subdirs;
    @FXML private Label error;

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
        dialog.setOnShown(event -> view.name.requestFocus());
        return dialog;
    }

    @FXML
    private void initialize() {
        name.textProperty().bindBidirectional(model.nameProperty());
        user.textProperty().bindBidirectional(model.userProperty());
        group.textProperty().bindBidirectional(model.groupProperty());
        configurationName.textProperty().bindBidirectional(model.configurationNameProperty());
        tenantId.textProperty().bindBidirectional(model.tenantIdProperty());
        fixedUser.textProperty().bindBidirectional(model.fixedUserProperty());
        fixedGroup.textProperty().bindBidirectional(model.fixedGroupProperty());
        subdirs.textProperty().bindBidirectional(model.subdirsProperty());
        configurationName.disableProperty().bind(model.quobyteFieldsProperty().not());
        tenantId.disableProperty().bind(model.quobyteFieldsProperty().not());

        nameProblem.textProperty().bind(model.nameProblem());
        nameProblem.visibleProperty().bind(model.nameProblem().isNotEmpty());
        nameProblem.managedProperty().bind(nameProblem.visibleProperty());
        error.textProperty().bind(model.errorProperty());
        error.visibleProperty().bind(model.errorProperty().isNotEmpty());
        error.managedProperty().bind(error.visibleProperty());
    }
}
