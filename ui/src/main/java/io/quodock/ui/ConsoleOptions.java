package io.quodock.ui;

import java.nio.file.Path;
import java.util.List;

/**
 * The console's command line: {@code [--admin-socket PATH]}; without it {@code QUODOCK_ADMIN_SOCKET},
 * else the daemon's default {@value #DEFAULT_SOCKET}, as for the quodock commands.
 *
 * @param adminSocket the admin socket to attach to
 */
public record ConsoleOptions(Path adminSocket) {
    public static final String DEFAULT_SOCKET = "/run/quodock/admin.sock";

    /** @throws IllegalArgumentException naming what is wrong and what is accepted */
    public static ConsoleOptions parse(List<String> args, String environment) {
        Path socket = Path.of(environment == null || environment.isBlank() ? DEFAULT_SOCKET : environment);
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals("--admin-socket") && i + 1 < args.size()) {
                socket = Path.of(args.get(++i));
            } else if (arg.startsWith("--admin-socket=")) {
                socket = Path.of(arg.substring("--admin-socket=".length()));
            } else {
                throw new IllegalArgumentException("unknown argument '" + arg + "': the console takes --admin-socket PATH"
                        + " (default $QUODOCK_ADMIN_SOCKET, else " + DEFAULT_SOCKET + ")");
            }
        }
        return new ConsoleOptions(socket);
    }
}
