package io.quodock.cli;

import io.quodock.client.AdminClient;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The options every command that talks to a running daemon shares: which socket, and JSON or tables. */
final class AdminOptions {
    /** The admin socket: flag, else {@code QUODOCK_ADMIN_SOCKET}, else the daemon's default. */
    static final String DEFAULT_SOCKET = "${env:QUODOCK_ADMIN_SOCKET:-/run/quodock/admin.sock}";

    @Option(names = "--admin-socket", defaultValue = DEFAULT_SOCKET,
            description = "The daemon's admin socket (env QUODOCK_ADMIN_SOCKET).")
    Path socket;

    @Option(names = "--json", description = "Print the daemon's JSON instead of a table, for scripts.")
    boolean json;

    AdminClient connect() {
        return new AdminClient(socket);
    }
}
