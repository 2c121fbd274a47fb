package io.quodock.e2e;

import java.nio.file.Path;
import java.util.List;

/** Finds host processes by a path in their command line, to catch what a dockerd left running. */
final class ProcessTable {

    private ProcessTable() {
    }

    /**
     * Live processes, other than this JVM, whose command line mentions a path inside {@code dir}.
     * dockerd, the containerd it manages and every containerd shim name their private directory
     * this way, so nothing else on the host matches.
     */
    static List<ProcessHandle> mentioningPathsUnder(Path dir) {
        String prefix = dir.toAbsolutePath() + "/";
        long self = ProcessHandle.current().pid();
        return ProcessHandle.allProcesses()
                .filter(process -> process.pid() != self)
                .filter(process -> process.info().commandLine().map(line -> line.contains(prefix)).orElse(false))
                .toList();
    }
}
