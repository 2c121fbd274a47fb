package io.quodock.e2e;

import java.io.IOException;

/** Waits for what a {@link DaemonProcess} logs once it is fully up. */
final class DaemonLog {
    /** Logged after both sockets are bound and restricted to their mode and group. */
    private static final String SERVING = "quodock serving driver";

    private DaemonLog() {
    }

    /**
     * Returns once the daemon has logged that it serves for the {@code nth} time in its log (the log
     * is appended across restarts); {@link DaemonProcess#start()} returns as soon as the plugin
     * socket accepts, a moment before the sockets' modes are set.
     */
    static void awaitServing(DaemonProcess daemon, int nth) throws IOException, InterruptedException {
        for (int i = 0; i < 200; i++) {
            if (daemon.log().split(SERVING, -1).length - 1 >= nth) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the daemon did not log '" + SERVING + "' " + nth + " time(s):\n" + daemon.log());
    }
}
