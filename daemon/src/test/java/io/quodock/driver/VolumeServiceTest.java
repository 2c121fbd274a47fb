package io.quodock.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quodock.backend.LocalBackend;
import io.quodock.mount.BindfsViews;
import io.quodock.state.DurableStore;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The driver core on a real {@link LocalBackend} and a real {@link DurableStore} in a temporary directory. */
class VolumeServiceTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final Duration SHORT_TIMEOUT = Duration.ofMillis(300);
    /** Docker's mount IDs are 64 hex digits; errors show the first 12. */
    private static final String ID_A = "0123456789ab" + "c".repeat(52);
    private static final String ID_B = "fedcba987654" + "3".repeat(52);

    @TempDir
    Path tmp;

    private Path root;
    private Path stateDir;
    private final Clock clock = new SteppingClock();
    private final List<GatedBackend> gates = new ArrayList<>();
    private final ExecutorService callers = Executors.newCachedThreadPool();
    private DurableStore store;
    private VolumeService service;

    @BeforeEach
    void startService() throws Exception {
        root = tmp.resolve("volumes");
        stateDir = tmp.resolve("state");
        start(local(), TIMEOUT);
    }

    @AfterEach
    void stopService() throws Exception {
        gates.forEach(GatedBackend::open);
        callers.shutdownNow();
        stop();
    }

    @Test
    void createdVolumeIsListedWithItsDirectory() {
        service.create("v1", null);

        Volume volume = service.get("v1").orElseThrow();
        assertEquals("v1", volume.name());
        assertEquals(LocalBackend.NAME, volume.backend());
        assertEquals(root.resolve("v1").toString(), volume.mountpoint());
        assertTrue(Files.isDirectory(root.resolve("v1")));
        assertTrue(volume.mounts().isEmpty());
        assertEquals(List.of("v1"), names(service));
        assertEquals(root.resolve("v1").toString(), service.path("v1"));
    }

    @Test
    void getOfAnUnknownVolumeIsEmptyAndPathIsNotFound() {
        assertTrue(service.get("ghost").isEmpty());
        assertTrue(service.get(null).isEmpty());
        assertEquals(DriverException.Kind.NOT_FOUND,
                assertThrows(DriverException.class, () -> service.path("ghost")).kind());
    }

    @Test
    void createAgainWithTheSameOptionsChangesNothing() {
        service.create("v1", Map.of("subdirs", "data"));
        Volume first = service.get("v1").orElseThrow();

        service.create("v1", Map.of("subdirs", " data/ "));

        assertEquals(first, service.get("v1").orElseThrow());
        assertEquals(List.of("v1"), names(service));
    }

    @Test
    void createAgainWithOtherOptionsIsRefusedAndKeepsTheVolume() {
        service.create("v1", Map.of("subdirs", "data"));
        Volume first = service.get("v1").orElseThrow();

        DriverException e = assertThrows(DriverException.class,
                () -> service.create("v1", Map.of("subdirs", "logs")));

        assertEquals(DriverException.Kind.INVALID, e.kind());
        assertTrue(e.getMessage().contains("already exists"), e.getMessage());
        assertEquals(first, service.get("v1").orElseThrow());
        assertFalse(Files.exists(root.resolve("v1/logs")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"a/b", "../escape", ".hidden", ""})
    void createWithABadNameChangesNothing(String name) throws Exception {
        DriverException e = assertThrows(DriverException.class, () -> service.create(name, null));

        assertEquals(DriverException.Kind.INVALID, e.kind());
        assertEquals(List.of(), entries(root));
        assertFalse(Files.exists(tmp.resolve("escape")));
        assertEquals(List.of(), names(restart()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"size", "tenant_id", "configuration_name"})
    void createWithAnOptionTheBackendDoesNotTakeChangesNothing(String key) throws Exception {
        DriverException e = assertThrows(DriverException.class, () -> service.create("v1", Map.of(key, "x")));

        assertEquals(DriverException.Kind.INVALID, e.kind());
        assertTrue(e.getMessage().contains("'" + key + "'"), e.getMessage());
        assertFalse(Files.exists(root.resolve("v1")));
        assertEquals(List.of(), names(restart()));
    }

    @Test
    void mountReturnsTheVolumeDirectory() {
        service.create("v1", null);

        String path = service.mount("v1", ID_A);

        assertEquals(root.resolve("v1").toString(), path);
        assertTrue(Files.isDirectory(Path.of(path)));
        assertEquals(path, service.path("v1"));
        assertEquals(1, service.get("v1").orElseThrow().mounts().total());
    }

    @Test
    void sameIdMountedTwiceNeedsTwoUnmounts() {
        service.create("v1", null);
        service.mount("v1", ID_A);
        service.mount("v1", ID_A);
        assertEquals(2, refs("v1").total());

        service.unmount("v1", ID_A);
        assertEquals(1, refs("v1").total());
        assertEquals(DriverException.Kind.IN_USE,
                assertThrows(DriverException.class, () -> service.remove("v1")).kind());

        service.unmount("v1", ID_A);
        assertTrue(refs("v1").isEmpty());
        assertEquals(DriverException.Kind.NOT_FOUND,
                assertThrows(DriverException.class, () -> service.unmount("v1", ID_A)).kind());
        service.remove("v1");
        assertTrue(service.get("v1").isEmpty());
    }

    @Test
    void removeIsRefusedWhileInUseNamingTheMountId() throws Exception {
        service.create("v1", null);
        service.mount("v1", ID_A);

        DriverException e = assertThrows(DriverException.class, () -> service.remove("v1"));

        assertEquals(DriverException.Kind.IN_USE, e.kind());
        assertTrue(e.getMessage().contains(ID_A.substring(0, 12)), e.getMessage());
        assertTrue(service.get("v1").isPresent());
        assertTrue(Files.isDirectory(root.resolve("v1")));

        service.unmount("v1", ID_A);
        service.remove("v1");
        assertTrue(service.get("v1").isEmpty());
        assertFalse(Files.exists(root.resolve("v1")));
        assertEquals(List.of(), names(restart()));
    }

    @Test
    void removeOfAnUnknownVolumeDoesNothing() {
        service.create("v1", null);

        service.remove("ghost");

        assertEquals(List.of("v1"), names(service));
    }

    @Test
    void unmountOfAnUnknownIdIsNotFoundAndChangesNothing() throws Exception {
        service.create("v1", null);
        service.mount("v1", ID_A);
        MountReferences before = refs("v1");

        DriverException e = assertThrows(DriverException.class, () -> service.unmount("v1", ID_B));

        assertEquals(DriverException.Kind.NOT_FOUND, e.kind());
        assertEquals(before, refs("v1"));
        restart();
        assertEquals(before, refs("v1"));
    }

    @Test
    void mountAndUnmountOfAnUnknownVolumeAreNotFound() throws Exception {
        DriverException mount = assertThrows(DriverException.class, () -> service.mount("ghost", ID_A));
        DriverException unmount = assertThrows(DriverException.class, () -> service.unmount("ghost", ID_A));

        assertEquals(DriverException.Kind.NOT_FOUND, mount.kind());
        assertTrue(mount.getMessage().contains("ghost"), mount.getMessage());
        assertEquals(DriverException.Kind.NOT_FOUND, unmount.kind());
        assertTrue(service.get("ghost").isEmpty());
        assertEquals(List.of(), entries(root));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "id with spaces", "id\nnewline"})
    void mountWithoutAUsableIdIsRefused(String id) {
        service.create("v1", null);

        assertEquals(DriverException.Kind.INVALID,
                assertThrows(DriverException.class, () -> service.mount("v1", id)).kind());
        assertTrue(refs("v1").isEmpty());
    }

    @Test
    void volumesAndReferencesSurviveARestart() throws Exception {
        service.create("v1", Map.of("subdirs", "data"));
        service.create("v2", null);
        service.mount("v1", ID_A);
        service.mount("v1", ID_B);
        service.mount("v1", ID_A);
        Volume v1 = service.get("v1").orElseThrow();
        Volume v2 = service.get("v2").orElseThrow();
        Instant sinceA = v1.mounts().byId().get(ID_A).since();

        restart();

        assertEquals(List.of("v1", "v2"), names(service));
        assertEquals(v1, service.get("v1").orElseThrow());
        assertEquals(v2, service.get("v2").orElseThrow());
        assertEquals(new MountReferences.Reference(2, sinceA), refs("v1").byId().get(ID_A));
        assertEquals(1, refs("v1").byId().get(ID_B).count());
        assertEquals(3, refs("v1").total());
        // The reloaded references still count: two Unmounts of A, one of B, then Remove works.
        service.unmount("v1", ID_A);
        service.unmount("v1", ID_B);
        service.unmount("v1", ID_A);
        service.remove("v1");
        assertEquals(List.of("v2"), names(restart()));
    }

    @Test
    void operationsOnDifferentVolumesRunInParallel() throws Exception {
        service.create("b", null);
        GatedBackend backend = gated("a", GatedBackend.Call.CREATE);
        restart(backend, TIMEOUT);
        Future<?> createA = callers.submit(() -> service.create("a", null));
        backend.awaitEntered(5);

        String path = service.mount("b", ID_A);
        service.unmount("b", ID_A);
        service.create("c", null);

        assertEquals(root.resolve("b").toString(), path);
        assertTrue(service.get("c").isPresent());
        assertFalse(createA.isDone(), "create of a finished while its backend call was held");
        backend.open();
        createA.get(5, TimeUnit.SECONDS);
        assertTrue(service.get("a").isPresent());
    }

    @Test
    void operationsOnOneVolumeWaitForEachOther() throws Exception {
        GatedBackend backend = gated("a", GatedBackend.Call.CREATE);
        restart(backend, TIMEOUT);
        Future<?> createA = callers.submit(() -> service.create("a", null));
        backend.awaitEntered(5);

        // Run beside the create, the Mount would fail at once: the volume does not exist yet.
        Future<String> mountA = callers.submit(() -> service.mount("a", ID_A));
        assertThrows(TimeoutException.class, () -> mountA.get(200, TimeUnit.MILLISECONDS));

        backend.open();
        createA.get(5, TimeUnit.SECONDS);
        assertEquals(root.resolve("a").toString(), mountA.get(5, TimeUnit.SECONDS));
        assertEquals(1, refs("a").total());
    }

    @Test
    void hangingBackendCallTimesOutWhileGetAndListStillAnswer() throws Exception {
        service.create("slow", null);
        service.create("other", null);
        GatedBackend backend = gated("slow", GatedBackend.Call.ATTACH);
        restart(backend, SHORT_TIMEOUT);

        long started = System.nanoTime();
        DriverException e = assertThrows(DriverException.class, () -> service.mount("slow", ID_A));
        Duration waited = Duration.ofNanos(System.nanoTime() - started);

        assertEquals(DriverException.Kind.TIMEOUT, e.kind());
        assertTrue(e.getMessage().contains("mount slow"), e.getMessage());
        assertTrue(waited.compareTo(SHORT_TIMEOUT) >= 0, "gave up after " + waited.toMillis() + " ms");
        assertTrue(waited.compareTo(SHORT_TIMEOUT.plusSeconds(1)) < 0, "gave up after " + waited.toMillis() + " ms");
        // The attach is still hanging: answers from state must not wait for it.
        assertTimeoutPreemptively(Duration.ofSeconds(1), () -> {
            assertTrue(service.get("slow").orElseThrow().mounts().isEmpty());
            assertTrue(service.get("other").isPresent());
            assertEquals(List.of("other", "slow"), names(service));
            assertEquals(root.resolve("other").toString(), service.path("other"));
        });
    }

    @Test
    void mountAbandonedAfterTheTimeoutLeavesNoReferenceWhenItFinishes() throws Exception {
        service.create("slow", null);
        GatedBackend backend = gated("slow", GatedBackend.Call.ATTACH);
        restart(backend, SHORT_TIMEOUT);
        assertEquals(DriverException.Kind.TIMEOUT,
                assertThrows(DriverException.class, () -> service.mount("slow", ID_A)).kind());

        backend.open();
        // Operations on one volume are serialized, so this answer comes after the abandoned Mount finished.
        assertEquals(DriverException.Kind.NOT_FOUND,
                assertThrows(DriverException.class, () -> service.unmount("slow", ID_A)).kind());

        assertTrue(refs("slow").isEmpty());
        assertEquals(1, backend.attaches());
        assertEquals(1, backend.detaches(), "what the abandoned attach set up was not released");
        restart();
        assertTrue(refs("slow").isEmpty());
        assertEquals(root.resolve("slow").toString(), service.mount("slow", ID_B));
        assertEquals(Map.of(ID_B, 1), counts(refs("slow")));
    }

    @Test
    void userAndGroupNamesSetTheOwnerOfTheVolumeAndItsSubdirs() throws Exception {
        // Tests run as root (here and in CI), which may chown; nobody:nogroup is 65534:65534 on Debian.
        service.create("owned", Map.of("user", "nobody", "group", "nogroup", "subdirs", "data"));

        assertEquals("65534:65534", owner(root.resolve("owned")));
        assertEquals("65534:65534", owner(root.resolve("owned/data")));
        assertEquals("65534:65534", service.get("owned").orElseThrow().attributes().get("owner"));
    }

    @Test
    void numericUserAndGroupSetTheOwner() throws Exception {
        service.create("owned", Map.of("user", "4242", "group", "4343"));

        assertEquals("4242:4343", owner(root.resolve("owned")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"user", "group"})
    void unknownOwnerIsRefusedAndNothingIsCreated(String key) throws Exception {
        DriverException e = assertThrows(DriverException.class,
                () -> service.create("v1", Map.of(key, "no-such-quodock-principal")));

        assertEquals(DriverException.Kind.INVALID, e.kind());
        assertTrue(e.getMessage().contains("no " + key + " 'no-such-quodock-principal'"), e.getMessage());
        assertFalse(Files.exists(root.resolve("v1")));
        assertTrue(service.get("v1").isEmpty());
        assertEquals(List.of(), names(restart()));
    }

    @Test
    void subdirsAreCreatedInsideTheVolume() {
        service.create("v1", Map.of("subdirs", "data,logs/app"));

        assertTrue(Files.isDirectory(root.resolve("v1/data"), LinkOption.NOFOLLOW_LINKS));
        assertTrue(Files.isDirectory(root.resolve("v1/logs/app"), LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void existingDirectoryIsAdoptedWithItsContent() throws Exception {
        Files.createDirectories(root.resolve("v1"));
        Files.writeString(root.resolve("v1/kept"), "from an earlier create");

        service.create("v1", null);

        assertTrue(service.get("v1").isPresent());
        assertEquals("from an earlier create", Files.readString(root.resolve("v1/kept")));
    }

    @Test
    void symlinkInsideAnAdoptedVolumeDirectoryIsNotFollowed() throws Exception {
        Path outside = Files.createDirectories(tmp.resolve("outside"));
        Files.createDirectories(root.resolve("v1"));
        Files.createSymbolicLink(root.resolve("v1/link"), outside);

        DriverException e = assertThrows(DriverException.class,
                () -> service.create("v1", Map.of("subdirs", "link/escaped")));

        assertEquals(DriverException.Kind.BACKEND, e.kind());
        assertTrue(e.getMessage().contains("symbolic link"), e.getMessage());
        assertEquals(List.of(), entries(outside));
        assertTrue(service.get("v1").isEmpty());
        assertEquals(List.of(), names(restart()));
    }

    @Test
    void volumeDirectoryThatIsASymlinkIsNotAdopted() throws Exception {
        Path outside = Files.createDirectories(tmp.resolve("outside"));
        Files.createDirectories(root);
        Files.createSymbolicLink(root.resolve("v1"), outside);

        DriverException e = assertThrows(DriverException.class,
                () -> service.create("v1", Map.of("subdirs", "data")));

        assertEquals(DriverException.Kind.BACKEND, e.kind());
        assertTrue(e.getMessage().contains("not a directory"), e.getMessage());
        assertEquals(List.of(), entries(outside));
        assertTrue(service.get("v1").isEmpty());
    }

    private void start(Backend backend, Duration timeout) throws Exception {
        store = DurableStore.open(stateDir, 1 << 20);
        service = new VolumeService(backend, store, timeout, clock);
    }

    private void stop() throws Exception {
        service.close();
        store.close();
    }

    /** Closes service and store, then opens new ones on the same directories, as a daemon restart does. */
    private VolumeService restart(Backend backend, Duration timeout) throws Exception {
        stop();
        start(backend, timeout);
        return service;
    }

    private VolumeService restart() throws Exception {
        return restart(local(), TIMEOUT);
    }

    private LocalBackend local() throws Exception {
        LocalBackend backend = new LocalBackend(root, new BindfsViews(tmp.resolve("run/fixed")));
        backend.start();
        return backend;
    }

    private GatedBackend gated(String volume, GatedBackend.Call call) throws Exception {
        GatedBackend backend = new GatedBackend(local(), volume, call);
        gates.add(backend);
        return backend;
    }

    private MountReferences refs(String volume) {
        return service.get(volume).orElseThrow().mounts();
    }

    private static Map<String, Integer> counts(MountReferences refs) {
        Map<String, Integer> counts = new TreeMap<>();
        refs.byId().forEach((id, ref) -> counts.put(id, ref.count()));
        return counts;
    }

    private static List<String> names(VolumeService service) {
        return service.list().stream().map(Volume::name).sorted().toList();
    }

    private static List<Path> entries(Path dir) throws Exception {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.toList();
        }
    }

    private static String owner(Path path) throws Exception {
        return Files.getAttribute(path, "unix:uid", LinkOption.NOFOLLOW_LINKS) + ":"
                + Files.getAttribute(path, "unix:gid", LinkOption.NOFOLLOW_LINKS);
    }

    /** Moves one second on at every reading, so two mounts never share an instant. */
    private static final class SteppingClock extends Clock {
        private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
        private final AtomicLong readings = new AtomicLong();

        @Override
        public Instant instant() {
            return START.plusSeconds(readings.incrementAndGet());
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException("the service reads instants only");
        }
    }
}
