package io.quodock.ui.volumes;

import io.quodock.ui.Fxml;
import io.quodock.ui.admin.VolumeInfo;
import io.quodock.ui.create.CreateVolumeView;
import io.quodock.ui.create.CreateVolumeViewModel;
import io.quodock.ui.details.DetailsView;
import io.quodock.ui.details.DetailsViewModel;
import io.quodock.ui.mapping.FixedUserView;
import io.quodock.ui.mapping.FixedUserViewModel;
import java.util.function.Function;
import java.util.function.Supplier;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.fxml.FXML;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Label;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;

/** The volumes table with its filter, actions and details pane; binds to {@link VolumesViewModel} and forwards actions. */
public final class VolumesView extends BorderPane {
    private final VolumesViewModel model;
    private final Supplier<CreateVolumeViewModel> createForms;
    private final Function<VolumeInfo, FixedUserViewModel> mappingForms;
    private final DetailsView details;

    @FXML private TextField filter;
    @FXML private Label count;
    @FXML private Button createButton;
    @FXML private Button mappingButton;
    @FXML private Button removeButton;
    @FXML private Label removeBlocked;
    @FXML private HBox errorBanner;
    @FXML private Label actionError;
    @FXML private SplitPane split;
    @FXML private TableView<VolumeRow> table;
    @FXML private TableColumn<VolumeRow, String> nameColumn;
    @FXML private TableColumn<VolumeRow, String> backendColumn;
    @FXML private TableColumn<VolumeRow, String> mountpointColumn;
    @FXML private TableColumn<VolumeRow, Integer> refsColumn;
    @FXML private TableColumn<VolumeRow, String> containersColumn;
    @FXML private TableColumn<VolumeRow, String> fixedUserColumn;
    @FXML private TableColumn<VolumeRow, String> ownerColumn;
    @FXML private TableColumn<VolumeRow, String> createdColumn;

    /**
     * @param createForms  a fresh create form for the daemon attached to
     * @param mappingForms a fixed-user form for a volume
     */
    public VolumesView(VolumesViewModel model, DetailsViewModel details, Supplier<CreateVolumeViewModel> createForms,
                       Function<VolumeInfo, FixedUserViewModel> mappingForms) {
        this.model = model;
        this.createForms = createForms;
        this.mappingForms = mappingForms;
        Fxml.load(this);
        this.details = new DetailsView(details);
        split.getItems().add(this.details);
    }

    @FXML
    private void initialize() {
        filter.textProperty().bindBidirectional(model.filterProperty());
        count.textProperty().bind(model.countText());

        nameColumn.setCellValueFactory(row -> new ReadOnlyStringWrapper(row.getValue().name()));
        backendColumn.setCellValueFactory(row -> row.getValue().backendProperty());
        mountpointColumn.setCellValueFactory(row -> row.getValue().mountpointProperty());
        refsColumn.setCellValueFactory(row -> row.getValue().refsProperty());
        containersColumn.setCellValueFactory(row -> row.getValue().containersProperty());
        fixedUserColumn.setCellValueFactory(row -> row.getValue().fixedUserProperty());
        fixedUserColumn.setCellFactory(column -> new FixedUserCell());
        ownerColumn.setCellValueFactory(row -> row.getValue().ownerProperty());
        createdColumn.setCellValueFactory(row -> row.getValue().createdProperty());

        // The view model sorts (fast enough for 10,000 rows); the table only says by what.
        table.setSortPolicy(sortedTable -> {
            model.sortBy(sortedTable.getSortOrder().stream()
                    .map(column -> new VolumesViewModel.SortKey(column.getId(),
                            column.getSortType() == TableColumn.SortType.ASCENDING))
                    .toList());
            return true;
        });
        table.setItems(model.volumes());
        table.getSelectionModel().selectedItemProperty().addListener((property, old, volume) -> model.select(volume));

        removeButton.disableProperty().bind(model.removeDisabled());
        mappingButton.disableProperty().bind(model.selectedProperty().isNull());
        removeBlocked.textProperty().bind(model.removeBlockedProperty());
        removeBlocked.visibleProperty().bind(model.removeBlockedProperty().isNotEmpty());
        removeBlocked.managedProperty().bind(removeBlocked.visibleProperty());
        actionError.textProperty().bind(model.errorProperty());
        errorBanner.visibleProperty().bind(model.errorProperty().isNotEmpty());
        errorBanner.managedProperty().bind(errorBanner.visibleProperty());
    }

    /** The table, for the column layout that is remembered between runs. */
    public TableView<VolumeRow> table() {
        return table;
    }

    public void copyDockerRun() {
        details.copyDockerRun();
    }

    public void focusFilter() {
        filter.requestFocus();
        filter.selectAll();
    }

    @FXML
    public void create() {
        CreateVolumeViewModel form = createForms.get();
        if (form != null) {
            CreateVolumeView.dialog(form, getScene().getWindow()).showAndWait().ifPresent(volume -> {
                model.put(volume);
                table.getSelectionModel().select(model.row(volume.name()));
                table.scrollTo(model.row(volume.name()));
            });
        }
    }

    @FXML
    public void editMapping() {
        VolumeInfo volume = model.selectedProperty().get();
        if (volume != null) {
            FixedUserView.dialog(mappingForms.apply(volume), getScene().getWindow()).showAndWait().ifPresent(model::put);
        }
    }

    @FXML
    public void remove() {
        VolumeInfo volume = model.selectedProperty().get();
        if (volume == null || model.removeDisabled().get()) {
            return;
        }
        ButtonType remove = new ButtonType("Remove", ButtonBar.ButtonData.OK_DONE);
        Alert confirm = new Alert(Alert.AlertType.CONFIRMATION,
                "Remove volume " + volume.name() + " and delete its data at " + volume.mountpoint() + "? This cannot be undone.",
                remove, ButtonType.CANCEL);
        confirm.setTitle("Remove volume");
        confirm.setHeaderText("Remove " + volume.name() + "?");
        confirm.initOwner(getScene().getWindow());
        if (confirm.showAndWait().filter(remove::equals).isPresent()) {
            model.removeSelected();
        }
    }

    @FXML
    private void dismissError() {
        model.dismissError();
    }

    /** The mapping, marked while a change waits for the next first mount. */
    private static final class FixedUserCell extends TableCell<VolumeRow, String> {
        @Override
        protected void updateItem(String mapping, boolean empty) {
            super.updateItem(mapping, empty);
            getStyleClass().remove("pending");
            VolumeRow row = getTableRow() == null ? null : getTableRow().getItem();
            if (empty || mapping == null || row == null) {
                setText(null);
                return;
            }
            setText(mapping);
            if (row.pending()) {
                getStyleClass().add("pending");
            }
        }
    }
}
