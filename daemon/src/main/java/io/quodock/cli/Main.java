package io.quodock.cli;

import io.quodock.client.AdminException;
import io.quodock.client.DaemonUnreachableException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;

/**
 * The {@code quodock} launcher's entry point. Exit codes: 0 done, 1 the daemon refused or failed
 * (its message is printed), 2 a usage error, 3 no daemon answers on the admin socket.
 */
public final class Main {
    public static final int DAEMON_ERROR = 1;
    public static final int USAGE = CommandLine.ExitCode.USAGE;
    public static final int UNREACHABLE = 3;

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs one command line and returns its exit code; tests call this instead of {@link #main}. */
    public static int run(String... args) {
        return run(new PrintWriter(System.out, true, StandardCharsets.UTF_8),
                new PrintWriter(System.err, true, StandardCharsets.UTF_8), args);
    }

    /** Runs one command line writing to {@code out} and {@code err}, and returns its exit code. */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cli = new CommandLine(new QuodockCommand());
        cli.setOut(out);
        cli.setErr(err);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof DaemonUnreachableException) {
                err.println("quodock: " + e.getMessage());
                return UNREACHABLE;
            }
            if (e instanceof AdminException) {
                err.println("quodock: " + e.getMessage());
                return DAEMON_ERROR;
            }
            throw e;
        });
        try {
            return cli.execute(args);
        } finally {
            out.flush();
            err.flush();
        }
    }
}
