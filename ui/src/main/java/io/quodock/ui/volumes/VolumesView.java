package io.quodock.ui.volumes;

import io.quodock.ui.Fxml;
import io.quodock.ui.admin.VolumeInfo;
import io.quodock.ui.create.CreateVolumeView;
import io.quodock.ui.create.CreateVolumeViewModel;
import io.quodock.ui.details.DetailsView;
import io.quodock.ui.details.DetailsViewModel;
import io.quodock.ui.mapping.FixedUserView;
import io.quodock.ui.mapping.FixedUserViewModel;
import java.util.Comparator;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import javafx.beans.property.ReadOnlyObjectWrapper;
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
    @FXML private Label error;
    @FXML private SplitPane split;
    @FXML private TableView<VolumeInfo> table;
    @FXML private TableColumn<VolumeInfo, String> nameColumn;
    @FXML private TableColumn<VolumeInfo, String> backendColumn;
    @FXML private TableColumn<VolumeInfo, String> mountpointColumn;
    @FXML private TableColumn<VolumeInfo, Integer> refsColumn;
    @FXML private TableColumn<VolumeInfo, String> containersColumn;
    @FXML private TableColumn<VolumeInfo, VolumeInfo> fixedUserColumn;
    @FXML private TableColumn<VolumeInfo, String> ownerColumn;
    @FXML private TableColumn<VolumeInfo, String> createdColumn;

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
        backendColumn.setCellValueFactory(row -> new ReadOnlyStringWrapper(row.getValue().backend()));
        mountpointColumn.setCellValueFactory(row -> new ReadOnlyStringWrapper(row.getValue().mountpoint()));
        refsColumn.setCellValueFactory(row -> new ReadOnlyObjectWrapper<>(row.getValue().refs()));
        containersColumn.setCellValueFactory(row -> new ReadOnlyStringWrapper(containers(row.getValue())));
        fixedUserColumn.setCellValueFactory(row -> new ReadOnlyObjectWrapper<>(row.getValue()));
        fixedUserColumn.setComparator(Comparator.comparing(volume -> volume.fixedUser().describe()));
        fixedUserColumn.setCellFactory(column -> new FixedUserCell());
        ownerColumn.setCellValueFactory(row -> new ReadOnlyStringWrapper(row.getValue().owner() == null ? "" : row.getValue().owner()));
        createdColumn.setCellValueFactory(row -> new ReadOnlyStringWrapper(VolumesViewModel.created(row.getValue().createdAt())));

        model.volumes().comparatorProperty().bind(table.comparatorProperty());
        table.setItems(model.volumes());
        table.getSelectionModel().selectedItemProperty().addListener((property, old, volume) -> model.select(volume));

        removeButton.disableProperty().bind(model.removeDisabled());
        mappingButton.disableProperty().bind(model.selectedProperty().isNull());
        removeBlocked.textProperty().bind(model.removeBlockedProperty());
        removeBlocked.visibleProperty().bind(model.removeBlockedProperty().isNotEmpty());
        removeBlocked.managedProperty().bind(removeBlocked.visibleProperty());
        error.textProperty().bind(model.errorProperty());
        errorBanner.visibleProperty().bind(model.errorProperty().isNotEmpty());
        errorBanner.managedProperty().bind(errorBanner.visibleProperty());
    }

    /** The table, for the column layout that is remembered between runs. */
    public TableView<VolumeInfo> table() {
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
                table.getSelectionModel().select(model.find(volume.name()));
                table.scrollTo(model.find(volume.name()));
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

    private static String containers(VolumeInfo volume) {
        if (volume.containers() == null) {
            return volume.inUse() ? "?" : "";
        }
        return volume.containers().stream().map(VolumeInfo.ContainerInfo::name).collect(Collectors.joining(", "));
    }

    /** The mapping, marked while a change waits for the next first mount. */
    private static final class FixedUserCell extends TableCell<VolumeInfo, VolumeInfo> {
        @Override
        protected void updateItem(VolumeInfo volume, boolean empty) {
            super.updateItem(volume, empty);
            getStyleClass().remove("pending");
            if (empty || volume == null) {
                setText(null);
                return;
            }
            setText(volume.fixedUser().describe());
            if (volume.fixedUser().pending()) {
                getStyleClass().add("pending");
            }
        }
    }
}
