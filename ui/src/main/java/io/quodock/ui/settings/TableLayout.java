package io.quodock.ui.settings;

import java.util.ArrayList;
import java.util.List;

/**
 * A table's columns as the user left them: order, widths, which are shown, and the sort.
 *
 * @param columns    in display order
 * @param sortColumn the id of the column sorted by, or null
 * @param ascending  the sort direction
 */
public record TableLayout(List<Column> columns, String sortColumn, boolean ascending) {

    /** One column. */
    public record Column(String id, double width, boolean visible) {
    }

    public TableLayout {
        columns = List.copyOf(columns);
    }

    /** {@code name:170.0:1,backend:70.0:0} then {@code |name:asc}; the form kept in the settings file. */
    String encode() {
        List<String> parts = new ArrayList<>();
        for (Column column : columns) {
            parts.add(column.id() + ":" + column.width() + ":" + (column.visible() ? 1 : 0));
        }
        return String.join(",", parts) + "|" + (sortColumn == null ? "" : sortColumn + ":" + (ascending ? "asc" : "desc"));
    }

    /** The layout in {@code text}, or null when it is not one (an older or damaged file is ignored, not fatal). */
    static TableLayout decode(String text) {
        if (text == null) {
            return null;
        }
        String[] halves = text.split("\\|", -1);
        if (halves.length != 2) {
            return null;
        }
        List<Column> columns = new ArrayList<>();
        try {
            for (String part : halves[0].split(",")) {
                String[] fields = part.split(":");
                if (fields.length != 3 || fields[0].isEmpty()) {
                    return null;
                }
                columns.add(new Column(fields[0], Double.parseDouble(fields[1]), fields[2].equals("1")));
            }
        } catch (NumberFormatException e) {
            return null;
        }
        String[] sort = halves[1].split(":");
        return sort.length == 2
                ? new TableLayout(columns, sort[0], sort[1].equals("asc"))
                : new TableLayout(columns, null, true);
    }
}
