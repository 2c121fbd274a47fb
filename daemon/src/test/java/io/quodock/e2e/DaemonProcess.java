package io.quodock.e2e;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code quodock daemon} in its own JVM, started from the module path this test runs on, so that a
 * test can kill it with SIGKILL, restart it on the same state, and read its log. {@link #close()}
 * ends it if it still runs; the caller removes sockets a SIGKILL left.
 */
public final class DaemonProcess implements AutoCloseable {
    private static final long START_TIMEOUT_MILLIS = 30_000;
    /** Logged by a daemon that has bound and restricted its sockets. */
    private static final String READY = "quodock serving driver";

    private final Process process;
    private final Path log;
    private final Path adminSocket;

    private DaemonProcess(Process process, Path log, Path adminSocket) {
        this.process = process;
        this.log = log;
        this.adminSocket = adminSocket;
    }

    /**
     * Starts {@code quodock daemon --admin-socket <adminSocket> <args>}, logging to {@code log}
     * (appended), and returns once it has logged that it serves: its sockets are bound and restricted.
     */
    public static DaemonProcess start(Path log, Path adminSocket, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                ProcessHandle.current().info().command().orElse("java"),
                "-XX:+UseSerialGC", "-Xmx64m",
                "--add-exports", "org.eclipse.jetty.server/org.eclipse.jetty.server.internal=io.quodock.daemon",
                "-p", System.getProperty("jdk.module.path"),
                "--add-modules", "org.eclipse.jetty.logging",
                "-m", "io.quodock.daemon/io.quodock.cli.Main",
                "daemon", "--admin-socket", adminSocket.toString()));
        command.addAll(List.of(args));
        int readyBefore = readyLines(log);
        Process process = new ProcessBuilder(command)
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        DaemonProcess daemon = new DaemonProcess(process, log, adminSocket);
        long deadline = System.currentTimeMillis() + START_TIMEOUT_MILLIS;
        while (readyLines(log) == readyBefore || !daemon.answers()) {
            if (!process.isAlive() || System.currentTimeMillis() > deadline) {
                process.destroyForcibly().waitFor();
                throw new IOException("quodock daemon did not start (exit " + (process.isAlive() ? "-" : process.exitValue())
                        + "); its log:\n" + Files.readString(log));
            }
            Thread.sleep(50);
        }
        return daemon;
    }

    public long pid() {
        return process.pid();
    }

    /** SIGKILL, as a crash: nothing is flushed, no socket removed. */
    public void kill9() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /** SIGTERM and wait: the daemon drains, closes its state and removes its sockets. */
    public int stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
            throw new AssertionError("quodock daemon " + process.pid() + " ignored SIGTERM for 60 s");
        }
        return process.exitValue();
    }

    /** Everything the daemon logged so far. */
    public String log() throws IOException {
        return Files.readString(log);
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            try {
                stop();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
    }

    private static int readyLines(Path log) throws IOException {
        return Files.exists(log) ? Files.readString(log).split(READY, -1).length - 1 : 0;
    }

    private boolean answers() {
        try (SocketChannel probe = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            probe.connect(UnixDomainSocketAddress.of(adminSocket));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
