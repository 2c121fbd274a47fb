package io.quodock.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * quodock as Docker sees it: a private real dockerd uses the packaged daemon, started as its own
 * process on the real plugin directory {@code /run/docker/plugins}, through the docker CLI.
 */
class DockerPluginIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path PLUGIN_DIR = Path.of("/run/docker/plugins");

    @RegisterExtension
    static final DockerEngineExtension docker = new DockerEngineExtension();

    private static final String DRIVER = "qd" + UUID.randomUUID().toString().substring(0, 8);
    private static Path root;
    private static DaemonProcess quodock;

    @BeforeAll
    static void startQuodock() throws IOException {
        root = Files.createTempDirectory(Path.of("/tmp"), "qdp-");
        quodock = new DaemonProcess(socket(), root.resolve("quodock.log"), List.of("daemon",
                "--driver-name", DRIVER, "--plugin-dir", PLUGIN_DIR.toString(),
                "--state-dir", root.resolve("state").toString(), "--volumes-root", root.resolve("volumes").toString(),
                "--debug"));
        quodock.start();
    }

    @AfterAll
    static void stopQuodock() throws IOException {
        try {
            if (quodock != null) {
                assertEquals(143, quodock.stop(), "SIGTERM ends the daemon like a JVM shutdown");
                assertFalse(Files.exists(socket(), LinkOption.NOFOLLOW_LINKS), "socket removed at clean shutdown");
            }
        } finally {
            // A socket left in /run/docker/plugins would slow every later `docker volume ls` by 15 s.
            Files.deleteIfExists(socket());
            Command.runOk("rm", "-rf", root.toString());
        }
    }

    @AfterEach
    void removeContainers() {
        String ids = docker.engine().cliOk("ps", "-aq").stdout().strip();
        if (!ids.isEmpty()) {
            List<String> args = new java.util.ArrayList<>(List.of("rm", "-f"));
            args.addAll(List.of(ids.split("\\s+")));
            docker.engine().cliOk(args.toArray(String[]::new));
        }
    }

    private static Path socket() {
        return PLUGIN_DIR.resolve(DRIVER + ".sock");
    }

    @Test
    void createdVolumeIsListedAndInspectedWithItsOwner() throws IOException {
        docker.engine().cliOk("volume", "create", "-d", DRIVER, "-o", "user=65534", "-o", "group=65534", "owned");

        String ls = docker.engine().cliOk("volume", "ls", "--format", "{{.Driver}} {{.Name}}").stdout();
        assertTrue(ls.lines().anyMatch((DRIVER + " owned")::equals), ls);
        JsonNode inspect = inspect("owned");
        assertEquals(DRIVER, inspect.get("Driver").asText());
        assertEquals("local", inspect.get("Scope").asText());
        assertEquals(0, inspect.at("/Status/refs").asInt());
        assertEquals("65534:65534", inspect.at("/Status/owner").asText());
        Path dir = Path.of(inspect.get("Mountpoint").asText());
        assertEquals(65534, Files.getAttribute(dir, "unix:uid"));
    }

    @Test
    void fileWrittenByOneContainerIsReadByTheNext() {
        run("-v", "shared:/data", "--volume-driver", DRIVER, BusyboxImage.NAME, "sh", "-c", "echo hello > /data/greeting");
        String read = run("-v", "shared:/data", "--volume-driver", DRIVER, BusyboxImage.NAME, "cat", "/data/greeting");
        assertEquals("hello\n", read);
        assertEquals(0, inspect("shared").at("/Status/refs").asInt());
    }

    @Test
    void twoRunningContainersHoldTwoReferences() {
        docker.engine().cliOk("volume", "create", "-d", DRIVER, "pair");
        String first = runDetached("pair");
        runDetached("pair");
        assertEquals(2, inspect("pair").at("/Status/refs").asInt());
        assertEquals(2, inspect("pair").at("/Status/mounts").size());

        docker.engine().cliOk("rm", "-f", first);
        assertEquals(1, inspect("pair").at("/Status/refs").asInt());
    }

    @Test
    void dockerCpFromARunningContainerMountsTheSameIdTwice() throws IOException {
        docker.engine().cliOk("volume", "create", "-d", DRIVER, "copied");
        String container = runDetached("copied");
        docker.engine().cliOk("exec", container, "sh", "-c", "echo payload > /data/file");

        docker.engine().cliOk("cp", container + ":/data/file", root.resolve("copied-out").toString());

        assertEquals("payload\n", Files.readString(root.resolve("copied-out")));
        assertEquals(2, quodock.log().lines().filter(l -> l.contains("VolumeDriver.Mount copied ok")).count(),
                "docker cp mounts the volume a second time");
        assertEquals(1, inspect("copied").at("/Status/refs").asInt(), "and unmounts it again");
        docker.engine().cliOk("rm", "-f", container);
        assertEquals(0, inspect("copied").at("/Status/refs").asInt());
    }

    @Test
    void volumeInUseCannotBeRemovedUntilItsContainerIsGone() {
        docker.engine().cliOk("volume", "create", "-d", DRIVER, "busy");
        String container = runDetached("busy");
        Path dir = Path.of(inspect("busy").get("Mountpoint").asText());

        DockerResult refused = docker.engine().cli("volume", "rm", "busy");
        assertNotEquals(0, refused.exitCode());
        assertTrue(refused.stderr().contains("in use"), refused.stderr());
        assertTrue(Files.isDirectory(dir));

        docker.engine().cliOk("rm", "-f", container);
        docker.engine().cliOk("volume", "rm", "busy");
        assertFalse(Files.exists(dir));
        assertFalse(docker.engine().cliOk("volume", "ls", "-q").stdout().lines().anyMatch("busy"::equals));
    }

    @Test
    void unknownOptionAndBadNameGiveCleanErrorsAndCreateNothing() {
        DockerResult option = docker.engine().cli("volume", "create", "-d", DRIVER, "-o", "sise=10G", "sized");
        assertNotEquals(0, option.exitCode());
        assertTrue(option.stderr().contains("unknown option 'sise': known options are user, group"), option.stderr());

        DockerResult name = docker.engine().cli("volume", "create", "-d", DRIVER, "has..dots-but/slash");
        assertNotEquals(0, name.exitCode());
        assertTrue(name.stderr().contains("is invalid: use [a-zA-Z0-9][a-zA-Z0-9_.-]*"), name.stderr());

        String ls = docker.engine().cliOk("volume", "ls", "-q").stdout();
        assertFalse(ls.contains("sized") || ls.contains("slash"), ls);
    }

    @Test
    void killedDaemonComesBackWithItsReferencesAndTheContainerUnmountsCleanly() throws IOException {
        docker.engine().cliOk("volume", "create", "-d", DRIVER, "survivor");
        String container = runDetached("survivor");
        assertEquals(1, inspect("survivor").at("/Status/refs").asInt());

        quodock.kill9();
        assertTrue(Files.exists(socket(), LinkOption.NOFOLLOW_LINKS), "a killed daemon leaves its socket behind");
        quodock.start();

        assertEquals(1, inspect("survivor").at("/Status/refs").asInt(), "the reference survived kill -9");
        docker.engine().cliOk("rm", "-f", container);
        assertEquals(0, inspect("survivor").at("/Status/refs").asInt(), "the container's stop unmounted it");
        docker.engine().cliOk("volume", "rm", "survivor");
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
        List<String> command = new java.util.ArrayList<>(List.of("run", "--rm", "--network", "none"));
        command.addAll(List.of(args));
        return docker.engine().cliOk(command.toArray(String[]::new)).stdout();
    }

    /** A container that keeps {@code volume} mounted at /data until it is removed. */
    private static String runDetached(String volume) {
        return docker.engine().cliOk("run", "-d", "--network", "none", "-v", volume + ":/data", "--volume-driver", DRIVER,
                BusyboxImage.NAME, "sleep", "600").stdout().strip();
    }
}
