package io.quodock.ui.admin;

import io.quodock.client.AdminException;
import io.quodock.client.DaemonUnreachableException;
import java.nio.file.Path;
import java.util.Map;

/**
 * The admin API as the console uses it. Every call blocks, so the console calls it off the FX thread.
 * A daemon that answers with an error throws {@link AdminException} (its message is meant for people);
 * one that cannot be reached throws {@link DaemonUnreachableException}.
 */
public interface AdminClient extends AutoCloseable {

    /** The admin socket this client talks to. */
    Path socket();

    /** {@code GET /v1/state}: the daemon and every volume, with Docker's containers when Docker answers. */
    DaemonState state();

    /** {@code GET /v1/volumes/{name}}: one volume, with its containers when Docker answers. */
    VolumeInfo volume(String name);

    /** {@code POST /v1/volumes}: creates a volume with create options ({@code user}, {@code subdirs}, ...). */
    VolumeInfo create(String name, Map<String, String> options);

    /** {@code DELETE /v1/volumes/{name}}. */
    void remove(String name);

    /** {@code PUT /v1/volumes/{name}/fixed-user}; {@code group} may be null (the user's primary group). */
    VolumeInfo setFixedUser(String name, String user, String group);

    /** {@code DELETE /v1/volumes/{name}/fixed-user}. */
    VolumeInfo clearFixedUser(String name);

    /**
     * Follows {@code GET /v1/events}: calls {@link EventSink#opened} once the daemon has accepted the
     * subscription, then {@link EventSink#accept} for each event, until the daemon ends the stream
     * (it stopped), the sink returns false, or {@link #close} is called.
     */
    void events(EventSink sink);

    /** Ends a running {@link #events} call and releases the connection. */
    @Override
    void close();

    /** Receives the event stream. */
    interface EventSink {
        /** The subscription stands: every change from now on arrives here. */
        void opened();

        /** One event; false to stop following. */
        boolean accept(DaemonEvent event);
    }
}
