package io.quodock.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quodock.driver.VolumeEvent;
import io.quodock.driver.VolumeListener;
import io.quodock.plugin.RequestEvent;
import io.quodock.plugin.RequestListener;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.component.ContainerLifeCycle;
import org.eclipse.jetty.util.thread.ScheduledExecutorScheduler;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * Fans the driver core's {@link VolumeEvent}s and the plugin's {@link RequestEvent}s out to every
 * {@code GET /v1/events} client as server-sent events. Each event gets the next number, sent as the
 * SSE {@code id}, and every client sees the events in that order. Publishing only hands a frame to
 * each client's bounded {@link EventStream}; with no clients it costs nothing.
 *
 * <p>Frames: {@code id: N}, {@code event: <type>} (created, removed, mounted, unmounted,
 * references-dropped, health-changed, request) and {@code data: <one JSON line>}; plus
 * {@code event: dropped} for a slow client, and a {@code : keepalive} comment every
 * {@value #KEEPALIVE_SECONDS} s. Stopping the hub ends every stream, so the server can stop.
 */
public final class EventHub extends ContainerLifeCycle implements VolumeListener, RequestListener {
    /** Events a client may fall behind by before events are dropped for it. */
    public static final int DEFAULT_CAPACITY = 1024;
    static final long KEEPALIVE_SECONDS = 15;
    static final String CONTENT_TYPE = "text/event-stream";

    private final int capacity;
    private final Set<EventStream> streams = ConcurrentHashMap.newKeySet();
    private final ObjectMapper json = new ObjectMapper();
    private final Scheduler scheduler = new ScheduledExecutorScheduler("quodock-events", true);
    private long sequence;
    private Scheduler.Task keepAlive;

    public EventHub(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("event buffer capacity must be positive, not " + capacity);
        }
        this.capacity = capacity;
        addBean(scheduler);
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        scheduleKeepAlive();
    }

    @Override
    protected void doStop() throws Exception {
        if (keepAlive != null) {
            keepAlive.cancel();
        }
        List.copyOf(streams).forEach(EventStream::end);
        super.doStop();
    }

    /** How many clients are listening. */
    public int clients() {
        return streams.size();
    }

    @Override
    public void onEvent(VolumeEvent event) {
        if (!streams.isEmpty()) {
            publish(event.type().wire(), AdminJson.volumeEvent(event));
        }
    }

    @Override
    public void onRequest(RequestEvent event) {
        if (!streams.isEmpty()) {
            publish("request", AdminJson.requestEvent(event));
        }
    }

    /** Starts streaming into {@code response}; the request ends when the client goes or the hub stops. */
    void subscribe(Response response, Callback callback) {
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, CONTENT_TYPE);
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-cache");
        EventStream[] self = new EventStream[1];
        // The greeting makes the headers go out at once, so a client knows it is subscribed.
        self[0] = new EventStream(response, callback, capacity, ": quodock events\n\n", () -> streams.remove(self[0]));
        if (!isRunning()) {
            self[0].end();
            return;
        }
        streams.add(self[0]);
        self[0].iterate();
    }

    private void publish(String type, ObjectNode data) {
        String line;
        try {
            line = json.writeValueAsString(data);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("event not serializable: " + data, e);
        }
        // Numbering and queueing under one lock, so every client gets the same order; sending outside it.
        synchronized (this) {
            String frame = "id: " + (++sequence) + "\nevent: " + type + "\ndata: " + line + "\n\n";
            for (EventStream stream : streams) {
                stream.offer(frame);
            }
        }
        for (EventStream stream : streams) {
            stream.iterate();
        }
    }

    private void scheduleKeepAlive() {
        keepAlive = scheduler.schedule(() -> {
            streams.forEach(EventStream::keepAlive);
            if (isRunning()) {
                scheduleKeepAlive();
            }
        }, KEEPALIVE_SECONDS, TimeUnit.SECONDS);
    }
}
