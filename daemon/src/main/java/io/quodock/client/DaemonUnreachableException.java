package io.quodock.client;

import java.nio.file.Path;

/** No daemon answered on the admin socket; the message names the socket, the reason and what to do. */
public final class DaemonUnreachableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final Path socket;

    public DaemonUnreachableException(Path socket, String reason) {
        super("no quodock daemon answers on " + socket + " (" + reason + "): start it with `quodock daemon`"
                + ", or give the socket it uses with --admin-socket");
        this.socket = socket;
    }

    public Path socket() {
        return socket;
    }
}
