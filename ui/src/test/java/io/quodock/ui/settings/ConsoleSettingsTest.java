package io.quodock.ui.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConsoleSettingsTest {
    @TempDir
    Path tmp;

    private static final TableLayout LAYOUT = new TableLayout(List.of(new TableLayout.Column("refs", 61.5, true),
            new TableLayout.Column("name", 200, true), new TableLayout.Column("owner", 80, false)), "refs", false);

    @Test
    void aSavedLayoutIsReadBackByTheNextRun() throws IOException {
        new ConsoleSettings(tmp.resolve("quodock/console.properties")).saveTableLayout("volumes", LAYOUT);

        assertEquals(LAYOUT, new ConsoleSettings(tmp.resolve("quodock/console.properties")).tableLayout("volumes").orElseThrow());
    }

    @Test
    void noFileMeansNoRememberedLayout() {
        assertTrue(new ConsoleSettings(tmp.resolve("none.properties")).tableLayout("volumes").isEmpty());
    }

    @Test
    void aDamagedEntryIsIgnoredRatherThanStoppingTheConsole() throws IOException {
        Path file = tmp.resolve("console.properties");
        Files.writeString(file, "volumes.columns=name:wide:1|\n");

        assertTrue(new ConsoleSettings(file).tableLayout("volumes").isEmpty());
    }

    @Test
    void savingOneTableKeepsTheOthers() throws IOException {
        ConsoleSettings settings = new ConsoleSettings(tmp.resolve("console.properties"));
        settings.saveTableLayout("activity", LAYOUT);
        settings.saveTableLayout("volumes", new TableLayout(List.of(new TableLayout.Column("name", 100, true)), null, true));

        assertEquals(LAYOUT, settings.tableLayout("activity").orElseThrow());
        assertEquals(null, settings.tableLayout("volumes").orElseThrow().sortColumn());
    }
}
