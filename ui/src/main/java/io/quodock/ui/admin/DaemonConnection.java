package io.quodock.ui.admin;

import io.quodock.client.AdminException;
import io.quodock.client.DaemonUnreachableException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Keeps the console attached to one daemon: subscribes to the event stream, then reads the state, so
 * no change falls between the two; hands events to the {@link Listener} in batches (one batch per
 * turn of the FX thread, however many arrived meanwhile); and when the daemon goes away, says so at
 * once and attaches again as soon as it answers. Every {@link Listener} call runs on {@code fx}.
 */
public final class DaemonConnection implements AutoCloseable {

    /** What the connection reports, always on the FX executor. */
    public interface Listener {
        /** Attached (again): the whole state, to replace whatever was shown. */
        void attached(DaemonState state);

        /** Events since the last call, in the daemon's order. */
        void events(List<DaemonEvent> batch);

        /** The daemon cannot be reached (or stopped); the connection keeps trying. */
        void lost(String reason);
    }

    private final AdminClient client;
    private final Executor fx;
    private final Listener listener;
    private final Duration retry;
    private final Queue<DaemonEvent> pending = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean flushScheduled = new AtomicBoolean();
    private volatile boolean closed;
    private Thread thread;

    /**
     * @param client   the admin API; closed with this connection
     * @param fx       runs listener calls, in order (the FX thread's {@code Platform::runLater})
     * @param retry    how long to wait between attempts to reach the daemon
     */
    public DaemonConnection(AdminClient client, Executor fx, Listener listener, Duration retry) {
        this.client = client;
        this.fx = fx;
        this.listener = listener;
        this.retry = retry;
    }

    public AdminClient client() {
        return client;
    }

    /** Starts attaching on a thread of its own. */
    public synchronized void start() {
        if (thread != null) {
            throw new IllegalStateException("connection to " + client.socket() + " already started");
        }
        thread = new Thread(this::run, "quodock-console-events");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void close() {
        closed = true;
        client.close();
        Thread running;
        synchronized (this) {
            running = thread;
        }
        if (running != null) {
            running.interrupt();
        }
    }

    private void run() {
        boolean lostReported = false;
        while (!closed) {
            String reason;
            boolean[] opened = {false};
            try {
                client.events(new AdminClient.EventSink() {
                    @Override
                    public void opened() {
                        DaemonState state = client.state();
                        opened[0] = true;
                        fx.execute(() -> listener.attached(state));
                    }

                    @Override
                    public boolean accept(DaemonEvent event) {
                        if (event instanceof DaemonEvent.Dropped) {
                            DaemonState state = client.state();
                            fx.execute(() -> listener.attached(state));
                        } else {
                            enqueue(event);
                        }
                        return !closed;
                    }
                });
                reason = "the daemon ended the event stream: it stopped";
            } catch (DaemonUnreachableException | AdminException e) {
                reason = e.getMessage();
            } catch (RuntimeException e) {
                reason = "the connection failed: " + e.getMessage();
            }
            if (closed) {
                return;
            }
            // Once per loss: the first failed attempt, or the end of an attachment.
            if (opened[0] || !lostReported) {
                String why = reason;
                fx.execute(() -> listener.lost(why));
            }
            lostReported = true;
            try {
                Thread.sleep(retry.toMillis());
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void enqueue(DaemonEvent event) {
        pending.add(event);
        if (flushScheduled.compareAndSet(false, true)) {
            fx.execute(this::flush);
        }
    }

    private void flush() {
        flushScheduled.set(false);
        List<DaemonEvent> batch = new ArrayList<>();
        for (DaemonEvent event = pending.poll(); event != null; event = pending.poll()) {
            batch.add(event);
        }
        if (!batch.isEmpty()) {
            listener.events(batch);
        }
    }
}
