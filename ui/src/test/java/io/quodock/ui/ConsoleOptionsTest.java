package io.quodock.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConsoleOptionsTest {
    @Test
    void theFlagWinsOverTheEnvironmentWhichWinsOverTheDefault() {
        assertEquals(Path.of("/run/quodock/admin.sock"), ConsoleOptions.parse(List.of(), null).adminSocket());
        assertEquals(Path.of("/tmp/env.sock"), ConsoleOptions.parse(List.of(), "/tmp/env.sock").adminSocket());
        assertEquals(Path.of("/tmp/flag.sock"),
                ConsoleOptions.parse(List.of("--admin-socket", "/tmp/flag.sock"), "/tmp/env.sock").adminSocket());
        assertEquals(Path.of("/tmp/eq.sock"), ConsoleOptions.parse(List.of("--admin-socket=/tmp/eq.sock"), null).adminSocket());
    }

    @Test
    void anUnknownArgumentIsRefusedWithWhatIsAccepted() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ConsoleOptions.parse(List.of("--socket", "/x"), null));
        assertEquals("unknown argument '--socket': the console takes --admin-socket PATH (default $QUODOCK_ADMIN_SOCKET,"
                + " else /run/quodock/admin.sock)", e.getMessage());
    }
}
