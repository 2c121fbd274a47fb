package io.quodock.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quodock.backend.quobyte.QuobyteApiDouble;
import io.quodock.backend.quobyte.RecordedCall;
import io.quodock.backend.quobyte.SimulatedVolume;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * quodock on the quobyte backend as Docker sees it: a private real dockerd, the packaged daemon in its
 * own process configured like the original plugin (an env file with the QUOBYTE_* variables), the
 * Quobyte API double as the cluster, and a real bind mount of the double's volume directory made by
 * {@code --mount-command} standing in for the Quobyte client mount.
 */
class DockerQuobyteIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path PLUGIN_DIR = Path.of("/run/docker/plugins");
    private static final String SECRET = "Qb-" + UUID.randomUUID();
    private static final String DRIVER = "qq" + UUID.randomUUID().toString().substring(0, 8);

    @RegisterExtension
    static final DockerEngineExtension docker = new DockerEngineExtension();

    private static Path root;
    private static QuobyteApiDouble quobyte;
    private static String tenantA;
    private static String tenantB;
    private static DaemonProcess quodock;

    @BeforeAll
    static void startClusterAndQuodock() throws Exception {
        root = Files.createTempDirectory(Path.of("/tmp"), "qdq-");
        Path cluster = Files.createDirectory(root.resolve("cluster"));
        quobyte = new QuobyteApiDouble("admin", SECRET, cluster);
        quobyte.start();
        tenantA = quobyte.addTenant("tenant-a");
        tenantB = quobyte.addTenant("tenant-b");
        Path envFile = Files.write(root.resolve("docker-quobyte.env"), List.of(
                "# as /etc/quobyte/docker-quobyte.env of quobyte/docker-volume",
                "QUODOCK_BACKEND=quobyte",
                "QUOBYTE_API_URL=" + quobyte.url(),
                "QUOBYTE_API_USER=admin",
                "QUOBYTE_API_PASSWORD=" + SECRET,
                "QUOBYTE_TENANT_ID=" + tenantB,
                "QUOBYTE_REGISTRY=registry.example:7861",
                "QUOBYTE_MOUNT_PATH=" + root.resolve("mnt")));
        Files.setPosixFilePermissions(envFile, PosixFilePermissions.fromString("rw-------"));
        quodock = new DaemonProcess(socket(), root.resolve("quodock.log"), List.of("daemon",
                "--driver-name", DRIVER, "--plugin-dir", PLUGIN_DIR.toString(), "--state-dir", root.resolve("state").toString(),
                "--env-file", envFile.toString(), "--mount-command", "mount --bind " + cluster + " {path}",
                "--refresh-interval", "0s", "--timeout", "6s", "--debug"));
        quodock.start();
    }

    @AfterAll
    static void stopAll() throws IOException {
        try {
            if (quodock != null) {
                assertEquals(143, quodock.stop(), "SIGTERM ends the daemon like a JVM shutdown");
            }
        } finally {
            // A socket left in /run/docker/plugins would slow every later `docker volume ls` by 15 s.
            Files.deleteIfExists(socket());
            if (quobyte != null) {
                quobyte.close();
            }
            // quodock never unmounts the shared mount; the test does, before deleting its directory.
            MountTable.unmountAllUnder(root);
            Command.runOk("rm", "-rf", root.toString());
        }
    }

    @AfterEach
    void releaseApiAndRemoveContainers() {
        quobyte.release();
        String ids = docker.engine().cliOk("ps", "-aq").stdout().strip();
        if (!ids.isEmpty()) {
            List<String> args = new ArrayList<>(List.of("rm", "-f"));
            args.addAll(List.of(ids.split("\\s+")));
            docker.engine().cliOk(args.toArray(String[]::new));
        }
    }

    private static Path socket() {
        return PLUGIN_DIR.resolve(DRIVER + ".sock");
    }

    @Test
    void volumeInAnotherTenantIsWrittenReadAndRemovedWithTheRightQuobyteCalls() throws IOException {
        assertTrue(MountTable.mountPointsUnder(root).contains(root.resolve("mnt")), "the mount command ran");
        quobyte.clearCalls();

        docker.engine().cliOk("volume", "create", "-d", DRIVER, "-o", "user=nobody", "-o", "group=nogroup",
                "-o", "tenant_id=tenant-a", "inA");
        SimulatedVolume created = quobyte.volume(tenantA, "inA").orElseThrow();
        JsonNode inspect = inspect("inA");
        assertEquals("global", inspect.get("Scope").asText());
        assertEquals(root.resolve("mnt/inA").toString(), inspect.get("Mountpoint").asText());
        assertEquals(tenantA, inspect.at("/Status/tenant_id").asText());
        assertEquals(created.uuid(), inspect.at("/Status/volume_uuid").asText());

        run("-v", "inA:/data", BusyboxImage.NAME, "sh", "-c", "echo hello > /data/greeting");
        assertEquals("hello\n", run("-v", "inA:/data", BusyboxImage.NAME, "cat", "/data/greeting"));
        assertEquals("hello\n", Files.readString(root.resolve("cluster/inA/greeting")), "written into the cluster");

        docker.engine().cliOk("volume", "rm", "inA");
        assertTrue(quobyte.volumes().isEmpty());
        assertFalse(docker.engine().cliOk("volume", "ls", "-q").stdout().lines().anyMatch("inA"::equals));

        List<String> calls = quobyte.calls().stream()
                .filter(call -> !call.method().equals("getVolumeList"))
                .map(call -> call.method() + " " + call.params())
                .toList();
        assertEquals(List.of(
                "resolveVolumeName {\"volume_name\":\"inA\",\"tenant_domain\":\"" + tenantB + "\"}",
                "resolveTenantName {\"tenant_name\":\"tenant-a\"}",
                "createVolume {\"name\":\"inA\",\"root_user_id\":\"nobody\",\"root_group_id\":\"nogroup\","
                        + "\"configuration_name\":\"BASE\",\"tenant_id\":\"" + tenantA + "\",\"retry\":\"INTERACTIVE\"}",
                "resolveVolumeName {\"volume_name\":\"inA\",\"tenant_domain\":\"" + tenantA + "\"}",
                "deleteVolume {\"volume_uuid\":\"" + created.uuid() + "\"}"), calls,
                "Docker's Get looks the new name up in the daemon's tenant first; remove resolves in the volume's tenant");
    }

    @Test
    void aHungApiFailsCreateClearlyWhileContainersKeepUsingOtherVolumes() {
        docker.engine().cliOk("volume", "create", "-d", DRIVER, "kept");
        quobyte.hang();

        long start = System.nanoTime();
        CompletableFuture<DockerResult> create = CompletableFuture.supplyAsync(
                () -> docker.engine().cli("volume", "create", "-d", DRIVER, "stuck"));
        assertEquals("ok\n", run("-v", "kept:/data", BusyboxImage.NAME, "sh", "-c", "echo ok > /data/f && cat /data/f"));
        assertEquals(0, inspect("kept").at("/Status/refs").asInt());
        assertFalse(create.isDone(), "the container ran while the create still waited for Quobyte");

        DockerResult failed = create.join();
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
        assertNotEquals(0, failed.exitCode());
        assertTrue(failed.stderr().contains("create stuck did not finish within 6000 ms"), failed.stderr());
        assertTrue(seconds < 20, "Get's lookup (5 s) and Create (6 s) are bounded: " + seconds + " s");
    }

    @Test
    void thePasswordAppearsNeitherInTheLogNorInTheStateNorInInspect() throws IOException {
        docker.engine().cliOk("volume", "create", "-d", DRIVER, "-o", "user=nobody", "quiet");
        String inspect = docker.engine().cliOk("volume", "inspect", "quiet").stdout();
        docker.engine().cli("volume", "create", "-d", DRIVER, "-o", "tenant_id=no-such-tenant", "refused");

        String log = quodock.log();
        assertTrue(log.contains("password=(hidden)"), "the settings were logged, without the password");
        assertTrue(log.contains("Quobyte tenant 'no-such-tenant' does not exist"), "errors were logged");
        assertFalse(log.contains(SECRET), "the daemon log holds the password");
        assertFalse(inspect.contains(SECRET));
        try (Stream<Path> files = Files.walk(root.resolve("state"))) {
            for (Path file : files.filter(path -> Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)).toList()) {
                assertFalse(Files.readString(file).contains(SECRET), file + " holds the password");
            }
        }
        assertTrue(Files.readString(root.resolve("state/state.journal")).contains("\"quiet\""), "the state was read");
    }

    private static JsonNode inspect(String volume) {
        String out = docker.engine().cliOk("volume", "inspect", volume).stdout();
        try {
            return JSON.readTree(out).get(0);
        } catch (IOException e) {
            throw new AssertionError("docker volume inspect printed no JSON: " + out, e);
        }
    }

    private static String run(String... args) {
        List<String> command = new ArrayList<>(List.of("run", "--rm", "--network", "none"));
        command.addAll(List.of(args));
        return docker.engine().cliOk(command.toArray(String[]::new)).stdout();
    }
}
