package io.quodock.mount;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a host program (bindfs, umount, getent) with a time limit, so that a program that hangs never
 * hangs the caller: when the limit passes, the program and its children are killed and the caller gets
 * a {@link TimedOut}.
 *
 * <p>Standard input is empty. Standard output and error go together to a temporary file, not a pipe:
 * a pipe nobody reads can fill up, and a program that daemonizes (bindfs does) could keep it open after
 * it exits. Messages are in the C locale, so they read the same in logs and errors everywhere.
 */
public final class HostCommand {
    /** Output beyond this is cut off; these programs print a line or two. */
    private static final int MAX_OUTPUT_BYTES = 64 * 1024;
    /** How long to wait for a killed program to go; one stuck in the kernel may never. */
    private static final long REAP_MILLIS = 1000;
    private static final Path DEV_NULL = Path.of("/dev/null");

    /**
     * What a program did.
     *
     * @param exitCode its exit status
     * @param output   what it wrote to standard output and standard error, interleaved
     */
    public record Result(int exitCode, String output) {
        public boolean ok() {
            return exitCode == 0;
        }
    }

    /** The program did not finish within its time limit and was killed. */
    public static final class TimedOut extends IOException {
        private static final long serialVersionUID = 1L;

        TimedOut(String message) {
            super(message);
        }
    }

    private HostCommand() {
    }

    /**
     * Runs {@code command} and returns its exit status and output, whatever the status.
     *
     * @throws TimedOut if it runs longer than {@code timeout}
     * @throws IOException if it cannot be started (not installed, say)
     */
    public static Result run(Duration timeout, List<String> command) throws IOException {
        Path output = Files.createTempFile("quodock-cmd-", ".out");
        try {
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectInput(DEV_NULL.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile());
            builder.environment().put("LC_ALL", "C");
            Process process;
            try {
                process = builder.start();
            } catch (IOException e) {
                throw new IOException("cannot run " + command.get(0) + " (is it installed?): " + e.getMessage(), e);
            }
            try {
                if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    kill(process);
                    throw new TimedOut(String.join(" ", command) + " did not finish within " + timeout.toMillis()
                            + " ms and was killed");
                }
            } catch (InterruptedException e) {
                kill(process);
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while running " + String.join(" ", command));
            }
            return new Result(process.exitValue(), read(output));
        } finally {
            Files.deleteIfExists(output);
        }
    }

    private static void kill(Process process) throws InterruptedIOException {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(REAP_MILLIS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while ending process " + process.pid());
        }
    }

    private static String read(Path output) throws IOException {
        byte[] bytes;
        try (var in = Files.newInputStream(output)) {
            bytes = in.readNBytes(MAX_OUTPUT_BYTES);
        }
        return new String(bytes, StandardCharsets.UTF_8).strip();
    }
}
