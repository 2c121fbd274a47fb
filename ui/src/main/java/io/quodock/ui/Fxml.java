package io.quodock.ui;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import javafx.fxml.FXMLLoader;

/** Loads a view's layout: {@code XxxView.fxml} beside {@code XxxView}, with the view as its root and controller. */
public final class Fxml {
    private Fxml() {
    }

    public static void load(Object view) {
        String name = view.getClass().getSimpleName() + ".fxml";
        URL layout = view.getClass().getResource(name);
        if (layout == null) {
            throw new IllegalStateException("layout " + name + " is missing beside " + view.getClass().getName());
        }
        FXMLLoader loader = new FXMLLoader(layout);
        loader.setRoot(view);
        loader.setController(view);
        try {
            loader.load();
        } catch (IOException e) {
            throw new UncheckedIOException("layout " + layout + " cannot be loaded: " + e.getMessage(), e);
        }
    }
}
