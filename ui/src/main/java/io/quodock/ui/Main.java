package io.quodock.ui;

import java.util.List;
import javafx.application.Application;

/**
 * Starts the console: {@code quodock console [--admin-socket PATH]}. A class of its own, not the
 * {@link ConsoleApp}, so the console also starts from a class path; it checks the command line before
 * any window opens.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        try {
            ConsoleOptions.parse(List.of(args), System.getenv("QUODOCK_ADMIN_SOCKET"));
        } catch (IllegalArgumentException e) {
            System.err.println("quodock console: " + e.getMessage());
            System.exit(2);
        }
        Application.launch(ConsoleApp.class, args);
    }
}
