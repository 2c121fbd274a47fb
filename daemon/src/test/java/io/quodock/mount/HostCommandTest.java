package io.quodock.mount;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class HostCommandTest {

    @Test
    void exitStatusAndBothOutputsAreReturned() throws Exception {
        HostCommand.Result result = HostCommand.run(Duration.ofSeconds(10),
                List.of("sh", "-c", "echo out; echo err >&2; exit 3"));

        assertEquals(3, result.exitCode());
        assertEquals("out\nerr", result.output());
    }

    @Test
    void programThatOutlivesItsLimitIsKilledAndReported() {
        long started = System.nanoTime();

        HostCommand.TimedOut e = assertThrows(HostCommand.TimedOut.class,
                () -> HostCommand.run(Duration.ofMillis(300), List.of("sleep", "30")));

        assertTrue(Duration.ofNanos(System.nanoTime() - started).toSeconds() < 10, "the caller waited for sleep");
        assertEquals("sleep 30 did not finish within 300 ms and was killed", e.getMessage());
    }

    @Test
    void daemonThatKeepsItsOutputOpenDoesNotHoldTheCaller() throws Exception {
        // Like bindfs: the program exits while a child it forked lives on with the same stdout.
        HostCommand.Result result = HostCommand.run(Duration.ofSeconds(10),
                List.of("sh", "-c", "sleep 5 & echo started"));

        assertEquals("started", result.output());
    }

    @Test
    void missingProgramIsReportedByName() {
        IOException e = assertThrows(IOException.class,
                () -> HostCommand.run(Duration.ofSeconds(10), List.of("no-such-program-qd")));

        assertTrue(e.getMessage().startsWith("cannot run no-such-program-qd (is it installed?)"), e.getMessage());
    }
}
