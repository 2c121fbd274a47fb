package io.quodock.ui;

import io.quodock.ui.settings.TableLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;

/** Reads a table's column layout, and applies a remembered one; columns are known by their ids. */
public final class TableLayouts {
    private TableLayouts() {
    }

    public static TableLayout capture(TableView<?> table) {
        List<TableLayout.Column> columns = new ArrayList<>();
        for (TableColumn<?, ?> column : table.getColumns()) {
            columns.add(new TableLayout.Column(column.getId(), column.getWidth(), column.isVisible()));
        }
        TableColumn<?, ?> sorted = table.getSortOrder().isEmpty() ? null : table.getSortOrder().get(0);
        return new TableLayout(columns, sorted == null ? null : sorted.getId(),
                sorted == null || sorted.getSortType() == TableColumn.SortType.ASCENDING);
    }

    /** Applies {@code layout}; columns it does not know keep their place after the known ones. */
    public static <S> void apply(TableView<S> table, TableLayout layout) {
        Map<String, TableColumn<S, ?>> byId = table.getColumns().stream()
                .collect(Collectors.toMap(TableColumn::getId, Function.identity()));
        List<TableColumn<S, ?>> ordered = new ArrayList<>();
        for (TableLayout.Column remembered : layout.columns()) {
            TableColumn<S, ?> column = byId.remove(remembered.id());
            if (column != null) {
                column.setPrefWidth(remembered.width());
                column.setVisible(remembered.visible());
                ordered.add(column);
            }
        }
        table.getColumns().stream().filter(column -> byId.containsKey(column.getId())).forEach(ordered::add);
        table.getColumns().setAll(ordered);
        table.getSortOrder().clear();
        if (layout.sortColumn() != null) {
            ordered.stream().filter(column -> layout.sortColumn().equals(column.getId())).findFirst().ifPresent(column -> {
                column.setSortType(layout.ascending() ? TableColumn.SortType.ASCENDING : TableColumn.SortType.DESCENDING);
                table.getSortOrder().add(column);
            });
        }
    }
}
