package io.quodock.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quodock.backend.LocalBackend;
import io.quodock.mount.BindfsViews;
import io.quodock.state.DurableStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The core's listener mechanism, reference dropping for reconciliation, health and error counting. */
class VolumeServiceEventsTest {
    @TempDir
    Path dir;

    private DurableStore store;
    private VolumeService service;
    private LocalBackend backend;
    private final List<VolumeEvent> events = new ArrayList<>();

    @BeforeEach
    void open() throws Exception {
        start();
    }

    @AfterEach
    void close() throws Exception {
        service.close();
        store.close();
    }

    private void start() throws Exception {
        store = DurableStore.open(dir.resolve("state"), 1 << 20);
        backend = new LocalBackend(dir.resolve("volumes"), new BindfsViews(dir.resolve("run/fixed")));
        backend.start();
        service = new VolumeService(backend, store, Duration.ofSeconds(10), Clock.systemUTC());
        service.addListener(events::add);
    }

    @Test
    void everyChangeIsReportedInOrderOnceItIsDurable() {
        List<Long> durableChangesSeen = new ArrayList<>();
        service.addListener(event -> durableChangesSeen.add(service.stateStats().changes()));

        service.create("web", Map.of());
        service.mount("web", "m1");
        service.mount("web", "m1");
        service.unmount("web", "m1");
        service.unmount("web", "m1");
        service.remove("web");

        assertEquals(List.of(VolumeEvent.Type.CREATED, VolumeEvent.Type.MOUNTED, VolumeEvent.Type.MOUNTED,
                VolumeEvent.Type.UNMOUNTED, VolumeEvent.Type.UNMOUNTED, VolumeEvent.Type.REMOVED),
                events.stream().map(VolumeEvent::type).toList());
        assertEquals(List.of(0, 1, 2, 1, 0, 0), events.stream().map(e -> e.volume().mounts().total()).toList());
        assertEquals("m1", events.get(1).mountId());
        assertNull(events.get(0).mountId());
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L), durableChangesSeen, "each event follows its own durable write");
    }

    @Test
    void fixedUserChangesAreReportedAsMappingChanged() {
        service.create("web", Map.of());
        service.setFixedUser("web", "65534", "65534");
        service.setFixedUser("web", "65534", "65534"); // no change, no event
        service.clearFixedUser("web");

        assertEquals(List.of(VolumeEvent.Type.CREATED, VolumeEvent.Type.MAPPING_CHANGED, VolumeEvent.Type.MAPPING_CHANGED),
                events.stream().map(VolumeEvent::type).toList());
        assertEquals("65534:65534", events.get(1).volume().fixedUser().current().toString());
        assertNull(events.get(2).volume().fixedUser().current());
    }

    @Test
    void failedChangeIsNotReported() {
        assertThrows(DriverException.class, () -> service.mount("missing", "m1"));
        assertThrows(DriverException.class, () -> service.create("bad/name", Map.of()));

        assertEquals(List.of(), events);
    }

    @Test
    void throwingListenerNeitherFailsTheChangeNorSilencesOthers() {
        List<VolumeEvent> after = new ArrayList<>();
        service.addListener(event -> {
            throw new IllegalStateException("listener bug");
        });
        service.addListener(after::add);

        service.create("web", Map.of());

        assertTrue(service.get("web").isPresent());
        assertEquals(1, after.size());
    }

    @Test
    void removedListenerHearsNothingMore() {
        List<VolumeEvent> heard = new ArrayList<>();
        VolumeListener listener = heard::add;
        service.addListener(listener);
        service.create("a", Map.of());
        service.removeListener(listener);
        service.create("b", Map.of());

        assertEquals(1, heard.size());
    }

    @Test
    void dropReferencesDropsOnlyTheGivenIdsDurably() throws Exception {
        service.create("web", Map.of());
        service.mount("web", "stale");
        service.mount("web", "stale");
        service.mount("web", "live");

        Set<String> dropped = service.dropReferences("web", Set.of("stale", "never-mounted"));

        assertEquals(Set.of("stale"), dropped);
        assertEquals(Set.of("live"), service.get("web").orElseThrow().mounts().byId().keySet());
        VolumeEvent last = events.get(events.size() - 1);
        assertEquals(VolumeEvent.Type.REFERENCES_DROPPED, last.type());
        assertEquals(1, last.volume().mounts().total());

        close();
        start();
        assertEquals(Set.of("live"), service.get("web").orElseThrow().mounts().byId().keySet());
    }

    @Test
    void droppingIdsTheVolumeDoesNotHoldChangesNothing() {
        service.create("web", Map.of());
        service.mount("web", "live");
        long changes = service.stateStats().changes();

        assertEquals(Set.of(), service.dropReferences("web", Set.of("gone")));

        assertEquals(changes, service.stateStats().changes());
        assertEquals(VolumeEvent.Type.MOUNTED, events.get(events.size() - 1).type());
    }

    @Test
    void volumeWithAllReferencesDroppedCanBeRemoved() {
        service.create("web", Map.of());
        service.mount("web", "stale");
        assertThrows(DriverException.class, () -> service.remove("web"));

        service.dropReferences("web", Set.of("stale"));
        service.remove("web");

        assertFalse(service.get("web").isPresent());
    }

    @Test
    void healthChangeIsReportedOnceWhenItHappens() throws Exception {
        service.checkHealth();
        assertEquals(List.of(), events, "the first check only takes note");

        Files.delete(dir.resolve("volumes"));
        service.checkHealth();
        service.checkHealth();

        assertEquals(1, events.size());
        VolumeEvent event = events.get(0);
        assertEquals(VolumeEvent.Type.HEALTH_CHANGED, event.type());
        assertEquals(false, event.health().get("rootWritable"));
        assertNull(event.name());
    }

    @Test
    void backendFailuresAreCounted() throws Exception {
        service.create("web", Map.of());
        Files.delete(dir.resolve("volumes").resolve("web"));

        DriverException failure = assertThrows(DriverException.class, () -> service.mount("web", "m1"));

        assertEquals(DriverException.Kind.BACKEND, failure.kind());
        assertEquals(1, service.backendErrors());
        assertThrows(DriverException.class, () -> service.unmount("web", "m1"));
        assertEquals(1, service.backendErrors(), "a not-found is no backend error");
    }
}
