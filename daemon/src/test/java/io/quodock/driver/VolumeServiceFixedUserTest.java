package io.quodock.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quodock.backend.LocalBackend;
import io.quodock.mount.BindfsViews;
import io.quodock.state.DurableStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fixed-user mappings through the driver core on the local backend, with the host's real user database
 * (root and nobody/nogroup exist on every Debian host). Nothing here mounts a view: volumes with a
 * mapping in effect are never mounted, so no FUSE is needed (FixedUserViewsIT mounts them).
 */
class VolumeServiceFixedUserTest {
    private static final String ID1 = "a".repeat(64);
    private static final String ID2 = "b".repeat(64);

    @TempDir
    Path dir;
    private DurableStore store;
    private VolumeService service;

    @BeforeEach
    void start() throws Exception {
        open();
    }

    @AfterEach
    void stop() throws Exception {
        close();
    }

    @Test
    void fixedUserAndGroupAreStoredAndShownInStatus() {
        service.create("db", Map.of("fixed_user", "1234", "fixed_group", "2345"));

        Map<String, Object> status = service.get("db").orElseThrow().status();

        assertEquals("1234:2345", status.get("fixedUser"));
        assertEquals("bindfs", status.get("fixedUserMethod"));
        assertFalse(status.containsKey("fixedUserPending"));
    }

    @Test
    void fixedUserAloneMapsToThatUsersPrimaryGroup() {
        service.create("db", Map.of("fixed_user", "nobody"));

        assertEquals(new FixedUser("nobody", "nogroup"), service.get("db").orElseThrow().fixedUser().current());
    }

    @Test
    void fixedGroupAloneMapsTheVolumeOwner() {
        service.create("owned", Map.of("user", "nobody", "fixed_group", "nogroup"));
        service.create("daemons", Map.of("fixed_group", "2345"));

        assertEquals(new FixedUser("nobody", "nogroup"), service.get("owned").orElseThrow().fixedUser().current());
        assertEquals(new FixedUser(System.getProperty("user.name"), "2345"),
                service.get("daemons").orElseThrow().fixedUser().current());
    }

    @Test
    void unknownFixedUserIsRefusedAndCreatesNothing() {
        DriverException e = assertThrows(DriverException.class,
                () -> service.create("db", Map.of("fixed_user", "no-such-user-qd")));

        assertEquals(DriverException.Kind.INVALID, e.kind());
        assertEquals("fixed_user 'no-such-user-qd' is not a user on this host (getent passwd finds nothing):"
                + " create it, or give a numeric uid", e.getMessage());
        assertTrue(service.get("db").isEmpty());
        assertFalse(Files.exists(dir.resolve("volumes/db")));
    }

    @Test
    void unknownFixedGroupIsRefused() {
        DriverException e = assertThrows(DriverException.class,
                () -> service.create("db", Map.of("fixed_user", "1234", "fixed_group", "no-such-group-qd")));

        assertEquals(DriverException.Kind.INVALID, e.kind());
        assertTrue(e.getMessage().startsWith("fixed_group 'no-such-group-qd' is not a group on this host"), e.getMessage());
        assertTrue(service.get("db").isEmpty());
    }

    @Test
    void numericFixedUserWithoutAnEntryNeedsAFixedGroup() {
        DriverException e = assertThrows(DriverException.class,
                () -> service.create("db", Map.of("fixed_user", "4000000000")));

        assertEquals("fixed_user 4000000000 has no entry in the host's user database, so it has no primary group:"
                + " give fixed_group as well", e.getMessage());
    }

    @Test
    void malformedFixedUserIsRefusedBeforeAnyLookup() {
        DriverException e = assertThrows(DriverException.class,
                () -> service.create("db", Map.of("fixed_user", "mysql#1@other")));

        assertTrue(e.getMessage().startsWith("fixed_user 'mysql#1@other' is invalid"), e.getMessage());
    }

    @Test
    void mappingSurvivesARestart() throws Exception {
        service.create("db", Map.of("fixed_user", "root"));

        close();
        open();

        assertEquals(FixedUserMapping.of(new FixedUser("root", "root"), FixedUser.Method.BINDFS),
                service.get("db").orElseThrow().fixedUser());
    }

    @Test
    void changeWhileNotMountedTakesEffectAtOnce() {
        service.create("db", Map.of("fixed_user", "root"));

        Volume changed = service.setFixedUser("db", "1234", "2345");

        assertEquals(new FixedUser("1234", "2345"), changed.fixedUser().current());
        assertFalse(changed.fixedUser().pending());
    }

    @Test
    void changeWhileMountedIsPendingDurablyAndLeavesFurtherMountsAlone() throws Exception {
        service.create("db", Map.of());
        String plain = service.mount("db", ID1);

        Volume changed = service.setFixedUser("db", "root", null);
        String second = service.mount("db", ID2);

        assertEquals(plain, second, "a Mount while mounted must not apply a waiting mapping");
        assertEquals("root:root", changed.status().get("fixedUserPending"));
        assertFalse(changed.status().containsKey("fixedUser"));
        close();
        open();
        Map<String, Object> status = service.get("db").orElseThrow().status();
        assertEquals("root:root", status.get("fixedUserPending"));
        assertEquals("bindfs", status.get("fixedUserMethod"));
        service.unmount("db", ID1);
        service.unmount("db", ID2);
        assertTrue(service.get("db").orElseThrow().fixedUser().pending(), "pending until the next first Mount");
    }

    @Test
    void removingAMappingThatOnlyWaitedLeavesNone() {
        service.create("db", Map.of());
        service.mount("db", ID1);
        service.setFixedUser("db", "root", null);

        Volume cleared = service.clearFixedUser("db");

        assertEquals(FixedUserMapping.NONE, cleared.fixedUser());
        service.unmount("db", ID1);
    }

    @Test
    void clearWhileNotMountedRemovesTheMappingFromStatus() {
        service.create("db", Map.of("fixed_user", "root"));

        Volume cleared = service.clearFixedUser("db");

        assertEquals(FixedUserMapping.NONE, cleared.fixedUser());
        assertFalse(cleared.status().containsKey("fixedUser"));
        assertFalse(cleared.status().containsKey("fixedUserMethod"));
    }

    @Test
    void changeToAnUnknownUserChangesNothing() throws Exception {
        service.create("db", Map.of("fixed_user", "root"));
        Volume before = service.get("db").orElseThrow();

        DriverException e = assertThrows(DriverException.class, () -> service.setFixedUser("db", "no-such-user-qd", null));

        assertEquals(DriverException.Kind.INVALID, e.kind());
        close();
        open();
        assertEquals(before, service.get("db").orElseThrow());
    }

    @Test
    void changeWithNeitherUserNorGroupIsRefused() {
        service.create("db", Map.of());

        DriverException e = assertThrows(DriverException.class, () -> service.setFixedUser("db", " ", null));

        assertEquals("a fixed-user mapping needs fixed_user, fixed_group or both", e.getMessage());
    }

    @Test
    void changeOfAnUnknownVolumeIsNotFound() {
        DriverException e = assertThrows(DriverException.class, () -> service.setFixedUser("nope", "root", null));

        assertEquals(DriverException.Kind.NOT_FOUND, e.kind());
    }

    @Test
    void stateDocumentWrittenBeforeMappingsExistedStillLoads() throws Exception {
        JsonNode old = new ObjectMapper().readTree("{\"name\":\"old\",\"backend\":\"local\",\"mountpoint\":\"/v/old\","
                + "\"createdAt\":\"2024-01-02T03:04:05Z\",\"options\":{},\"attributes\":{\"owner\":\"0:0\"},\"mounts\":{}}");

        Volume volume = VolumeCodec.decode(old);

        assertEquals(FixedUserMapping.NONE, volume.fixedUser());
    }

    @Test
    void waitingRemovalRoundTripsThroughTheStateDocument() {
        FixedUserMapping waiting = FixedUserMapping.of(new FixedUser("1234", "2345"), FixedUser.Method.BINDFS)
                .change(null, FixedUser.Method.BINDFS, true);
        service.create("db", Map.of());
        Volume volume = service.get("db").orElseThrow().withFixedUser(waiting);

        assertEquals(volume, VolumeCodec.decode(VolumeCodec.encode(volume)));
    }

    private void open() throws Exception {
        store = DurableStore.open(dir.resolve("state"), 1 << 20);
        LocalBackend backend = new LocalBackend(dir.resolve("volumes"), new BindfsViews(dir.resolve("run/fixed")));
        backend.start();
        service = new VolumeService(backend, store, Duration.ofSeconds(20), Clock.systemUTC());
    }

    private void close() throws Exception {
        service.close();
        store.close();
    }
}
