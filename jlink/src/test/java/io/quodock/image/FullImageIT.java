package io.quodock.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quodock.image.RuntimeImage.Result;
import io.quodock.image.RuntimeImage.Started;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The full image, daemon, CLI and console, as the build made it; its console runs on a private X server
 * (Xvfb) that the test starts and stops.
 */
class FullImageIT {
    private static final List<Integer> ICON_SIZES = List.of(16, 24, 32, 48, 64, 128, 256, 512);
    private static final Pattern WINDOW_CLASS = Pattern.compile("(?m)^StartupWMClass=(.+)$");

    @TempDir
    Path tmp;

    @Test
    void imageHasTheDaemonTheConsoleAndJavaFx() throws IOException {
        Result listed = RuntimeImage.run(List.of(RuntimeImage.fullDir().resolve("bin/java").toString(), "--list-modules"), Map.of());

        assertEquals(0, listed.exit(), listed.output());
        List<String> modules = listed.output().lines().map(line -> line.split("@")[0]).toList();
        for (String module : List.of("io.quodock.daemon", "io.quodock.ui", "org.eclipse.jetty.logging", "javafx.base",
                "javafx.graphics", "javafx.controls", "javafx.fxml")) {
            assertTrue(modules.contains(module), module + " in " + modules);
        }
    }

    @Test
    void cliLauncherRunsInTheFullImageToo() throws IOException {
        Result version = RuntimeImage.run(List.of(RuntimeImage.fullDir().resolve("bin/quodock").toString(), "--version"), Map.of());

        assertEquals(0, version.exit(), version.output());
        assertTrue(version.output().contains("quodock " + RuntimeImage.version()), version.output());
    }

    @Test
    void hostFilesPutTheConsoleIntoTheDesktopMenu() throws IOException {
        Path host = RuntimeImage.fullDir().resolve("host");
        String entry = Files.readString(host.resolve("usr/share/applications/quodock-console.desktop"));
        assertTrue(entry.contains("\nExec=/opt/quodock/bin/quodock-console\n"), entry);
        assertTrue(entry.contains("\nIcon=quodock\n"), entry);
        for (int size : ICON_SIZES) {
            assertTrue(Files.size(host.resolve("usr/share/icons/hicolor/" + size + "x" + size + "/apps/quodock.png")) > 0, size + " px");
        }
        assertTrue(Files.readString(host.resolve("usr/share/icons/hicolor/scalable/apps/quodock.svg")).contains("<svg"));
        assertEquals(Path.of("/opt/quodock/bin/quodock-console"), Files.readSymbolicLink(host.resolve("usr/local/bin/quodock-console")));
        assertEquals(Path.of("/opt/quodock/bin/quodock"), Files.readSymbolicLink(host.resolve("usr/local/bin/quodock")));
    }

    @Test
    void consoleLauncherShowsItsWindowWithoutUnpackingJavaFxAndEndsOnSigterm() throws Exception {
        Path home = Files.createDirectories(tmp.resolve("home"));
        Path screenshot = RuntimeImage.fullDir().resolveSibling("quodock-console.png");
        Files.deleteIfExists(screenshot);
        Matcher windowClass = WINDOW_CLASS.matcher(Files.readString(
                RuntimeImage.fullDir().resolve("host/usr/share/applications/quodock-console.desktop")));
        assertTrue(windowClass.find(), "the desktop entry names the console's window class");

        try (Xvfb x = Xvfb.start(tmp.resolve("xvfb.log"));
                Started console = Started.start(List.of(RuntimeImage.fullDir().resolve("bin/quodock-console").toString(),
                        "--admin-socket", tmp.resolve("no-daemon.sock").toString()),
                        Map.of("DISPLAY", x.display(), "HOME", home.toString()), tmp.resolve("console.log"))) {
            String window = x.awaitWindow("quodock console", console);
            assertTrue(window.contains("(\"" + windowClass.group(1) + "\" \"" + windowClass.group(1) + "\")"),
                    "the desktop entry's StartupWMClass is the window's WM_CLASS: " + window);
            Path exe = Files.readSymbolicLink(Path.of("/proc/" + console.pid() + "/exe"));
            assertEquals(RuntimeImage.fullDir().resolve("bin/java").toRealPath(), exe, "the launcher execs the image's JVM");

            // A mapped window is painted a moment later: until then the screen is one colour.
            long colours = x.screenshotOnceItShowsMoreThan(16, screenshot);
            assertTrue(colours > 16, "the screenshot " + screenshot + " shows the console, not an empty screen: " + colours + " colours");

            assertFalse(Files.exists(home.resolve(".openjfx")), "JavaFX loaded its native libraries from the image's lib/");
            assertEquals(143, console.terminate(), console.output());
        }
    }

    /** A private X server on a display number it picks itself ({@code -displayfd}); closing it sends SIGTERM. */
    private static final class Xvfb implements AutoCloseable {
        private static final Pattern DISPLAY_NUMBER = Pattern.compile("(?m)^(\\d+)$");

        private final Started server;
        private final String display;

        private Xvfb(Started server, String display) {
            this.server = server;
            this.display = display;
        }

        /** Starts Xvfb and returns once it accepts clients: it writes its display number only then. */
        static Xvfb start(Path log) throws Exception {
            Started server = Started.start(List.of("Xvfb", "-displayfd", "1", "-screen", "0", "1280x800x24", "-nolisten", "tcp"),
                    Map.of(), log);
            long deadline = System.nanoTime() + RuntimeImage.TIMEOUT.toNanos();
            while (System.nanoTime() < deadline) {
                Matcher number = DISPLAY_NUMBER.matcher(server.output());
                if (number.find()) {
                    return new Xvfb(server, ":" + number.group(1));
                }
                if (!server.isAlive()) {
                    throw new IOException("Xvfb exited with " + server.await() + " (on Debian: apt-get install xvfb):\n" + server.output());
                }
                Thread.sleep(20);
            }
            server.close();
            throw new IOException("Xvfb named no display within " + RuntimeImage.TIMEOUT.toSeconds() + " s:\n" + server.output());
        }

        String display() {
            return display;
        }

        /** Runs an X client on this display. */
        Result run(List<String> command) throws IOException {
            return RuntimeImage.run(command, Map.of("DISPLAY", display));
        }

        /** The line of {@code xwininfo -root -tree} for the window titled {@code title}, once it is mapped. */
        String awaitWindow(String title, Started client) throws Exception {
            long deadline = System.nanoTime() + RuntimeImage.TIMEOUT.toNanos();
            while (System.nanoTime() < deadline) {
                Result tree = run(List.of("xwininfo", "-root", "-tree"));
                assertEquals(0, tree.exit(), tree.output());
                for (String line : tree.output().lines().toList()) {
                    if (line.contains("\"" + title + "\":") && isViewable(line)) {
                        return line;
                    }
                }
                if (!client.isAlive()) {
                    throw new IOException("the client exited with " + client.await() + " before showing \"" + title + "\":\n"
                            + client.output());
                }
                Thread.sleep(100);
            }
            throw new IOException("no window \"" + title + "\" within " + RuntimeImage.TIMEOUT.toSeconds() + " s:\n" + client.output());
        }

        /**
         * Saves the screen as a PNG, again until it has more than {@code colours} colours or {@link RuntimeImage#TIMEOUT}
         * passes; returns the colours of the last one.
         */
        long screenshotOnceItShowsMoreThan(long colours, Path png) throws Exception {
            long deadline = System.nanoTime() + RuntimeImage.TIMEOUT.toNanos();
            while (true) {
                Result shot = run(List.of("import", "-window", "root", png.toString()));
                assertEquals(0, shot.exit(), shot.output());
                Result counted = RuntimeImage.run(List.of("identify", "-format", "%k", png.toString()), Map.of());
                assertEquals(0, counted.exit(), counted.output());
                long shown = Long.parseLong(counted.output().trim());
                if (shown > colours || System.nanoTime() > deadline) {
                    return shown;
                }
                Thread.sleep(200);
            }
        }

        private boolean isViewable(String treeLine) throws IOException {
            Result info = run(List.of("xwininfo", "-id", treeLine.trim().split(" ")[0]));
            return info.output().contains("Map State: IsViewable");
        }

        @Override
        public void close() throws IOException {
            try {
                server.terminate();
            } finally {
                server.close();
            }
        }
    }
}
