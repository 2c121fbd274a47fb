package io.quodock.bench;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

/**
 * One {@code quodock daemon} process on temporary paths, as the benchmark measures it. Ready means
 * it answered {@code Plugin.Activate} on its socket, the first thing dockerd asks; the time to get
 * there is measured from just before the process is spawned.
 */
final class BenchDaemon implements AutoCloseable {
    static final String DRIVER = "qdbench";
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
    private static final byte[] ACTIVATE = PluginConnection.request("Plugin.Activate", "");
    /** Linux keeps 15 bytes of a thread name: DurableStore's "quodock-state-writer". */
    private static final String STATE_WRITER = "quodock-state-w";

    private final Process process;
    private final ProcessHandle jvm;
    private final Path socket;
    private final Path log;
    private final Duration startToReady;

    private BenchDaemon(Process process, ProcessHandle jvm, Path socket, Path log, Duration startToReady) {
        this.process = process;
        this.jvm = jvm;
        this.socket = socket;
        this.log = log;
        this.startToReady = startToReady;
    }

    /** Starts a daemon with its state, volumes and socket under {@code dir}, and waits until it is ready. */
    static BenchDaemon start(DaemonLaunch launch, Path dir, String socketGroup) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Path socket = dir.resolve("plugins").resolve(DRIVER + ".sock");
        Path log = dir.resolve("daemon.log");
        List<String> command = new ArrayList<>(launch.prefix());
        command.addAll(List.of("daemon", "--backend", "local", "--driver-name", DRIVER,
                "--plugin-dir", dir.resolve("plugins").toString(), "--socket-group", socketGroup,
                "--state-dir", dir.resolve("state").toString(), "--volumes-root", dir.resolve("volumes").toString(),
                "--run-dir", dir.resolve("run").toString(), "--admin-socket", dir.resolve("admin.sock").toString(),
                "--admin-group", socketGroup));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        // Only the flags above count: no QUODOCK_* variable (QUODOCK_DEBUG, say) of this shell.
        builder.environment().keySet().removeIf(name -> name.startsWith("QUODOCK_") || name.equals("SOCKET_GROUP"));
        long started = System.nanoTime();
        Process process = builder.start();
        long deadline = started + READY_TIMEOUT.toNanos();
        while (!answersActivate(socket)) {
            if (!process.isAlive()) {
                throw new IOException("the daemon exited with status " + process.exitValue() + ":\n" + Files.readString(log));
            }
            if (System.nanoTime() > deadline) {
                process.destroyForcibly();
                throw new IOException("the daemon did not answer on " + socket + " within " + READY_TIMEOUT.toSeconds()
                        + " s:\n" + Files.readString(log));
            }
            Thread.sleep(1);
        }
        Duration ready = Duration.ofNanos(System.nanoTime() - started);
        return new BenchDaemon(process, jvmOf(process), socket, log, ready);
    }

    /** A jlink launcher is a shell script that starts java as its child; measure and signal the JVM. */
    private static ProcessHandle jvmOf(Process process) {
        Optional<ProcessHandle> child = process.descendants()
                .filter(p -> p.info().command().map(c -> c.endsWith("/java")).orElse(false))
                .findFirst();
        return child.orElse(process.toHandle());
    }

    private static boolean answersActivate(Path socket) {
        try (PluginConnection connection = new PluginConnection(socket)) {
            return connection.call(ACTIVATE).ok();
        } catch (IOException e) {
            return false;
        }
    }

    Path socket() {
        return socket;
    }

    long pid() {
        return jvm.pid();
    }

    Duration startToReady() {
        return startToReady;
    }

    /** Resident set size in KiB, from /proc/PID/status. */
    long rssKib() throws IOException {
        return statusKib("VmRSS:");
    }

    /** Peak resident set size in KiB. */
    long peakRssKib() throws IOException {
        return statusKib("VmHWM:");
    }

    private long statusKib(String field) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid()), "status"))) {
            if (line.startsWith(field)) {
                return Long.parseLong(line.substring(field.length()).replace("kB", "").trim());
            }
        }
        throw new IOException("no " + field + " in /proc/" + pid() + "/status");
    }

    /** The thread that writes and syncs the state journal: every fsync of the daemon happens on it. */
    OptionalLong stateWriterThread() throws IOException {
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid()), "task"))) {
            for (Path task : tasks) {
                if (Files.readString(task.resolve("comm")).strip().equals(STATE_WRITER)) {
                    return OptionalLong.of(Long.parseLong(task.getFileName().toString()));
                }
            }
        }
        return OptionalLong.empty();
    }

    String log() throws IOException {
        return Files.readString(log);
    }

    /** SIGTERM, as systemd stops it; returns the exit status. */
    int stop() throws IOException, InterruptedException {
        jvm.destroy();
        if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            jvm.destroyForcibly();
            process.destroyForcibly().waitFor();
            throw new IOException("the daemon did not stop within " + STOP_TIMEOUT.toSeconds() + " s of SIGTERM");
        }
        return process.exitValue();
    }

    @Override
    public void close() throws IOException, InterruptedException {
        if (process.isAlive()) {
            stop();
        }
    }
}
