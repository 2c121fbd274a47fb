package io.quodock.ui;

import io.quodock.ui.admin.AdminCalls;
import io.quodock.ui.admin.SocketAdminClient;
import io.quodock.ui.launch.DaemonStarter;
import io.quodock.ui.main.MainView;
import io.quodock.ui.main.MainViewModel;
import io.quodock.ui.settings.ConsoleSettings;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javafx.animation.Animation;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.image.Image;
import javafx.stage.Stage;

/**
 * The console in a window: the main view on a stage of a sensible size, with the icon, the remembered
 * column layout and a once-a-second uptime tick; attached to the admin socket on {@link #show}.
 * {@link #close} remembers the layout, stops following the daemon and stops an embedded one.
 */
public final class ConsoleWindow implements AutoCloseable {
    /** The volumes table's key in the settings file. */
    static final String VOLUMES_TABLE = "volumes";
    private static final int[] ICON_SIZES = {16, 24, 32, 48, 64, 128, 256, 512};

    private final Stage stage;
    private final Path adminSocket;
    private final ConsoleSettings settings;
    private final ExecutorService background = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "quodock-console-call");
        thread.setDaemon(true);
        return thread;
    });
    private final MainViewModel model;
    private final MainView view;
    private final Timeline ticker;

    /**
     * @param adminSocket where to look for the daemon
     * @param starter     starts a daemon from the start panel
     * @param retry       how often to try a daemon that does not answer
     */
    public ConsoleWindow(Stage stage, Path adminSocket, DaemonStarter starter, ConsoleSettings settings, Duration retry) {
        this.stage = stage;
        this.adminSocket = adminSocket;
        this.settings = settings;
        model = new MainViewModel(SocketAdminClient::new, new AdminCalls(background, Platform::runLater), Clock.systemUTC(), retry);
        view = new MainView(model, starter, adminSocket);
        Scene scene = new Scene(view, 1280, 800);
        scene.getStylesheets().add(ConsoleWindow.class.getResource("console.css").toExternalForm());
        stage.setScene(scene);
        stage.setTitle("quodock console");
        stage.setMinWidth(760);
        stage.setMinHeight(480);
        stage.getIcons().setAll(icons());
        settings.tableLayout(VOLUMES_TABLE).ifPresent(layout -> TableLayouts.apply(view.volumes().table(), layout));
        ticker = new Timeline(new KeyFrame(javafx.util.Duration.seconds(1), event -> model.refreshUptime()));
        ticker.setCycleCount(Animation.INDEFINITE);
    }

    public MainViewModel model() {
        return model;
    }

    public MainView view() {
        return view;
    }

    public void show() {
        stage.show();
        ticker.play();
        model.attach(adminSocket);
    }

    @Override
    public void close() {
        ticker.stop();
        try {
            settings.saveTableLayout(VOLUMES_TABLE, TableLayouts.capture(view.volumes().table()));
        } catch (IOException e) {
            System.getLogger(ConsoleWindow.class.getName()).log(System.Logger.Level.WARNING,
                    "column layout not saved to " + settings.file() + ": " + e.getMessage());
        }
        try {
            model.close();
        } finally {
            background.shutdownNow();
        }
    }

    /** The application icon in the sizes that are there; none makes the window fall back to the default icon. */
    private static List<Image> icons() {
        List<Image> icons = new ArrayList<>();
        for (int size : ICON_SIZES) {
            try (InputStream png = ConsoleWindow.class.getResourceAsStream("icons/quodock-" + size + ".png")) {
                if (png != null) {
                    icons.add(new Image(png));
                }
            } catch (IOException e) {
                // a size that cannot be read is left out
            }
        }
        return icons;
    }
}
