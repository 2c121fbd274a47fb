package io.quodock.admin;

import java.nio.file.Path;
import java.time.Instant;

/**
 * What the admin API tells about the running daemon itself.
 *
 * @param version      quodock's version
 * @param pid          the daemon's process ID
 * @param startedAt    when it started
 * @param driverName   the driver name Docker knows it by
 * @param pluginSocket the socket Docker talks to
 * @param adminSocket  the socket of this API
 */
public record DaemonInfo(String version, long pid, Instant startedAt, String driverName, Path pluginSocket,
                         Path adminSocket) {
}
