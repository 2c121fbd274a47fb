/**
 * The quodock console: a JavaFX window onto a running daemon, reached only through its admin API.
 * Each screen is an FXML view, a view class that binds and forwards, and a view model without scene
 * classes; only the view packages are opened to FXML.
 */
module io.quodock.ui {
    requires io.quodock.daemon;
    requires com.fasterxml.jackson.databind;
    requires org.eclipse.jetty.client;
    requires javafx.controls;
    requires javafx.fxml;

    // JavaFX's launcher constructs the Application class.
    exports io.quodock.ui to javafx.graphics;

    opens io.quodock.ui.activity to javafx.fxml;
    opens io.quodock.ui.create to javafx.fxml;
    opens io.quodock.ui.details to javafx.fxml;
    opens io.quodock.ui.main to javafx.fxml;
    opens io.quodock.ui.mapping to javafx.fxml;
    opens io.quodock.ui.start to javafx.fxml;
    opens io.quodock.ui.volumes to javafx.fxml;
}
