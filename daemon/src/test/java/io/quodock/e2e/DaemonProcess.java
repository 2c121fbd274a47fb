package io.quodock.e2e;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code quodock daemon} in its own JVM, started from the packaged jar and its runtime modules as a
 * user would start it, so tests can SIGKILL it and start it again on the same state.
 *
 * <p>Failsafe passes the jar and the module directory as system properties {@code quodock.jar} and
 * {@code quodock.lib}.
 */
public final class DaemonProcess implements AutoCloseable {
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    private final Path socket;
    private final Path log;
    private final List<String> arguments;
    private Process process;

    /**
     * @param socket    the plugin socket the daemon will serve ({@code <plugin-dir>/<driver>.sock})
     * @param log       where its standard output and error go (appended across restarts)
     * @param arguments everything after {@code quodock}, e.g. {@code daemon --driver-name x ...}
     */
    public DaemonProcess(Path socket, Path log, List<String> arguments) {
        this.socket = socket;
        this.log = log;
        this.arguments = List.copyOf(arguments);
    }

    /** Starts the JVM and returns once the socket accepts connections. */
    public void start() throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // The quodock launcher's memory flags, so memory bounds in tests are the product's.
        command.addAll(List.of("-XX:+UseSerialGC", "-Xms8m", "-Xmx64m", "-XX:TrimNativeHeapInterval=5000"));
        command.add("--add-exports");
        command.add("org.eclipse.jetty.server/org.eclipse.jetty.server.internal=io.quodock.daemon");
        command.add("-p");
        command.add(property("quodock.jar") + ":" + property("quodock.lib"));
        command.add("--add-modules");
        command.add("org.eclipse.jetty.logging");
        command.add("-m");
        command.add("io.quodock.daemon/io.quodock.cli.Main");
        command.addAll(arguments);
        process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("quodock daemon exited with " + process.exitValue() + ":\n" + Files.readString(log));
            }
            if (accepts()) {
                return;
            }
            sleep(50);
        }
        process.destroyForcibly();
        throw new IOException("quodock daemon did not serve " + socket + " within " + READY_TIMEOUT.toSeconds()
                + " s:\n" + Files.readString(log));
    }

    /** SIGKILL: no shutdown hook runs, the socket file stays behind, as after a crash. */
    public void kill9() throws IOException {
        process.destroyForcibly();
        await();
    }

    /** SIGTERM, as systemd stops it; returns the exit code. */
    public int stop() throws IOException {
        process.destroy();
        return await();
    }

    public boolean isAlive() {
        return process != null && process.isAlive();
    }

    public long pid() {
        return process.pid();
    }

    public String log() throws IOException {
        return Files.readString(log);
    }

    @Override
    public void close() throws IOException {
        if (isAlive()) {
            stop();
        }
    }

    private int await() throws IOException {
        try {
            if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor();
                throw new IOException("quodock daemon did not stop within " + STOP_TIMEOUT.toSeconds() + " s");
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for the daemon to stop", e);
        }
    }

    private boolean accepts() {
        try (SocketChannel probe = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            probe.connect(UnixDomainSocketAddress.of(socket));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static String property(String name) {
        String value = System.getProperty(name);
        if (value == null) {
            throw new IllegalStateException("system property " + name + " is not set: run this test through failsafe (mvn verify)");
        }
        return value;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
