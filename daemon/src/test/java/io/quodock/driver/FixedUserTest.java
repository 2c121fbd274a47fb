package io.quodock.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FixedUserTest {

    @Test
    void quobytePathIsUserHashGroupAtVolumeUnderTheMount() {
        FixedUser mapping = new FixedUser("mysql", "999");

        Path path = mapping.quobytePath(Path.of("/run/docker/quobyte/mnt"), "dbdata");

        assertEquals(Path.of("/run/docker/quobyte/mnt/mysql#999@dbdata"), path);
    }

    @Test
    void quobytePathRefusesAVolumeNameThatLeavesTheMount() {
        FixedUser mapping = new FixedUser("1234", "2345");

        DriverException e = assertThrows(DriverException.class,
                () -> mapping.quobytePath(Path.of("/mnt/quobyte"), "../etc"));

        assertEquals(DriverException.Kind.INVALID, e.kind());
    }

    @Test
    void numericIdsAreKeptWithoutLeadingZeros() {
        FixedUser mapping = new FixedUser("0999", "000");

        assertEquals(new FixedUser("999", "0"), mapping);
        assertEquals("999:0", mapping.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"a#b", "a@b", "a:b", "a/b", "-o", "", " root", "a b", "4294967295", "99999999999"})
    void userThatCannotBeMappedUnambiguouslyIsRefusedNamingTheOption(String user) {
        DriverException e = assertThrows(DriverException.class, () -> new FixedUser(user, "0"));

        assertEquals(DriverException.Kind.INVALID, e.kind());
        assertTrue(e.getMessage().startsWith("fixed_user '"), e.getMessage());
        assertTrue(e.getMessage().contains("or a numeric uid up to 4294967294"), e.getMessage());
    }

    @Test
    void groupNameLongerThanTheLimitIsRefusedNamingTheOption() {
        DriverException e = assertThrows(DriverException.class, () -> new FixedUser("0", "g".repeat(65)));

        assertTrue(e.getMessage().startsWith("fixed_group '"), e.getMessage());
    }

    @Test
    void nameWithTrailingDollarAsSambaMachineAccountsHaveIsAccepted() {
        assertEquals("host$", new FixedUser("host$", "0").user());
    }

    @Test
    void methodIsReadBackFromItsWireName() {
        assertEquals(FixedUser.Method.QUOBYTE, FixedUser.Method.fromWire("quobyte"));
        assertThrows(IllegalArgumentException.class, () -> FixedUser.Method.fromWire("nfs"));
    }
}
