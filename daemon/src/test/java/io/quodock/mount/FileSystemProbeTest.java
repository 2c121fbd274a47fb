package io.quodock.mount;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileSystemProbeTest {
    @TempDir
    Path tmp;
    private final FileSystemProbe probe = new FileSystemProbe(Duration.ofMillis(300));
    private final CountDownLatch release = new CountDownLatch(1);

    @AfterEach
    void close() {
        release.countDown();
        probe.close();
    }

    @Test
    void aDirectoryIsAliveAMissingPathIsMissingAFileFailed() throws IOException {
        assertEquals(FileSystemProbe.State.ALIVE, probe.probe(tmp).state());
        assertEquals(FileSystemProbe.State.MISSING, probe.probe(tmp.resolve("nope")).state());
        Path file = Files.createFile(tmp.resolve("file"));
        FileSystemProbe.Result result = probe.probe(file);
        assertEquals(FileSystemProbe.State.FAILED, result.state());
        assertTrue(result.detail().contains("not a directory"), result.detail());
    }

    @Test
    void aCallThatHangsIsReportedAfterTheTimeoutAndLaterCallsFailAtOnce() {
        long start = System.nanoTime();
        assertThrows(FileSystemProbe.Hung.class, () -> probe.call(() -> {
            awaitRelease();
            return null;
        }));
        long first = System.nanoTime() - start;
        assertTrue(first >= Duration.ofMillis(300).toNanos() && first < Duration.ofSeconds(2).toNanos(), first + " ns");

        start = System.nanoTime();
        FileSystemProbe.Result second = probe.probe(tmp);
        assertEquals(FileSystemProbe.State.HUNG, second.state());
        assertTrue(second.detail().contains("earlier file-system call has not returned"), second.detail());
        assertTrue(System.nanoTime() - start < Duration.ofMillis(100).toNanos(), "no new thread waits on a stuck mount");

        release.countDown();
        awaitAlive();
    }

    @Test
    void theCallsOwnErrorReachesTheCaller() {
        IOException e = assertThrows(IOException.class, () -> probe.call(() -> {
            throw new IOException("disk on fire");
        }));
        assertEquals("disk on fire", e.getMessage());
    }

    private void awaitRelease() throws java.io.InterruptedIOException {
        try {
            release.await();
        } catch (InterruptedException e) {
            throw new java.io.InterruptedIOException();
        }
    }

    private void awaitAlive() {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (System.nanoTime() < deadline) {
            if (probe.probe(tmp).alive()) {
                return;
            }
            Thread.onSpinWait();
        }
        throw new AssertionError("the probe did not recover after the stuck call returned");
    }
}
