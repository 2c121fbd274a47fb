package io.quodock.mount;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/** Finds the bindfs process that serves a view: bindfs daemonizes, so its pid is not the one the daemon started. */
public final class BindfsProcesses {
    private BindfsProcesses() {
    }

    /** Live bindfs processes with {@code view} as an argument; one for a healthy view. */
    public static List<ProcessHandle> serving(Path view) {
        String mountPoint = view.toAbsolutePath().normalize().toString();
        return ProcessHandle.allProcesses()
                .filter(ProcessHandle::isAlive)
                .filter(process -> process.info().command().map(command -> command.endsWith("/bindfs")).orElse(false))
                .filter(process -> process.info().arguments()
                        .map(arguments -> Arrays.asList(arguments).contains(mountPoint)).orElse(false))
                .toList();
    }
}
