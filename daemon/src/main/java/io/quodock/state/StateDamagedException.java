package io.quodock.state;

import java.nio.file.Path;

/**
 * A state file that cannot be trusted: a bad checksum, unparsable content, a gap in the sequence.
 * The daemon stops on it and leaves the file untouched for inspection; it never starts on empty state
 * instead, because that would forget volumes containers still use.
 */
public final class StateDamagedException extends Exception {
    private static final long serialVersionUID = 1L;

    private final transient Path file;

    public StateDamagedException(Path file, String problem) {
        super("state file " + file + " is damaged: " + problem
                + ". quodock will not start on it and has not changed it; restore it from a backup,"
                + " or move the state directory aside to start empty (volumes must then be re-created)");
        this.file = file;
    }

    public Path file() {
        return file;
    }
}
