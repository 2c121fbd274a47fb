package io.quodock.ui.admin;

import io.quodock.client.AdminException;
import io.quodock.client.DaemonUnreachableException;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class AdminCallsTest {
    @Test
    void aRefusalReadsAsWhatWasTriedAndTheDaemonsWords() {
        assertEquals("Could not remove volume vol: volume vol is in use",
                AdminCalls.describe("remove volume vol", new AdminException(400, "in_use", "volume vol is in use")));
    }

    @Test
    void anUnreachableDaemonSaysTheConsoleWillAttachAgain() {
        assertEquals("Could not create volume v: no quodock daemon answers on /s (connection refused): start it with"
                        + " `quodock daemon`, or give the socket it uses with --admin-socket; the console attaches again"
                        + " when it is back",
                AdminCalls.describe("create volume v", new DaemonUnreachableException(Path.of("/s"), "connection refused")));
    }

    @Test
    void aFailureWithoutMessageIsNamedByItsKindNotByAStackTrace() {
        assertEquals("Could not start the daemon: NullPointerException",
                AdminCalls.describe("start the daemon", new NullPointerException()));
    }
}
