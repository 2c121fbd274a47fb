package io.quodock.ui.launch;

/** Starts a daemon for the start panel; both calls block until the daemon's admin socket exists, or fail saying why. */
public interface DaemonStarter {

    /** A daemon in its own process, from the same installation; it keeps running after the console closes. */
    StartedDaemon startProcess(DaemonSettings settings);

    /** A daemon inside the console on the local backend in the user's directory; it stops with the console. */
    StartedDaemon startEmbedded();
}
