package io.quodock.ui.launch;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts {@code quodock daemon} as a process of its own from the installation the console runs from:
 * the same {@code java}, the same module path (or, in a linked image, its own modules). The process
 * gets a session of its own ({@code setsid}), so it keeps running when the console or its terminal
 * closes; its output goes to a log file.
 */
public final class DaemonProcess {
    /** The daemon's main class, in module {@code io.quodock.daemon}. */
    static final String MAIN = "io.quodock.cli.Main";
    private static final String JETTY_EXPORT = "org.eclipse.jetty.server/org.eclipse.jetty.server.internal=io.quodock.daemon";
    private static final Path SETSID = Path.of("/usr/bin/setsid");

    private final Path log;
    private final Duration startTimeout;

    /**
     * @param log          where the daemon's output goes (appended)
     * @param startTimeout how long to wait for its admin socket
     */
    public DaemonProcess(Path log, Duration startTimeout) {
        this.log = log;
        this.startTimeout = startTimeout;
    }

    /** The command line that runs the daemon with {@code settings}. */
    public static List<String> command(DaemonSettings settings) {
        List<String> command = new ArrayList<>();
        if (Files.isExecutable(SETSID)) {
            command.add(SETSID.toString());
        }
        Path launcher = Path.of(System.getProperty("java.home"), "bin", "quodock");
        if (Files.isExecutable(launcher)) {
            // In a runtime image: its own launcher knows the JVM options and the AppCDS archive.
            command.add(launcher.toString());
        } else {
            command.add(ProcessHandle.current().info().command()
                    .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
            // The same JVM options as the quodock launchers: a small heap grown on demand, freed memory returned.
            command.addAll(List.of("-XX:+UseSerialGC", "-Xms8m", "-Xmx64m", "-XX:TrimNativeHeapInterval=5000",
                    "--add-exports", JETTY_EXPORT));
            String modulePath = System.getProperty("jdk.module.path");
            String classPath = System.getProperty("java.class.path", "");
            if (modulePath != null) {
                command.addAll(List.of("-p", modulePath, "--add-modules", "org.eclipse.jetty.logging", "-m",
                        "io.quodock.daemon/" + MAIN));
            } else if (!classPath.isEmpty()) {
                command.addAll(List.of("-cp", classPath, MAIN));
            } else {
                command.addAll(List.of("--add-modules", "org.eclipse.jetty.logging", "-m", "io.quodock.daemon/" + MAIN));
            }
        }
        command.addAll(List.of("daemon",
                "--driver-name", settings.driverName(),
                "--plugin-dir", settings.pluginDir().toString(),
                "--socket-group", settings.socketGroup(),
                "--state-dir", settings.stateDir().toString(),
                "--volumes-root", settings.volumesRoot().toString(),
                "--admin-socket", settings.adminSocket().toString(),
                "--admin-group", settings.socketGroup()));
        return command;
    }

    /**
     * Starts the daemon and waits until its admin socket exists.
     *
     * @throws IllegalStateException when it stops at once or does not come up in time, with its last words
     */
    public StartedDaemon start(DaemonSettings settings) {
        Process process;
        long logStart = logSize();
        try {
            Files.createDirectories(log.getParent());
            process = new ProcessBuilder(command(settings))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                    .start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot run java to start the daemon: " + e.getMessage(), e);
        }
        long deadline = System.nanoTime() + startTimeout.toNanos();
        while (!Files.exists(settings.adminSocket())) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the daemon stopped at once: " + lastWords(logStart) + " (log: " + log + ")");
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the daemon did not open " + settings.adminSocket() + " within "
                        + startTimeout.toSeconds() + " s; see " + log);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while the daemon started; see " + log, e);
            }
        }
        return new StartedDaemon(settings.adminSocket(), "daemon process (pid " + process.pid() + ")", null);
    }

    private long logSize() {
        try {
            return Files.exists(log) ? Files.size(log) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    /** The daemon's last message: its own words on why it stopped. */
    private String lastWords(long from) {
        try {
            byte[] all = Files.readAllBytes(log);
            String text = new String(all, (int) Math.min(from, all.length), (int) Math.max(0, all.length - from), StandardCharsets.UTF_8).strip();
            List<String> lines = text.lines().filter(line -> !line.isBlank()).toList();
            return lines.isEmpty() ? "it said nothing" : lines.get(lines.size() - 1);
        } catch (IOException e) {
            return "its log could not be read (" + e.getMessage() + ")";
        }
    }
}
