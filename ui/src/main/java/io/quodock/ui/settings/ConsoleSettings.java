package io.quodock.ui.settings;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.Properties;

/**
 * The console's settings file ({@code ~/.config/quodock/console.properties}, or under
 * {@code $XDG_CONFIG_HOME}). A missing or unreadable file means defaults; a save replaces the file
 * whole (written aside, then renamed), so a crash never leaves half a file.
 */
public final class ConsoleSettings {
    private final Path file;

    public ConsoleSettings(Path file) {
        this.file = file;
    }

    /** The file in the user's configuration directory. */
    public static ConsoleSettings forUser() {
        String xdg = System.getenv("XDG_CONFIG_HOME");
        Path config = xdg == null || xdg.isBlank() ? Path.of(System.getProperty("user.home"), ".config") : Path.of(xdg);
        return new ConsoleSettings(config.resolve("quodock").resolve("console.properties"));
    }

    public Path file() {
        return file;
    }

    /** The remembered layout of table {@code table}, if any. */
    public Optional<TableLayout> tableLayout(String table) {
        return Optional.ofNullable(TableLayout.decode(read().getProperty(table + ".columns")));
    }

    /** Remembers the layout of table {@code table}. */
    public void saveTableLayout(String table, TableLayout layout) throws IOException {
        Properties properties = read();
        properties.setProperty(table + ".columns", layout.encode());
        Files.createDirectories(file.getParent());
        Path aside = file.resolveSibling(file.getFileName() + ".tmp");
        try (Writer out = Files.newBufferedWriter(aside, StandardCharsets.UTF_8)) {
            properties.store(out, "quodock console settings");
        }
        Files.move(aside, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private Properties read() {
        Properties properties = new Properties();
        if (Files.isRegularFile(file)) {
            try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                properties.load(in);
            } catch (IOException | IllegalArgumentException e) {
                return new Properties();
            }
        }
        return properties;
    }
}
