package io.quodock.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class FixedUserMappingTest {
    private static final FixedUser.Method BINDFS = FixedUser.Method.BINDFS;
    private static final FixedUser ALICE = new FixedUser("alice", "staff");
    private static final FixedUser BOB = new FixedUser("1001", "1001");

    @Test
    void changeWhileNotMountedTakesEffectAtOnce() {
        FixedUserMapping mapping = FixedUserMapping.of(ALICE, BINDFS).change(BOB, BINDFS, false);

        assertEquals(BOB, mapping.current());
        assertFalse(mapping.pending());
    }

    @Test
    void changeWhileMountedWaitsAndKeepsTheMappingInEffect() {
        FixedUserMapping mapping = FixedUserMapping.of(ALICE, BINDFS).change(BOB, BINDFS, true);

        assertEquals(ALICE, mapping.current());
        assertEquals(BOB, mapping.next());
        assertTrue(mapping.pending());
    }

    @Test
    void removalWhileMountedWaitsToo() {
        FixedUserMapping mapping = FixedUserMapping.of(ALICE, BINDFS).change(null, BINDFS, true);

        assertEquals(ALICE, mapping.current());
        assertNull(mapping.next());
        assertTrue(mapping.pending());
    }

    @Test
    void changingBackToTheMappingInEffectCancelsTheWaitingChange() {
        FixedUserMapping mapping = FixedUserMapping.of(ALICE, BINDFS).change(BOB, BINDFS, true).change(ALICE, BINDFS, true);

        assertEquals(FixedUserMapping.of(ALICE, BINDFS), mapping);
    }

    @Test
    void applyingAWaitingChangePutsItInEffect() {
        FixedUserMapping applied = FixedUserMapping.of(ALICE, BINDFS).change(BOB, BINDFS, true).applyPending();

        assertEquals(FixedUserMapping.of(BOB, BINDFS), applied);
    }

    @Test
    void applyingAWaitingRemovalLeavesNoMappingAndNoMethod() {
        FixedUserMapping applied = FixedUserMapping.of(ALICE, BINDFS).change(null, BINDFS, true).applyPending();

        assertSame(FixedUserMapping.NONE, applied);
    }

    @Test
    void mappingWithoutMethodIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new FixedUserMapping(ALICE, ALICE, null));
    }
}
