package io.quodock.cli;

import picocli.CommandLine;

/** The {@code quodock} launcher's entry point. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs one command line and returns its exit code; tests call this instead of {@link #main}. */
    public static int run(String... args) {
        return new CommandLine(new QuodockCommand()).execute(args);
    }
}
