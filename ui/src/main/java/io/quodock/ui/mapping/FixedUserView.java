package io.quodock.ui.mapping;

import io.quodock.ui.Fxml;
import io.quodock.ui.admin.VolumeInfo;
import javafx.event.ActionEvent;
import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.DialogPane;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.stage.Window;

/** The fixed-user form as a dialog; binds to {@link FixedUserViewModel}. Its result is the volume as changed. */
public final class FixedUserView extends DialogPane {
    private static final ButtonType CLEAR = new ButtonType("Clear mapping", ButtonBar.ButtonData.LEFT);

    private final FixedUserViewModel model;

    @FXML private Label mappingNow;
    @FXML private Label mappingWhen;
    @FXML private TextField mappingUser;
    @FXML private TextField mappingGroup;
    @FXML private Label mappingError;

    public FixedUserView(FixedUserViewModel model) {
        this.model = model;
        Fxml.load(this);
    }

    public static Dialog<VolumeInfo> dialog(FixedUserViewModel model, Window owner) {
        Dialog<VolumeInfo> dialog = new Dialog<>();
        FixedUserView view = new FixedUserView(model);
        dialog.setDialogPane(view);
        dialog.setTitle("Fixed user of " + model.volume());
        view.setHeaderText("Fixed-user mapping of " + model.volume());
        dialog.initOwner(owner);
        dialog.setResultConverter(button -> null);
        Button save = (Button) view.lookupButton(ButtonType.OK);
        save.setText("Save");
        save.disableProperty().bind(model.saveDisabled());
        save.addEventFilter(ActionEvent.ACTION, event -> {
            event.consume();
            model.save(dialog::setResult);
        });
        if (model.canClear()) {
            view.getButtonTypes().add(0, CLEAR);
            Button clear = (Button) view.lookupButton(CLEAR);
            clear.disableProperty().bind(model.busyProperty());
            clear.addEventFilter(ActionEvent.ACTION, event -> {
                event.consume();
                model.clear(dialog::setResult);
            });
        }
        dialog.setOnShown(event -> view.mappingUser.requestFocus());
        return dialog;
    }

    @FXML
    private void initialize() {
        mappingNow.setText(model.current());
        mappingWhen.setText(model.when());
        mappingUser.textProperty().bindBidirectional(model.userProperty());
        mappingGroup.textProperty().bindBidirectional(model.groupProperty());
        mappingError.textProperty().bind(model.errorProperty());
        mappingError.visibleProperty().bind(model.errorProperty().isNotEmpty());
        mappingError.managedProperty().bind(mappingError.visibleProperty());
        mappingError.visibleProperty().addListener((property, was, shown) -> fitWindow());
    }

    /** Resizes the dialog when the error line comes or goes, so the message and the buttons stay in view. */
    private void fitWindow() {
        if (getScene() != null && getScene().getWindow() != null) {
            getScene().getWindow().sizeToScene();
        }
    }
}
