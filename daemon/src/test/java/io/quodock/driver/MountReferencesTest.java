package io.quodock.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MountReferencesTest {
    private static final Instant T1 = Instant.parse("2026-01-01T10:00:00Z");
    private static final Instant T2 = Instant.parse("2026-01-01T11:00:00Z");
    private static final Instant T3 = Instant.parse("2026-01-01T12:00:00Z");

    @Test
    void sameIdMountedTwiceNeedsTwoUnmounts() {
        MountReferences twice = MountReferences.NONE.add("c1", T1).add("c1", T2);
        assertEquals(2, twice.total());

        MountReferences once = twice.remove("c1");
        assertTrue(once.contains("c1"));
        assertEquals(1, once.total());
        assertFalse(once.isEmpty());

        MountReferences none = once.remove("c1");
        assertFalse(none.contains("c1"));
        assertEquals(0, none.total());
        assertTrue(none.isEmpty());
        assertEquals(MountReferences.NONE, none);
    }

    @Test
    void totalCountsEveryMountOfEveryId() {
        MountReferences refs = MountReferences.NONE.add("c1", T1).add("c2", T2).add("c1", T3);

        assertEquals(3, refs.total());
        assertEquals(2, refs.byId().size());
        assertEquals(2, refs.byId().get("c1").count());
        assertEquals(1, refs.byId().get("c2").count());
    }

    @Test
    void sinceIsKeptFromTheFirstMountOfAnId() {
        MountReferences refs = MountReferences.NONE.add("c1", T1).add("c1", T2).add("c1", T3).remove("c1");

        assertEquals(new MountReferences.Reference(2, T1), refs.byId().get("c1"));
    }

    @Test
    void removeOfAnIdThatIsNotMountedIsRefused() {
        MountReferences refs = MountReferences.NONE.add("c1", T1);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> refs.remove("c2"));

        assertTrue(e.getMessage().contains("c2"), e.getMessage());
        assertEquals(1, refs.total());
    }

    @Test
    void changesReturnNewValuesAndLeaveTheOriginalAlone() {
        MountReferences one = MountReferences.NONE.add("c1", T1);
        MountReferences two = one.add("c1", T2);
        one.remove("c1");

        assertEquals(1, one.total());
        assertEquals(2, two.total());
        assertTrue(MountReferences.NONE.isEmpty());
    }

    @Test
    void byIdCannotBeModified() {
        MountReferences refs = MountReferences.NONE.add("c1", T1);

        assertThrows(UnsupportedOperationException.class,
                () -> refs.byId().put("c2", new MountReferences.Reference(1, T2)));
        assertThrows(UnsupportedOperationException.class, () -> refs.byId().remove("c1"));
        assertEquals(1, refs.total());
    }

    @Test
    void ofCopiesTheGivenMap() {
        Map<String, MountReferences.Reference> source = new LinkedHashMap<>();
        source.put("c1", new MountReferences.Reference(2, T1));
        MountReferences refs = MountReferences.of(source);

        source.put("c2", new MountReferences.Reference(1, T2));

        assertEquals(2, refs.total());
        assertFalse(refs.contains("c2"));
    }

    @Test
    void ofAnEmptyMapIsNone() {
        assertSame(MountReferences.NONE, MountReferences.of(Map.of()));
    }

    @Test
    void referenceRefusesNonPositiveCountsAndMissingSince() {
        assertThrows(IllegalArgumentException.class, () -> new MountReferences.Reference(0, T1));
        assertThrows(IllegalArgumentException.class, () -> new MountReferences.Reference(-1, T1));
        assertThrows(NullPointerException.class, () -> new MountReferences.Reference(1, null));
    }
}
