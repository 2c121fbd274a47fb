package io.quodock.ui.admin;

import java.nio.file.Path;

/** No daemon answered on the admin socket; the message names the socket and the reason. */
public final class DaemonUnreachableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public DaemonUnreachableException(Path socket, String reason) {
        super("no quodock daemon answers on " + socket + " (" + reason + ")");
    }
}
