package io.quodock.ui.details;

import io.quodock.ui.Fxml;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.VBox;

/** The details pane; binds to {@link DetailsViewModel}. */
public final class DetailsView extends VBox {
    private final DetailsViewModel model;

    @FXML private Label detailTitle;
    @FXML private GridPane facts;
    @FXML private Label detailPath;
    @FXML private Label detailContainers;
    @FXML private Label detailFixedUser;
    @FXML private Label detailTenant;
    @FXML private Label detailConfiguration;
    @FXML private TableView<DetailsViewModel.Entry> detailMounts;
    @FXML private TableColumn<DetailsViewModel.Entry, String> mountIdColumn;
    @FXML private TableColumn<DetailsViewModel.Entry, String> mountCountColumn;
    @FXML private TableView<DetailsViewModel.Entry> detailOptions;
    @FXML private TableColumn<DetailsViewModel.Entry, String> optionKeyColumn;
    @FXML private TableColumn<DetailsViewModel.Entry, String> optionValueColumn;
    @FXML private TextField dockerRun;
    @FXML private Button copyButton;

    public DetailsView(DetailsViewModel model) {
        this.model = model;
        Fxml.load(this);
    }

    @FXML
    private void initialize() {
        detailTitle.textProperty().bind(model.titleProperty());
        detailPath.textProperty().bind(model.pathProperty());
        detailContainers.textProperty().bind(model.containersProperty());
        detailFixedUser.textProperty().bind(model.fixedUserProperty());
        detailTenant.textProperty().bind(model.tenantProperty());
        detailConfiguration.textProperty().bind(model.configurationProperty());
        dockerRun.textProperty().bind(model.dockerRunProperty());
        facts.visibleProperty().bind(model.presentProperty());
        copyButton.disableProperty().bind(model.presentProperty().not());

        detailMounts.setItems(model.mounts());
        mountIdColumn.setCellValueFactory(row -> new ReadOnlyStringWrapper(row.getValue().key()));
        mountCountColumn.setCellValueFactory(row -> new ReadOnlyStringWrapper(row.getValue().value()));
        detailOptions.setItems(model.options());
        optionKeyColumn.setCellValueFactory(row -> new ReadOnlyStringWrapper(row.getValue().key()));
        optionValueColumn.setCellValueFactory(row -> new ReadOnlyStringWrapper(row.getValue().value()));
    }

    /** Puts the docker run line on the clipboard. */
    @FXML
    public void copyDockerRun() {
        if (model.presentProperty().get()) {
            ClipboardContent content = new ClipboardContent();
            content.putString(model.dockerRunProperty().get());
            Clipboard.getSystemClipboard().setContent(content);
        }
    }
}
