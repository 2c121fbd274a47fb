package io.quodock.mount;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShellCommandTest {
    @TempDir
    Path tmp;

    @Test
    void exitStatusAndBothOutputStreamsAreReported() throws IOException {
        ShellCommand.Result result = ShellCommand.run("echo out; echo err >&2; exit 3", Duration.ofSeconds(10));
        assertEquals(3, result.exitCode());
        assertFalse(result.ok());
        assertTrue(result.output().contains("out") && result.output().contains("err"), result.output());
    }

    @Test
    void aCommandThatRunsTooLongIsKilledWithItsChildren() throws IOException {
        Path marker = tmp.resolve("survived");
        long start = System.nanoTime();
        IOException e = assertThrows(IOException.class, () -> ShellCommand.run(
                "(sleep 2; touch " + ShellCommand.quote(marker.toString()) + ") & wait", Duration.ofMillis(300)));
        assertTrue(e.getMessage().contains("did not finish within 300 ms and was killed"), e.getMessage());
        assertTrue(System.nanoTime() - start < Duration.ofSeconds(2).toNanos(), "the caller was not held");
        sleep(2500);
        assertFalse(Files.exists(marker), "the background child was killed too");
    }

    @Test
    void quotedTextStaysOneWordWhateverItHolds() throws IOException {
        String tricky = "it's $HOME; `id` \"x\"";
        ShellCommand.Result result = ShellCommand.run("printf %s " + ShellCommand.quote(tricky), Duration.ofSeconds(10));
        assertEquals(tricky, result.output());
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
