package io.quodock.docker;

import java.nio.file.Path;

/** No Docker Engine answered on the socket; the message says which socket and why. */
public final class DockerUnavailableException extends Exception {
    private static final long serialVersionUID = 1L;

    public DockerUnavailableException(Path socket, String reason) {
        super("no Docker Engine answers on " + socket + " (" + reason + ")");
    }
}
