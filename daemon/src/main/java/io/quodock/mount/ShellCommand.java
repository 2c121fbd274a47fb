package io.quodock.mount;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs one command line through {@code /bin/sh -c} with a time limit, the way the original Quobyte
 * plugin ran its mount command: when the limit passes, the command and everything it started are
 * killed and the caller gets an {@link IOException} that says so. Standard input is empty; standard
 * output and error go together to a temporary file (a pipe nobody reads could fill up, and a program
 * that daemonizes could keep it open); messages are in the C locale.
 */
public final class ShellCommand {
    private static final int MAX_OUTPUT_BYTES = 64 * 1024;
    private static final long REAP_MILLIS = 1000;

    /**
     * What the command did.
     *
     * @param exitCode its exit status
     * @param output   standard output and error, interleaved, trimmed
     */
    public record Result(int exitCode, String output) {
        public boolean ok() {
            return exitCode == 0;
        }
    }

    private ShellCommand() {
    }

    /** Quotes {@code text} for {@code /bin/sh}, so it stays one word whatever it holds. */
    public static String quote(String text) {
        return "'" + text.replace("'", "'\\''") + "'";
    }

    /**
     * Runs {@code commandLine} and returns its exit status and output, whatever the status.
     *
     * @throws IOException if it cannot be started, or runs longer than {@code timeout} (it is killed then)
     */
    public static Result run(String commandLine, Duration timeout) throws IOException {
        Path output = Files.createTempFile("quodock-sh-", ".out");
        try {
            ProcessBuilder builder = new ProcessBuilder(List.of("/bin/sh", "-c", commandLine))
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile());
            builder.environment().put("LC_ALL", "C");
            Process process = builder.start();
            try {
                if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    kill(process);
                    throw new IOException("'" + commandLine + "' did not finish within " + timeout.toMillis()
                            + " ms and was killed; output so far: " + read(output));
                }
            } catch (InterruptedException e) {
                kill(process);
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while running '" + commandLine + "'");
            }
            return new Result(process.exitValue(), read(output));
        } finally {
            Files.deleteIfExists(output);
        }
    }

    private static void kill(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(REAP_MILLIS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String read(Path output) throws IOException {
        try (InputStream in = Files.newInputStream(output)) {
            return new String(in.readNBytes(MAX_OUTPUT_BYTES), StandardCharsets.UTF_8).strip();
        }
    }
}
