package io.quodock.ui.launch;

import java.nio.file.Path;

/**
 * What the start panel's form gives a daemon started as its own process; the same as the flags of
 * {@code quodock daemon}.
 *
 * @param driverName  the Docker driver name; the plugin socket is {@code <pluginDir>/<driverName>.sock}
 * @param pluginDir   where Docker looks for plugin sockets
 * @param socketGroup group that may use the plugin and admin sockets
 * @param stateDir    the durable state
 * @param volumesRoot the local backend's directory of volumes
 * @param adminSocket the admin API's socket, which the console attaches to
 */
public record DaemonSettings(String driverName, Path pluginDir, String socketGroup, Path stateDir, Path volumesRoot,
                             Path adminSocket) {

    /** The daemon's own defaults, for a host where it runs as root beside Docker. */
    public static DaemonSettings defaults(Path adminSocket) {
        return new DaemonSettings("quobyte", Path.of("/run/docker/plugins"), "root", Path.of("/var/lib/quodock"),
                Path.of("/var/lib/quodock/volumes"), adminSocket);
    }

    public Path pluginSocket() {
        return pluginDir.resolve(driverName + ".sock");
    }
}
