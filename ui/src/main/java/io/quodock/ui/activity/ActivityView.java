package io.quodock.ui.activity;

import io.quodock.ui.Fxml;
import io.quodock.ui.admin.DaemonEvent;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.ListChangeListener;
import javafx.css.PseudoClass;
import javafx.fxml.FXML;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.XYChart;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;

/** The activity screen; binds to {@link ActivityViewModel}. The chart mirrors the model's latency samples. */
public final class ActivityView extends SplitPane {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneId.systemDefault());
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.systemDefault());

    private static final PseudoClass FAILED = PseudoClass.getPseudoClass("failed");

    private final ActivityViewModel model;
    private final XYChart.Series<Number, Number> series = new XYChart.Series<>();

    @FXML private TableView<DaemonEvent.PluginRequest> requests;
    @FXML private TableColumn<DaemonEvent.PluginRequest, String> timeColumn;
    @FXML private TableColumn<DaemonEvent.PluginRequest, String> methodColumn;
    @FXML private TableColumn<DaemonEvent.PluginRequest, String> volumeColumn;
    @FXML private TableColumn<DaemonEvent.PluginRequest, String> outcomeColumn;
    @FXML private TableColumn<DaemonEvent.PluginRequest, String> latencyColumn;
    @FXML private LineChart<Number, Number> latencyChart;
    @FXML private ListView<ActivityViewModel.HealthEntry> healthHistory;

    public ActivityView(ActivityViewModel model) {
        this.model = model;
        Fxml.load(this);
    }

    @FXML
    private void initialize() {
        requests.setItems(model.requests());
        timeColumn.setCellValueFactory(row -> new ReadOnlyStringWrapper(TIME.format(row.getValue().time())));
        methodColumn.setCellValueFactory(row -> new ReadOnlyStringWrapper(row.getValue().method()));
        volumeColumn.setCellValueFactory(row -> new ReadOnlyStringWrapper(row.getValue().volume() == null ? "" : row.getValue().volume()));
        outcomeColumn.setCellValueFactory(row -> new ReadOnlyStringWrapper(row.getValue().outcome()));
        latencyColumn.setCellValueFactory(row -> new ReadOnlyStringWrapper(String.format("%.3f ms", row.getValue().latencyMicros() / 1000.0)));
        requests.setRowFactory(table -> new TableRow<>() {
            @Override
            protected void updateItem(DaemonEvent.PluginRequest request, boolean empty) {
                super.updateItem(request, empty);
                pseudoClassStateChanged(FAILED, !empty && request != null && !request.ok());
            }
        });

        latencyChart.getData().add(series);
        model.latencies().forEach(sample -> series.getData().add(point(sample)));
        model.latencies().addListener((ListChangeListener<ActivityViewModel.LatencySample>) change -> {
            while (change.next()) {
                if (change.wasRemoved()) {
                    series.getData().remove(change.getFrom(), change.getFrom() + change.getRemovedSize());
                }
                if (change.wasAdded()) {
                    series.getData().addAll(change.getFrom(), change.getAddedSubList().stream().map(ActivityView::point).toList());
                }
            }
            // Laid out now: a chart changed while its tab was hidden stays empty when the tab is shown again.
            latencyChart.layout();
        });

        healthHistory.setItems(model.health());
        healthHistory.setCellFactory(list -> new ListCell<>() {
            @Override
            protected void updateItem(ActivityViewModel.HealthEntry entry, boolean empty) {
                super.updateItem(entry, empty);
                setText(empty || entry == null ? null : DATE_TIME.format(entry.time()) + "  " + entry.text());
            }
        });
    }

    private static XYChart.Data<Number, Number> point(ActivityViewModel.LatencySample sample) {
        return new XYChart.Data<>(sample.sequence(), sample.millis());
    }
}
