package io.quodock.image;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The runtime images that the build linked (failsafe passes their directories as the system properties
 * {@code quodock.image}, the daemon image, and {@code quodock.full.image}, the one with the console), and the
 * processes the tests start from them.
 */
final class RuntimeImage {
    static final Duration TIMEOUT = Duration.ofSeconds(60);

    private RuntimeImage() {
    }

    /** The daemon image directory; its name is that of the tarball beside it, without {@code .tar.gz}. */
    static Path dir() {
        return directory("quodock.image");
    }

    /** The full image directory: daemon, CLI and console. */
    static Path fullDir() {
        return directory("quodock.full.image");
    }

    private static Path directory(String property) {
        String dir = System.getProperty(property);
        if (dir == null) {
            throw new IllegalStateException("system property " + property + " is not set: run this test through failsafe (mvn verify)");
        }
        return Path.of(dir);
    }

    /** The version the image carries, from its name {@code quodock-daemon-<version>}. */
    static String version() {
        return dir().getFileName().toString().substring("quodock-daemon-".length());
    }

    /**
     * Daemon arguments for temporary paths below {@code tmp}, on the local backend, ignoring any env file of
     * the host; the socket is {@code tmp/plugins/<driver>.sock}.
     */
    static List<String> daemonArguments(Path tmp, String driver) throws IOException {
        String group = Files.readAttributes(tmp, PosixFileAttributes.class).group().getName();
        return List.of("daemon", "--driver-name", driver, "--plugin-dir", tmp.resolve("plugins").toString(),
                "--state-dir", tmp.resolve("state").toString(), "--volumes-root", tmp.resolve("volumes").toString(),
                "--run-dir", tmp.resolve("run").toString(), "--admin-socket", tmp.resolve("admin.sock").toString(),
                "--socket-group", group, "--admin-group", group, "--backend", "local", "--env-file", "/dev/null");
    }

    /** Runs a command to its end with {@code environment} added; fails if it takes longer than {@link #TIMEOUT}. */
    static Result run(List<String> command, Map<String, String> environment) throws IOException {
        Path output = Files.createTempFile("quodock-image-", ".out");
        try (Started started = Started.start(command, environment, output)) {
            int exit = started.await();
            return new Result(exit, Files.readString(output));
        } finally {
            Files.deleteIfExists(output);
        }
    }

    /** Exit code and the merged standard output and error of a finished command. */
    record Result(int exit, String output) {
    }

    /** A process the test started, its output going to a file; {@link #close} kills it by its pid if it still runs. */
    static final class Started implements AutoCloseable {
        private final Process process;
        private final Path output;

        private Started(Process process, Path output) {
            this.process = process;
            this.output = output;
        }

        static Started start(List<String> command, Map<String, String> environment, Path output) throws IOException {
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(output.toFile()));
            builder.environment().putAll(environment);
            return new Started(builder.start(), output);
        }

        long pid() {
            return process.pid();
        }

        boolean isAlive() {
            return process.isAlive();
        }

        String output() throws IOException {
            return Files.readString(output);
        }

        /** Returns once {@code socket} accepts connections; fails if the process ends first or it takes too long. */
        void awaitSocket(Path socket) throws IOException {
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw new IOException(process.info().command().orElse("process") + " exited with " + process.exitValue()
                            + " before serving " + socket + ":\n" + output());
                }
                try (SocketChannel probe = SocketChannel.open(StandardProtocolFamily.UNIX)) {
                    probe.connect(UnixDomainSocketAddress.of(socket));
                    return;
                } catch (IOException notYet) {
                    pause();
                }
            }
            throw new IOException("nothing served " + socket + " within " + TIMEOUT.toSeconds() + " s:\n" + output());
        }

        /** SIGTERM, as systemd stops a service; returns the exit code. */
        int terminate() throws IOException {
            process.destroy();
            return await();
        }

        int await() throws IOException {
            try {
                if (!process.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly().waitFor();
                    throw new IOException("pid " + process.pid() + " did not end within " + TIMEOUT.toSeconds() + " s:\n" + output());
                }
                return process.exitValue();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while waiting for pid " + process.pid());
            }
        }

        @Override
        public void close() throws IOException {
            if (process.isAlive()) {
                process.destroyForcibly();
                await();
            }
        }

        private static void pause() throws InterruptedIOException {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while waiting for a socket");
            }
        }
    }

    /** {@code command} followed by {@code arguments}. */
    static List<String> command(Path command, List<String> arguments) {
        List<String> line = new ArrayList<>();
        line.add(command.toString());
        line.addAll(arguments);
        return line;
    }
}
