package io.quodock.e2e;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs a host program with a time limit and captures its output. */
final class Command {

    private static final Duration HOST_TOOL_TIMEOUT = Duration.ofSeconds(60);

    private Command() {
    }

    /**
     * Runs {@code command} with {@code environment} added to this JVM's environment (a null value
     * removes the variable) and kills it if it runs longer than {@code timeout}.
     */
    static DockerResult run(List<String> command, Map<String, String> environment, Duration timeout)
            throws IOException {
        // Files, not pipes: a chatty program can never block on a full pipe nobody reads.
        Path out = Files.createTempFile("qd-cmd-", ".out");
        Path err = Files.createTempFile("qd-cmd-", ".err");
        try {
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile());
            environment.forEach((name, value) -> {
                if (value == null) {
                    builder.environment().remove(name);
                } else {
                    builder.environment().put(name, value);
                }
            });
            Process process = builder.start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor();
                throw new IOException(String.join(" ", command) + " did not finish within "
                        + timeout.toSeconds() + " s and was killed; stderr so far:\n" + Files.readString(err));
            }
            return new DockerResult(process.exitValue(), Files.readString(out), Files.readString(err));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while running " + String.join(" ", command));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /** Runs a host tool such as tar or umount and returns its standard output; fails unless it exits 0. */
    static String runOk(String... command) throws IOException {
        DockerResult result = run(List.of(command), Map.of(), HOST_TOOL_TIMEOUT);
        if (result.exitCode() != 0) {
            throw new IOException(String.join(" ", command) + " failed with exit status " + result.exitCode()
                    + ": " + result.stderr().strip());
        }
        return result.stdout();
    }
}
