package io.quodock.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.quodock.cli.Main;
import io.quodock.client.AdminClient;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reconciliation against a real dockerd: stale references made the way users get them (quodock killed
 * with SIGKILL while containers ran, containers removed or stopped while it was down), then found by
 * {@code quodock reconcile}, dropped by {@code --apply}, while a volume a running container holds is
 * left alone. quodock runs in its own JVM with its plugin socket in /run/docker/plugins, where dockerd
 * looks; the driver name is unique per run.
 */
class ReconcileIT {
    private static final Path PLUGIN_DIR = Path.of("/run/docker/plugins");

    @RegisterExtension
    static final DockerEngineExtension docker = new DockerEngineExtension();

    @TempDir
    Path dir;

    private String driver;
    private DaemonProcess daemon;
    private int starts;

    @BeforeEach
    void startDaemon() throws Exception {
        driver = "qdtest" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
        daemon = start();
    }

    @AfterEach
    void cleanUp() throws Exception {
        // Containers go while quodock still answers their Unmounts, so dockerd never waits on a dead plugin.
        DockerResult all = docker.engine().cli("ps", "--all", "--quiet");
        if (!all.stdout().isBlank()) {
            List<String> rm = new ArrayList<>(List.of("rm", "--force"));
            rm.addAll(all.stdout().strip().lines().toList());
            docker.engine().cli(rm.toArray(String[]::new));
        }
        daemon.close();
        Files.deleteIfExists(pluginSocket()); // left behind if the test failed after a SIGKILL
    }

    /** Starts quodock on the test's state (again, after a kill), logging to one file. */
    private DaemonProcess start(String... extra) throws Exception {
        List<String> args = new ArrayList<>(List.of("daemon", "--driver-name", driver,
                "--plugin-dir", PLUGIN_DIR.toString(), "--state-dir", dir.resolve("state").toString(),
                "--volumes-root", dir.resolve("volumes").toString(), "--run-dir", dir.resolve("run").toString(),
                "--admin-socket", adminSocket().toString(), "--docker-socket", docker.engine().socket().toString()));
        args.addAll(List.of(extra));
        DaemonProcess started = new DaemonProcess(pluginSocket(), dir.resolve("daemon.log"), args);
        started.start();
        DaemonLog.awaitServing(started, ++starts);
        return started;
    }

    @Test
    void staleReferencesAfterACrashAreListedThenDroppedWhileARunningContainersVolumeIsUntouched() throws Exception {
        DockerEngine engine = docker.engine();
        for (String volume : List.of("removed-vol", "stopped-vol", "live-vol")) {
            engine.cliOk("volume", "create", "--driver", driver, volume);
        }
        engine.cliOk("run", "--detach", "--name", "removed", "--network", "none", "--volume", "removed-vol:/data",
                BusyboxImage.NAME, "sleep", "600");
        engine.cliOk("run", "--detach", "--name", "stopped", "--network", "none", "--volume", "stopped-vol:/data",
                BusyboxImage.NAME, "sleep", "600");
        engine.cliOk("run", "--detach", "--name", "keeper", "--network", "none", "--volume", "live-vol:/data",
                BusyboxImage.NAME, "sleep", "600");

        daemon.kill9();
        engine.cliOk("rm", "--force", "removed");
        engine.cliOk("kill", "stopped");
        daemon = start();

        JsonNode before = state();
        assertEquals(1, refs(before, "removed-vol"));
        assertEquals(1, refs(before, "stopped-vol"));
        assertEquals("keeper", volume(before, "live-vol").path("containers").path(0).path("name").asText());
        assertEquals("running", volume(before, "live-vol").path("containers").path(0).path("state").asText());
        DockerResult refused = engine.cli("volume", "rm", "removed-vol");
        assertNotEquals(0, refused.exitCode(), "the stale reference still blocks docker volume rm");

        Run dryRun = quodock("reconcile");
        assertEquals(0, dryRun.exit(), dryRun.err());
        List<String> lines = dryRun.out().lines().toList();
        assertEquals("stale references (no container holds them):", lines.get(0));
        assertTrue(lines.get(1).matches("VOLUME +REFS +MOUNT IDS"), lines.get(1));
        assertTrue(lines.get(2).matches("removed-vol +1 +[0-9a-f]{12}"), lines.get(2));
        assertTrue(lines.get(3).matches("stopped-vol +1 +[0-9a-f]{12}"), lines.get(3));
        assertEquals("in use, left alone:", lines.get(4));
        assertTrue(lines.get(6).matches("live-vol +1 +keeper \\(running\\)"), lines.get(6));
        assertEquals("dry run: nothing changed; `quodock reconcile --apply` drops the stale references", lines.get(7));
        assertEquals(1, refs(state(), "removed-vol"), "a dry run changes nothing");

        Run apply = quodock("reconcile", "--apply");
        assertEquals(0, apply.exit(), apply.err());
        assertEquals("dropped stale references:", apply.out().lines().findFirst().orElseThrow());

        JsonNode after = state();
        assertEquals(0, refs(after, "removed-vol"));
        assertEquals(0, refs(after, "stopped-vol"));
        assertEquals(volume(before, "live-vol").path("mounts"), volume(after, "live-vol").path("mounts"),
                "the running container's reference is untouched");
        engine.cliOk("volume", "rm", "removed-vol");
        assertEquals("still here\n", engine.cliOk("exec", "keeper", "sh", "-c", "echo still here > /data/f && cat /data/f").stdout());
        assertEquals("no stale references", quodock("reconcile").out().lines().findFirst().orElseThrow());

        engine.cliOk("stop", "--time", "1", "keeper");
        assertEquals(0, refs(state(), "live-vol"), "Docker's own Unmount still finds its reference");
    }

    @Test
    void reconcileOnStartDropsStaleReferencesOnceDockerAnswers() throws Exception {
        DockerEngine engine = docker.engine();
        engine.cliOk("volume", "create", "--driver", driver, "orphaned");
        engine.cliOk("run", "--detach", "--name", "orphan", "--network", "none", "--volume", "orphaned:/data",
                BusyboxImage.NAME, "sleep", "600");
        daemon.kill9();
        engine.cliOk("rm", "--force", "orphan");

        daemon = start("--reconcile-on-start");

        for (int i = 0; i < 100 && refs(state(), "orphaned") > 0; i++) {
            Thread.sleep(100);
        }
        assertEquals(0, refs(state(), "orphaned"));
        assertTrue(daemon.log().contains("reconcile on start: dropped stale references of 1 volume(s)"), daemon.log());
    }

    /** What one quodock command line printed and returned. */
    private record Run(int exit, String out, String err) {
    }

    private Run quodock(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        List<String> withSocket = new ArrayList<>(List.of(args));
        withSocket.addAll(List.of("--admin-socket", adminSocket().toString()));
        int exit = Main.run(new PrintWriter(out), new PrintWriter(err), withSocket.toArray(String[]::new));
        return new Run(exit, out.toString(), err.toString());
    }

    private JsonNode state() {
        try (AdminClient client = new AdminClient(adminSocket())) {
            return client.get("/v1/state");
        }
    }

    private static JsonNode volume(JsonNode state, String name) {
        for (JsonNode volume : state.path("volumes")) {
            if (volume.path("name").asText().equals(name)) {
                return volume;
            }
        }
        throw new AssertionError("no volume " + name + " in " + state);
    }

    private static int refs(JsonNode state, String name) {
        return volume(state, name).path("refs").asInt();
    }

    private Path adminSocket() {
        return dir.resolve("admin.sock");
    }

    private Path pluginSocket() {
        return PLUGIN_DIR.resolve(driver + ".sock");
    }
}
