package io.quodock.ui;

import io.quodock.ui.launch.DaemonProcess;
import io.quodock.ui.launch.LocalDaemonStarter;
import io.quodock.ui.settings.ConsoleSettings;
import java.nio.file.Path;
import java.time.Duration;
import javafx.application.Application;
import javafx.stage.Stage;

/** The console application: one {@link ConsoleWindow} on the primary stage. */
public final class ConsoleApp extends Application {
    /** How often the console tries a daemon that does not answer. */
    private static final Duration RETRY = Duration.ofMillis(500);
    private static final Duration PROCESS_START_TIMEOUT = Duration.ofSeconds(20);

    private ConsoleWindow window;

    @Override
    public void start(Stage stage) {
        ConsoleOptions options = ConsoleOptions.parse(getParameters().getRaw(), System.getenv("QUODOCK_ADMIN_SOCKET"));
        Path userData = LocalDaemonStarter.userDataDir();
        LocalDaemonStarter starter = new LocalDaemonStarter(
                new DaemonProcess(userData.resolve("daemon.log"), PROCESS_START_TIMEOUT), userData);
        window = new ConsoleWindow(stage, options.adminSocket(), starter, ConsoleSettings.forUser(), RETRY);
        window.show();
    }

    @Override
    public void stop() {
        if (window != null) {
            window.close();
        }
    }
}
