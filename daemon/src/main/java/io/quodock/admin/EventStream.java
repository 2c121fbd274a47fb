package io.quodock.admin;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.IteratingCallback;

/**
 * One client's server-sent event stream. Frames wait in a queue of at most {@code capacity}; one write
 * is in flight at a time, and when it completes whatever queued up meanwhile goes out in the next.
 * A client that reads too slowly never slows the daemon: once its queue is full, further events are
 * dropped and counted, and the client gets an {@code event: dropped} frame with the count at the place
 * where events are missing, so it knows to reload the state.
 */
final class EventStream extends IteratingCallback {
    /** Frames per write at most, so one slow write does not grow without bound. */
    private static final int MAX_WRITE_CHARS = 64 * 1024;
    private static final String KEEPALIVE = ": keepalive\n\n";

    private final Response response;
    private final Callback done;
    private final int capacity;
    private final Runnable onEnd;
    private final ArrayDeque<String> queue = new ArrayDeque<>();
    private long dropped;
    private boolean closing;
    private boolean lastWritten;

    /**
     * @param response the response to stream into (headers already set)
     * @param done     the request's callback, completed when the stream ends
     * @param onEnd    called once when the stream ends, however it ends
     */
    EventStream(Response response, Callback done, int capacity, String greeting, Runnable onEnd) {
        this.response = response;
        this.done = done;
        this.capacity = capacity;
        this.onEnd = onEnd;
        queue.add(greeting);
    }

    /**
     * Queues one frame, or counts it as dropped when the queue is full. Never blocks; the caller then
     * calls {@link #iterate()} to send it.
     */
    synchronized void offer(String frame) {
        if (closing) {
            return;
        }
        if (queue.size() >= capacity) {
            dropped++;
            return;
        }
        if (dropped > 0) {
            queue.add(droppedFrame());
        }
        queue.add(frame);
    }

    /** A comment frame when nothing else is waiting: keeps the connection alive and finds dead clients. */
    void keepAlive() {
        synchronized (this) {
            if (closing || !queue.isEmpty()) {
                return;
            }
            queue.add(KEEPALIVE);
        }
        iterate();
    }

    /** Ends the stream after what is queued; for daemon shutdown. */
    void end() {
        synchronized (this) {
            closing = true;
        }
        iterate();
    }

    @Override
    protected Action process() {
        StringBuilder batch = new StringBuilder();
        boolean last;
        synchronized (this) {
            if (lastWritten) {
                return Action.SUCCEEDED;
            }
            if (queue.isEmpty() && dropped > 0) {
                queue.add(droppedFrame());
            }
            while (!queue.isEmpty() && batch.length() < MAX_WRITE_CHARS) {
                batch.append(queue.poll());
            }
            last = closing && queue.isEmpty();
            lastWritten = last;
        }
        if (batch.length() == 0 && !last) {
            return Action.IDLE;
        }
        response.write(last, ByteBuffer.wrap(batch.toString().getBytes(StandardCharsets.UTF_8)), this);
        return Action.SCHEDULED;
    }

    @Override
    protected void onCompleteSuccess() {
        onEnd.run();
        done.succeeded();
    }

    @Override
    protected void onCompleteFailure(Throwable cause) {
        onEnd.run();
        done.failed(cause);
    }

    /** Called with the monitor held; resets the count. */
    private String droppedFrame() {
        String frame = "event: dropped\ndata: {\"type\":\"dropped\",\"count\":" + dropped + "}\n\n";
        dropped = 0;
        return frame;
    }
}
