package io.quodock.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class VolumeNameTest {
    private static final String RULE = "[a-zA-Z0-9][a-zA-Z0-9_.-]*";

    @ParameterizedTest
    @ValueSource(strings = {"a", "Z", "7", "myvol", "my-vol", "my_vol", "my.vol", "0ab-C_d.e", "a..b", "a-", "a_"})
    void namesMatchingDockersRuleAreAccepted(String name) {
        assertEquals(name, VolumeName.require(name));
        assertTrue(VolumeName.isValid(name));
        assertNull(VolumeName.problem(name));
    }

    @Test
    void nameOf255BytesIsAccepted() {
        String name = "v".repeat(VolumeName.MAX_BYTES);

        assertEquals(name, VolumeName.require(name));
    }

    @Test
    void nameOf256BytesIsRefusedWithTheLimit() {
        DriverException e = refused("v".repeat(256));

        assertTrue(e.getMessage().contains("256 bytes"), e.getMessage());
        assertTrue(e.getMessage().contains("at most 255"), e.getMessage());
    }

    @Test
    void lengthIsCountedInBytesNotCharacters() {
        // 128 two-byte characters: under 255 characters, over 255 bytes.
        DriverException e = refused("é".repeat(128));

        assertTrue(e.getMessage().contains("256 bytes"), e.getMessage());
    }

    @ParameterizedTest
    @NullAndEmptySource
    void missingNameIsRefusedSayingWhatIsAllowed(String name) {
        DriverException e = refused(name);

        assertTrue(e.getMessage().contains("empty"), e.getMessage());
        assertTrue(e.getMessage().contains(RULE), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"..", ".", ".hidden", "-vol", "_vol", "a b", "vol:1", "völ", "卷", "a\\b"})
    void namesOutsideDockersRuleAreRefusedSayingWhatIsAllowed(String name) {
        DriverException e = refused(name);

        assertTrue(e.getMessage().contains("'" + name + "'"), e.getMessage());
        assertTrue(e.getMessage().contains(RULE), e.getMessage());
        assertFalse(e.getMessage().contains("subdirs"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"a/b", "/abs", "vol/", "../x"})
    void nameWithSlashIsRefusedPointingToTheSubdirsOption(String name) {
        DriverException e = refused(name);

        assertTrue(e.getMessage().contains(RULE), e.getMessage());
        assertTrue(e.getMessage().contains("subdirs option"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"a\0b", "a\nb", "vol\n", "\0"})
    void controlCharactersAreRefusedAndShownEscapedOnOneLine(String name) {
        DriverException e = refused(name);

        assertTrue(e.getMessage().contains(RULE), e.getMessage());
        assertTrue(e.getMessage().contains("\\x"), e.getMessage());
        assertTrue(e.getMessage().chars().noneMatch(c -> c < 0x20), e.getMessage());
    }

    @Test
    void isValidAgreesWithTheByteLimit() {
        String longest = "v".repeat(VolumeName.MAX_BYTES);

        assertEquals(VolumeName.MAX_BYTES, longest.getBytes(StandardCharsets.UTF_8).length);
        assertTrue(VolumeName.isValid(longest));
        assertFalse(VolumeName.isValid(longest + "v"));
    }

    private static DriverException refused(String name) {
        assertFalse(VolumeName.isValid(name));
        DriverException e = assertThrows(DriverException.class, () -> VolumeName.require(name));
        assertEquals(DriverException.Kind.INVALID, e.kind());
        assertEquals(e.getMessage(), VolumeName.problem(name));
        return e;
    }
}
