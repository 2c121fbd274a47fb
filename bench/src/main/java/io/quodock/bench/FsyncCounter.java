package io.quodock.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Counts {@code fsync} and {@code fdatasync} calls of one thread, and how long they took, with
 * {@code strace -c -w}. Attaching to the daemon's state writer thread alone leaves the request threads
 * untraced, so the traffic keeps its speed and its batching while the writer's syscalls are counted.
 */
final class FsyncCounter {
    /** What strace saw between attach and stop. */
    record Syncs(long calls, double meanMicros) {
    }

    private static final long ATTACH_TIMEOUT_MILLIS = 10_000;

    private final Process strace;
    private final Path summary;
    private final Path messages;

    private FsyncCounter(Process strace, Path summary, Path messages) {
        this.strace = strace;
        this.summary = summary;
        this.messages = messages;
    }

    /** Starts {@code strace} on thread {@code tid} and returns once it is attached. */
    static FsyncCounter attach(long tid, Path dir) throws IOException, InterruptedException {
        Path summary = dir.resolve("strace-" + tid + ".summary");
        Path messages = dir.resolve("strace-" + tid + ".log");
        Process strace = new ProcessBuilder("strace", "-c", "-w", "-o", summary.toString(),
                "-e", "trace=fsync,fdatasync", "-p", Long.toString(tid))
                .redirectErrorStream(true)
                .redirectOutput(messages.toFile())
                .start();
        long deadline = System.currentTimeMillis() + ATTACH_TIMEOUT_MILLIS;
        while (!Files.readString(messages).contains("attached")) {
            if (!strace.isAlive() || System.currentTimeMillis() > deadline) {
                strace.destroy();
                throw new IOException("strace could not attach to thread " + tid + ": " + Files.readString(messages).strip());
            }
            Thread.sleep(10);
        }
        return new FsyncCounter(strace, summary, messages);
    }

    /** Detaches and returns the fsync and fdatasync calls seen, with their mean wall-clock time. */
    Syncs stop() throws IOException, InterruptedException {
        strace.destroy(); // SIGTERM: strace detaches and writes its summary
        if (!strace.waitFor(10, TimeUnit.SECONDS)) {
            strace.destroyForcibly();
            throw new IOException("strace did not detach within 10 s");
        }
        long calls = 0;
        double seconds = 0;
        // Columns: % time, seconds, usecs/call, calls, [errors,] syscall.
        for (String line : Files.readAllLines(summary)) {
            String[] columns = line.trim().split("\\s+");
            String syscall = columns[columns.length - 1];
            if (columns.length >= 5 && (syscall.equals("fsync") || syscall.equals("fdatasync"))) {
                seconds += Double.parseDouble(columns[1]);
                calls += Long.parseLong(columns[3]);
            }
        }
        Files.deleteIfExists(summary);
        Files.deleteIfExists(messages);
        return new Syncs(calls, calls == 0 ? Double.NaN : seconds * 1e6 / calls);
    }
}
