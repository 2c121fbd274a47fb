package io.quodock.e2e;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A private dockerd for end-to-end tests, with everything it writes in one temporary directory.
 *
 * <p>{@link #start()} creates the directory under /tmp (short, because Unix socket paths must stay
 * below 108 bytes) and starts Debian's dockerd in it with its own data root, exec root (which also
 * holds the containerd dockerd manages), pid file, log and API socket, then waits until the API
 * answers. {@link #close()} undoes exactly that: it stops dockerd, ends any containerd or shim left
 * running, unmounts whatever is still mounted below the directory and deletes it.
 *
 * <p>Only plugin discovery is shared with the host: dockerd looks for plugins in /run/docker/plugins
 * and /etc/docker/plugins and nowhere else. Containers must run with {@code --network none}, because
 * the daemon manages no bridge and no iptables.
 *
 * <p>Needs root. When the daemon cannot start, {@code start()} throws with the tail of its log: the
 * test fails, it is never skipped.
 */
public final class DockerEngine implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration CLI_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration KILL_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration READY_POLL = Duration.ofMillis(100);
    private static final Duration READY_PROBE_TIMEOUT = Duration.ofSeconds(10);
    private static final int LOG_TAIL_LINES = 40;

    // Debian's docker.io; another docker (say a newer client in /usr/local/bin) may come first on PATH.
    private static final String DOCKERD = executableOr("/usr/sbin/dockerd", "dockerd");
    private static final String DOCKER_CLI = executableOr("/usr/bin/docker", "docker");
    // dockerd finds containerd, runc and docker-init on PATH; pin them to Debian's too.
    private static final String DAEMON_PATH = "/usr/sbin:/usr/bin:/sbin:/bin";

    private Path root;
    private Process dockerd;
    private Thread shutdownHook;

    /**
     * Starts dockerd and returns once its API answers.
     *
     * @throws IllegalStateException if this engine was started already
     * @throws IOException if dockerd is missing, exits early or does not answer within 60 s; the
     *     message ends with the last lines of its log. Everything already started is cleaned up.
     */
    public synchronized void start() throws IOException {
        if (root != null) {
            throw new IllegalStateException("docker engine already started in " + root);
        }
        root = Files.createTempDirectory(Path.of("/tmp"), "qd-");
        try {
            launchDockerd();
            awaitReady();
        } catch (IOException | RuntimeException | AssertionError e) {
            IOException failure = new IOException("private dockerd in " + root + " did not start: "
                    + e.getMessage() + "\n--- last lines of dockerd's log ---\n" + logTail(), e);
            try {
                close();
            } catch (IOException | RuntimeException cleanup) {
                failure.addSuppressed(cleanup);
            }
            throw failure;
        }
    }

    /** The daemon's API socket. */
    public Path socket() {
        return root().resolve("docker.sock");
    }

    /** The private directory holding all of the daemon's files; deleted by {@link #close()}. */
    public Path root() {
        if (root == null) {
            throw new IllegalStateException("docker engine not started");
        }
        return root;
    }

    /** The daemon's pid file; dockerd removes it when it stops. */
    public Path pidFile() {
        return root().resolve("docker.pid");
    }

    /**
     * Runs the docker CLI against this daemon, with empty standard input and a 60 s limit, whatever
     * the exit status.
     *
     * @throws AssertionError if the CLI cannot be run or takes longer than 60 s
     */
    public DockerResult cli(String... args) {
        return cli(CLI_TIMEOUT, args);
    }

    /**
     * Runs the docker CLI against this daemon with the given time limit, whatever the exit status.
     *
     * @throws AssertionError if the CLI cannot be run or takes longer than {@code timeout}
     */
    public DockerResult cli(Duration timeout, String... args) {
        List<String> command = new ArrayList<>(List.of(DOCKER_CLI, "--host", "unix://" + socket()));
        command.addAll(Arrays.asList(args));
        try {
            return Command.run(command, cliEnvironment(), timeout);
        } catch (IOException e) {
            throw new AssertionError("docker " + String.join(" ", args) + ": " + e.getMessage(), e);
        }
    }

    /**
     * Runs the docker CLI against this daemon and expects exit status 0.
     *
     * @throws AssertionError with the CLI's stdout and stderr if it exits with another status
     */
    public DockerResult cliOk(String... args) {
        DockerResult result = cli(args);
        if (result.exitCode() != 0) {
            throw new AssertionError("docker " + String.join(" ", args) + " failed with exit status "
                    + result.exitCode() + "\nstdout: " + result.stdout() + "\nstderr: " + result.stderr());
        }
        return result;
    }

    /**
     * Stops dockerd (SIGTERM, SIGKILL after 30 s), ends any containerd or shim it left, unmounts
     * everything below {@link #root()} and deletes it. Does nothing if not started; safe to call twice.
     *
     * @throws IOException if a mount below the root cannot be removed; the directory is then kept
     */
    @Override
    public synchronized void close() throws IOException {
        if (root == null) {
            return;
        }
        try {
            if (dockerd != null) {
                killContainers();
                stop(dockerd.toHandle());
            }
            // dockerd stops its containerd and shims; this sweep catches whatever a SIGKILL left running.
            ProcessTable.mentioningPathsUnder(root).forEach(DockerEngine::stop);
            MountTable.unmountAllUnder(root);
            deleteTree(root);
        } finally {
            removeShutdownHook();
            dockerd = null;
            root = null;
        }
    }

    private void launchDockerd() throws IOException {
        Path configFile = Files.writeString(root.resolve("daemon.json"), "{}");
        List<String> command = List.of(DOCKERD,
                "--data-root", root.resolve("data").toString(),
                "--exec-root", root.resolve("exec").toString(),
                "--pidfile", pidFile().toString(),
                "--host", "unix://" + socket(),
                // An empty config, so that a host /etc/docker/daemon.json cannot change the setup.
                "--config-file", configFile.toString(),
                // vfs needs no kernel support, so it works whatever file system /tmp is on
                // (overlay2 works on this machine's ext4, but not on an overlay /tmp, as in containers).
                "--storage-driver=vfs",
                // No networking to manage: containers run with --network none.
                "--bridge=none",
                "--iptables=false");
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .redirectErrorStream(true)
                .redirectOutput(log().toFile());
        builder.environment().put("PATH", DAEMON_PATH);
        dockerd = builder.start();
        // A test run ended by Ctrl-C must not leave a dockerd behind.
        shutdownHook = new Thread(this::closeQuietly, "stop-private-dockerd");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    private void awaitReady() throws IOException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!dockerd.isAlive()) {
                throw new IOException("dockerd exited with status " + dockerd.exitValue());
            }
            if (Files.exists(socket()) && cli(READY_PROBE_TIMEOUT, "version").exitCode() == 0) {
                return;
            }
            sleep(READY_POLL);
        }
        throw new IOException("dockerd did not answer on " + socket() + " within "
                + START_TIMEOUT.toSeconds() + " s");
    }

    /**
     * Test containers are throwaway, and dockerd would give each one 10 s to obey SIGTERM, which a
     * busybox PID 1 ignores. A daemon that does not answer here is SIGKILLed by {@link #stop} anyway.
     */
    private void killContainers() {
        try {
            DockerResult running = cli(KILL_TIMEOUT, "ps", "--quiet");
            if (running.exitCode() == 0 && !running.stdout().isBlank()) {
                List<String> kill = new ArrayList<>(List.of("kill"));
                kill.addAll(running.stdout().strip().lines().toList());
                cli(KILL_TIMEOUT, kill.toArray(String[]::new));
            }
        } catch (AssertionError unresponsive) {
            // stop() and the sweep in close() then end dockerd, containerd and the shims by signal.
        }
    }

    private Map<String, String> cliEnvironment() {
        Map<String, String> environment = new HashMap<>();
        // --host decides; a context or host from the environment must not interfere.
        environment.put("DOCKER_HOST", null);
        environment.put("DOCKER_CONTEXT", null);
        // Keep the CLI away from the user's ~/.docker.
        environment.put("DOCKER_CONFIG", root().resolve("cli").toString());
        return environment;
    }

    private Path log() {
        return root.resolve("dockerd.log");
    }

    private String logTail() {
        try {
            List<String> lines = Files.readAllLines(log());
            if (lines.isEmpty()) {
                return "(empty)";
            }
            return String.join("\n", lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private void closeQuietly() {
        try {
            close();
        } catch (IOException e) {
            System.err.println("could not clean up private dockerd: " + e.getMessage());
        }
    }

    private void removeShutdownHook() {
        if (shutdownHook == null || Thread.currentThread() == shutdownHook) {
            return;
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shutdownInProgress) {
            // The hook is running or about to; close() is idempotent.
        }
        shutdownHook = null;
    }

    /** SIGTERM, then SIGKILL if the process has not exited within {@link #STOP_TIMEOUT}. */
    private static void stop(ProcessHandle process) {
        process.destroy();
        try {
            process.onExit().get(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            process.destroyForcibly();
            process.onExit().join();
        } catch (ExecutionException e) {
            throw new IllegalStateException("waiting for process " + process.pid() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    /** Deletes the tree without following symbolic links; the caller has removed all mounts below it. */
    private static void deleteTree(Path dir) throws IOException {
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path directory, IOException failure) throws IOException {
                if (failure != null) {
                    throw failure;
                }
                Files.delete(directory);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private static void sleep(Duration duration) throws InterruptedIOException {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for dockerd");
        }
    }

    private static String executableOr(String preferred, String onPath) {
        return Files.isExecutable(Path.of(preferred)) ? preferred : onPath;
    }
}
