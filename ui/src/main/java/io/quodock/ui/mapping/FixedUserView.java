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

    @FXML private Label current;
    @FXML private Label when;
    @FXML private TextField user;
    @FXML private TextField group;
    @FXML private Label error;

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
        dialog.setOnShown(event -> view.user.requestFocus());
        return dialog;
    }

    @FXML
    private void initialize() {
        current.setText(model.current());
        when.setText(model.when());
        user.textProperty().bindBidirectional(model.userProperty());
        group.textProperty().bindBidirectional(model.groupProperty());
        error.textProperty().bind(model.errorProperty());
        error.visibleProperty().bind(model.errorProperty().isNotEmpty());
        error.managedProperty().bind(error.visibleProperty());
    }
}
