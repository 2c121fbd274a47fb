package io.quodock.mount;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * File-system calls on a mount that may be dead or hung (a FUSE client that crashed or stopped
 * answering), made so they never hang the caller: each runs on a worker thread and the caller waits
 * at most {@code timeout}. A thread stuck in the kernel cannot be freed, so while one call is stuck,
 * later calls fail at once instead of leaving more threads behind.
 *
 * <p>A dead FUSE mount answers {@code ENOTCONN} ("Transport endpoint is not connected") at once; a
 * hung one does not answer at all. {@link #probe} tells these apart from a healthy directory. It
 * opens the directory as well as stat-ing it: the kernel answers a stat from its attribute cache for
 * a while (a second, by default) after the FUSE process died, but an open always reaches the process.
 */
public final class FileSystemProbe implements AutoCloseable {
    /** What a probe found. */
    public enum State {
        /** The path is a directory that answered. */
        ALIVE,
        /** The file system answered, and the path does not exist. */
        MISSING,
        /** The FUSE file system behind the path has gone: {@code ENOTCONN}. */
        DEAD,
        /** The file system did not answer within the timeout. */
        HUNG,
        /** Another error (permission, I/O error, not a directory); see the detail. */
        FAILED
    }

    /**
     * The outcome of one probe.
     *
     * @param state  what was found
     * @param detail the error text for anything but {@link State#ALIVE}, e.g. "Transport endpoint is not connected"
     */
    public record Result(State state, String detail) {
        public boolean alive() {
            return state == State.ALIVE;
        }
    }

    /** A file-system call on this probe's worker that did not finish in time (or an earlier one is still stuck). */
    public static final class Hung extends IOException {
        private static final long serialVersionUID = 1L;

        Hung(String message) {
            super(message);
        }
    }

    /** A file-system call to run bounded. */
    @FunctionalInterface
    public interface Call<T> {
        T run() throws IOException;
    }

    private static final String ENOTCONN = "Transport endpoint is not connected";

    private final Duration timeout;
    private final ExecutorService workers;
    private final AtomicReference<Future<?>> stuck = new AtomicReference<>();

    /** @param timeout how long a call may take before it counts as hung */
    public FileSystemProbe(Duration timeout) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("probe timeout must be positive, not " + timeout);
        }
        this.timeout = timeout;
        AtomicInteger threads = new AtomicInteger();
        this.workers = Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "quodock-probe-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    public Duration timeout() {
        return timeout;
    }

    /** Stats and opens {@code directory} (without reading it), bounded by the timeout. */
    public Result probe(Path directory) {
        try {
            boolean isDirectory = call(() -> {
                if (!Files.readAttributes(directory, BasicFileAttributes.class).isDirectory()) {
                    return false;
                }
                DirectoryStream<Path> opened = Files.newDirectoryStream(directory);
                opened.close();
                return true;
            });
            return isDirectory ? new Result(State.ALIVE, "")
                    : new Result(State.FAILED, directory + " is not a directory");
        } catch (Hung e) {
            return new Result(State.HUNG, e.getMessage());
        } catch (NoSuchFileException e) {
            return new Result(State.MISSING, "No such file or directory");
        } catch (FileSystemException e) {
            String reason = e.getReason() == null ? e.toString() : e.getReason();
            return new Result(reason.contains(ENOTCONN) ? State.DEAD : State.FAILED, reason);
        } catch (IOException e) {
            return new Result(State.FAILED, e.toString());
        }
    }

    /**
     * Runs {@code call} on a worker and waits at most the timeout for it.
     *
     * @throws Hung if it did not finish in time, or an earlier call is still stuck
     * @throws IOException what the call threw
     */
    public <T> T call(Call<T> call) throws IOException {
        Future<?> earlier = stuck.get();
        if (earlier != null) {
            if (!earlier.isDone()) {
                throw new Hung("an earlier file-system call has not returned for more than " + timeout.toMillis()
                        + " ms (the mount is hung)");
            }
            stuck.compareAndSet(earlier, null);
        }
        Future<T> result = workers.submit(call::run);
        try {
            return result.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            stuck.set(result);
            throw new Hung("no answer within " + timeout.toMillis() + " ms (the mount is hung)");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for the file system");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IOException(cause);
        }
    }

    /** Lets worker threads end; one stuck in the kernel ends when the mount answers or goes. */
    @Override
    public void close() {
        workers.shutdownNow();
    }
}
