package io.quodock.backend.quobyte;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quodock.driver.DriverException;
import io.quodock.driver.Volume;
import io.quodock.driver.VolumeService;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.util.component.LifeCycle;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The quobyte backend behind the driver core, against the API double over real HTTP, on a temporary directory as mount. */
class QuobyteBackendTest {
    private static final String ID = "c".repeat(64);

    @TempDir
    Path tmp;
    private QuobyteApiDouble quobyte;
    private Path mountDir;
    private String tenantA;
    private String tenantB;
    private QuobyteHost host;
    private VolumeService service;

    @BeforeEach
    void start() throws Exception {
        mountDir = Files.createDirectory(tmp.resolve("mnt"));
        quobyte = new QuobyteApiDouble(QuobyteHost.USER, QuobyteHost.PASSWORD, mountDir);
        quobyte.start();
        tenantA = quobyte.addTenant("tenant-a");
        tenantB = quobyte.addTenant("tenant-b");
        // The daemon's tenant is given by name, as -tenant_id allows: it is resolved to its id.
        host = new QuobyteHost(quobyte.url(), mountDir, "tenant-b", tmp.resolve("state"), Duration.ofSeconds(2));
        service = host.service;
    }

    @AfterEach
    void stop() throws Exception {
        quobyte.release();
        host.close();
        LifeCycle.stop(quobyte);
    }

    @Test
    void createSendsTheOriginalPluginsDefaultsAndRemembersTenantAndUuid() throws Exception {
        service.create("plain", null);

        RecordedCall create = quobyte.calls("createVolume").get(0);
        assertEquals("{\"name\":\"plain\",\"root_user_id\":\"root\",\"root_group_id\":\"root\",\"configuration_name\":\"BASE\","
                + "\"tenant_id\":\"" + tenantB + "\",\"retry\":\"INTERACTIVE\"}", create.params().toString());
        assertEquals("tenant-b", quobyte.calls("resolveTenantName").get(0).param("tenant_name"));
        SimulatedVolume created = quobyte.volume(tenantB, "plain").orElseThrow();
        Volume volume = service.get("plain").orElseThrow();
        assertEquals(mountDir.resolve("plain").toString(), volume.mountpoint());
        assertEquals(Map.of("tenant_id", tenantB, "volume_uuid", created.uuid(), "configuration_name", "BASE",
                "owner", "root:root"), volume.attributes());
        assertEquals("quobyte", readMark(mountDir.resolve("plain")), "marked as made by this driver");
    }

    @Test
    void createOptionsReachQuobyteAndSubdirsAreMadeInside() {
        service.create("opts", Map.of("user", "docker", "group", "staff", "configuration_name", "SSD_ONLY",
                "tenant_id", "tenant-a", "subdirs", "data,logs/app"));

        SimulatedVolume created = quobyte.volume(tenantA, "opts").orElseThrow();
        assertEquals(List.of("docker", "staff", "SSD_ONLY"),
                List.of(created.rootUserId(), created.rootGroupId(), created.configurationName()));
        assertTrue(Files.isDirectory(mountDir.resolve("opts/data")));
        assertTrue(Files.isDirectory(mountDir.resolve("opts/logs/app")));
        assertEquals(tenantA, service.get("opts").orElseThrow().attributes().get("tenant_id"));
    }

    @Test
    void createOfAVolumeThatExistsInQuobyteAdoptsIt() {
        SimulatedVolume existing = quobyte.addVolume(tenantB, "legacy");

        service.create("legacy", null);

        assertEquals(1, quobyte.volumes().size(), "nothing new in Quobyte");
        RecordedCall resolve = quobyte.calls("resolveVolumeName").get(0);
        assertEquals("legacy", resolve.param("volume_name"));
        assertEquals(tenantB, resolve.param("tenant_domain"));
        assertEquals(existing.uuid(), service.get("legacy").orElseThrow().attributes().get("volume_uuid"));
    }

    @Test
    void createIsIdempotentWhenTheStateWriteWasLost() {
        io.quodock.driver.Backend.Provisioned first = host.backend.create("twice", io.quodock.driver.CreateOptions.NONE);
        io.quodock.driver.Backend.Provisioned second = host.backend.create("twice", io.quodock.driver.CreateOptions.NONE);

        assertEquals(first.attributes().get("volume_uuid"), second.attributes().get("volume_uuid"));
        assertEquals(1, quobyte.volumes().size());
    }

    @Test
    void removeDeletesInTheTenantTheVolumeWasCreatedInNotTheDaemonsTenant() {
        service.create("in-a", Map.of("tenant_id", tenantA));
        String uuid = quobyte.volume(tenantA, "in-a").orElseThrow().uuid();
        quobyte.clearCalls();

        service.remove("in-a");

        RecordedCall resolve = quobyte.calls("resolveVolumeName").get(0);
        assertEquals("{\"volume_name\":\"in-a\",\"tenant_domain\":\"" + tenantA + "\"}", resolve.params().toString());
        assertEquals(uuid, quobyte.calls("deleteVolume").get(0).param("volume_uuid"));
        assertTrue(quobyte.volumes().isEmpty());
        assertFalse(Files.exists(mountDir.resolve("in-a")));
        assertTrue(service.get("in-a").isEmpty());
    }

    @Test
    void removeOfAVolumeAlreadyGoneOnTheServerCountsAsRemoved() throws Exception {
        service.create("gone", null);
        host.api.deleteVolume(quobyte.volume(tenantB, "gone").orElseThrow().uuid());
        quobyte.clearCalls();

        service.remove("gone");

        assertTrue(service.get("gone").isEmpty());
        assertTrue(quobyte.calls("deleteVolume").isEmpty(), "nothing left to delete");
    }

    @Test
    void removeThatQuobyteRefusesReportsTheServersTextAndKeepsTheVolume() {
        service.create("busy", null);
        quobyte.failCalls("deleteVolume", 7, "ENTITY_BUSY/POSIX_ERROR_NONE: Volume busy is mounted by client host-b. / ");

        DriverException e = assertThrows(DriverException.class, () -> service.remove("busy"));

        assertEquals(DriverException.Kind.BACKEND, e.kind());
        assertTrue(e.getMessage().contains("Quobyte did not delete volume busy in tenant " + tenantB), e.getMessage());
        assertTrue(e.getMessage().endsWith("ENTITY_BUSY/POSIX_ERROR_NONE: Volume busy is mounted by client host-b. /"),
                e.getMessage());
        assertTrue(service.get("busy").isPresent());
    }

    @Test
    void unknownTenantIsRefusedClearlyAndCreatesNothing() {
        DriverException e = assertThrows(DriverException.class,
                () -> service.create("nowhere", Map.of("tenant_id", "no-such-tenant")));

        assertEquals(DriverException.Kind.INVALID, e.kind());
        assertTrue(e.getMessage().startsWith("Quobyte tenant 'no-such-tenant' does not exist"), e.getMessage());
        assertTrue(quobyte.calls("createVolume").isEmpty());
        assertTrue(service.list().isEmpty());
    }

    @Test
    void subdirsNeverFollowASymbolicLinkOutOfTheVolume() throws Exception {
        quobyte.addVolume(tenantB, "linky");
        Path outside = Files.createDirectory(tmp.resolve("outside"));
        Files.createSymbolicLink(mountDir.resolve("linky/data"), outside);

        DriverException e = assertThrows(DriverException.class,
                () -> service.create("linky", Map.of("subdirs", "data/escape")));

        assertTrue(e.getMessage().contains("passes through the symbolic link"), e.getMessage());
        assertFalse(Files.exists(outside.resolve("escape")));
        assertTrue(service.get("linky").isEmpty());
    }

    @Test
    void withTheApiDownCreateFailsAtOnceWhileGetListAndMountAnswerFromState() throws Exception {
        service.create("kept", null);
        quobyte.stop();

        long start = System.nanoTime();
        DriverException e = assertThrows(DriverException.class, () -> service.create("new", null));
        long createMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue(e.getMessage().contains("is unreachable"), e.getMessage());
        assertTrue(createMillis < QuobyteHost.OPERATION_TIMEOUT.toMillis(), createMillis + " ms");

        start = System.nanoTime();
        assertTrue(service.get("kept").isPresent());
        assertEquals(1, service.list().size());
        assertEquals(mountDir.resolve("kept").toString(), service.mount("kept", ID));
        service.unmount("kept", ID);
        assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) < 1000, "answered from state");
        assertEquals(false, host.backend.health().get("api_reachable"));
    }

    @Test
    void aHungApiFailsCreateWithinTheTimeoutAndHoldsNoOtherVolume() throws Exception {
        service.create("other", null);
        quobyte.hang();

        long start = System.nanoTime();
        CompletableFuture<Void> create = CompletableFuture.runAsync(() -> service.create("stuck", null));
        Thread.sleep(300);
        long others = System.nanoTime();
        assertEquals(mountDir.resolve("other").toString(), service.mount("other", ID));
        service.unmount("other", ID);
        assertTrue(service.get("other").isPresent());
        assertEquals(List.of("other"), service.list().stream().map(Volume::name).toList());
        assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - others) < 1000, "not held by the hung create");

        ExecutionException failed = assertThrows(ExecutionException.class, () -> create.get(10, TimeUnit.SECONDS));
        long createMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        DriverException e = (DriverException) failed.getCause();
        assertEquals(DriverException.Kind.TIMEOUT, e.kind());
        assertTrue(e.getMessage().startsWith("create stuck did not finish within 3000 ms"), e.getMessage());
        assertTrue(createMillis >= 3000 && createMillis < 4500, createMillis + " ms");
    }

    @Test
    void lookupRegistersAVolumeMadeOnAnotherHostDurably() throws Exception {
        SimulatedVolume elsewhere = quobyte.addVolume(tenantB, "elsewhere");
        assertTrue(service.get("elsewhere").isEmpty(), "Get from state does not ask Quobyte");

        Volume found = service.lookup("elsewhere").orElseThrow();

        assertEquals(Map.of("tenant_id", tenantB, "volume_uuid", elsewhere.uuid()), found.attributes());
        assertTrue(service.lookup("never-made").isEmpty());
        assertEquals("never-made", quobyte.calls("resolveVolumeName").get(1).param("volume_name"));
        host.close();
        host = new QuobyteHost(quobyte.url(), mountDir, "tenant-b", tmp.resolve("state"), Duration.ofSeconds(2));
        assertTrue(host.service.get("elsewhere").isPresent(), "registered in the durable state");
    }

    @Test
    void lookupWhileTheApiHangsAnswersNoSuchVolumeWithinItsBoundAndThenAtOnce() {
        quobyte.hang();
        long start = System.nanoTime();
        assertTrue(service.lookup("unknown").isEmpty());
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue(millis >= 3000 && millis < 4000, millis + " ms");

        start = System.nanoTime();
        assertTrue(service.lookup("another").isEmpty());
        millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue(millis < 500, "no second wait while the first lookup still waits: " + millis + " ms");
        assertEquals(1, quobyte.calls().size(), "only the first lookup reached the API");
    }

    @Test
    void afterTheApiFailedToAnswerLookupsSkipItForAWhile() {
        quobyte.addVolume(tenantB, "exists");
        quobyte.answerHtml(true);
        assertTrue(service.lookup("first").isEmpty());
        assertEquals(false, host.backend.health().get("api_reachable"));

        quobyte.answerHtml(false);
        assertTrue(service.lookup("exists").isEmpty(), "not asked again within 10 s of the failure");
        host.service.create("fresh", null);
        assertEquals(true, host.backend.health().get("api_reachable"), "other calls still try, and succeed");
    }

    @Test
    void mountOfAVolumeWhoseDirectoryVanishedSaysWhatToCheck() throws Exception {
        service.create("vanished", null);
        Files.delete(mountDir.resolve("vanished"));

        DriverException e = assertThrows(DriverException.class, () -> service.mount("vanished", ID));

        assertTrue(e.getMessage().contains("volume directory " + mountDir.resolve("vanished") + " does not exist"),
                e.getMessage());
        assertEquals(0, service.get("vanished").orElseThrow().mounts().total());
    }

    @Test
    void fixedUserMappingMountsTheClientsUserGroupAtVolumePath() throws Exception {
        service.create("mapped", Map.of("fixed_user", "1234", "fixed_group", "2345"));
        // What the Quobyte client shows with -o allow-usermapping-in-volumename.
        Path mapped = Files.createDirectory(mountDir.resolve("1234#2345@mapped"));

        assertEquals(mapped.toString(), service.mount("mapped", ID));
        assertEquals(mapped.toString(), service.path("mapped"));
        Map<String, Object> status = service.get("mapped").orElseThrow().status();
        assertEquals("1234:2345", status.get("fixedUser"));
        assertEquals("quobyte", status.get("fixedUserMethod"));
    }

    @Test
    void fixedUserPathTheClientDoesNotShowSaysToMountWithTheOption() {
        service.create("unmapped", Map.of("fixed_user", "1234", "fixed_group", "2345"));

        DriverException e = assertThrows(DriverException.class, () -> service.mount("unmapped", ID));

        assertTrue(e.getMessage().contains("-o allow-usermapping-in-volumename"), e.getMessage());
        assertEquals(0, service.get("unmapped").orElseThrow().mounts().total());
    }

    @Test
    void healthShowsTheApiAndTheMount() {
        service.create("healthy", null);
        Map<String, Object> health = host.backend.health();
        assertEquals(true, health.get("api_reachable"));
        assertEquals("alive", health.get("mount_state"));
        assertEquals(mountDir.toString(), health.get("mount"));
        assertFalse(health.toString().contains(QuobyteHost.PASSWORD));
    }

    private static String readMark(Path dir) throws Exception {
        UserDefinedFileAttributeView view = Files.getFileAttributeView(dir, UserDefinedFileAttributeView.class);
        ByteBuffer value = ByteBuffer.allocate(view.size(QuobyteBackend.MARK));
        view.read(QuobyteBackend.MARK, value);
        value.flip();
        return StandardCharsets.UTF_8.decode(value).toString();
    }
}
