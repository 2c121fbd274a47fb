package io.quodock.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quodock.e2e.InProcessDaemon;
import io.quodock.e2e.PluginClient;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each quodock command against a real daemon over its admin socket: what it prints and how it exits. */
class CliIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private InProcessDaemon daemon;

    /** What one command line printed and returned. */
    private record Run(int exit, String out, String err) {
        List<String> lines() {
            return out.lines().toList();
        }
    }

    @BeforeEach
    void start() throws Exception {
        daemon = InProcessDaemon.start(dir);
    }

    @AfterEach
    void stop() throws Exception {
        daemon.close();
    }

    private Run quodock(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] withSocket = new String[args.length + 2];
        System.arraycopy(args, 0, withSocket, 0, args.length);
        withSocket[args.length] = "--admin-socket";
        withSocket[args.length + 1] = daemon.adminSocket().toString();
        int exit = Main.run(new PrintWriter(out), new PrintWriter(err), withSocket);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void statusPrintsDaemonBackendDockerAndVolumeCounts() throws Exception {
        daemon.service().create("web", Map.of());
        try (PluginClient plugin = new PluginClient(daemon.pluginSocket())) {
            assertEquals("", plugin.call("VolumeDriver.Mount", "{\"Name\":\"web\",\"ID\":\"m1\"}").err());
        }

        Run run = quodock("status");

        assertEquals(0, run.exit(), run.err());
        List<String> lines = run.lines();
        assertTrue(lines.get(0).matches("quodock \\S+, pid " + ProcessHandle.current().pid() + ", up since \\S+"), lines.get(0));
        assertEquals("driver   quobyte on " + daemon.pluginSocket(), lines.get(1));
        assertEquals("admin    " + daemon.adminSocket(), lines.get(2));
        assertEquals("backend  local, healthy (root=" + daemon.volumesRoot() + " rootWritable=true)", lines.get(3));
        assertTrue(lines.get(4).startsWith("docker   not reachable: no Docker Engine answers on " + dir.resolve("docker.sock")),
                lines.get(4));
        assertEquals("volumes  1, 1 mounted, 1 mount reference(s)", lines.get(5));
        assertTrue(lines.get(6).matches("state    2 changes, \\d+ fsyncs, 0 snapshots"), lines.get(6));
    }

    @Test
    void statusJsonIsTheDaemonsState() throws Exception {
        Run run = quodock("status", "--json");

        assertEquals(0, run.exit());
        JsonNode state = JSON.readTree(run.out());
        assertEquals("quobyte", state.path("daemon").path("driver").asText());
        assertTrue(state.path("volumes").isArray());
    }

    @Test
    void volumeLsPrintsATableWithRefsAndContainers() throws Exception {
        daemon.service().create("alpha", Map.of());
        daemon.service().create("beta-long-name", Map.of());
        daemon.service().mount("beta-long-name", "m1");
        daemon.service().mount("beta-long-name", "m2");

        Run run = quodock("volume", "ls");

        assertEquals(0, run.exit(), run.err());
        List<String> lines = run.lines();
        assertEquals(3, lines.size(), run.out());
        assertTrue(lines.get(0).matches("NAME {12}BACKEND  REFS  CONTAINERS  CREATED +MOUNTPOINT"), lines.get(0));
        assertTrue(lines.get(1).matches("alpha {11}local {4}0 {5}\\? {11}\\S+ +" + daemon.volumesRoot() + "/alpha"), lines.get(1));
        assertTrue(lines.get(2).startsWith("beta-long-name  local    2     ?"), lines.get(2));
    }

    @Test
    void volumeInspectShowsEveryMountIdWithCountAndSince() throws Exception {
        daemon.service().create("web", Map.of("subdirs", "data"));
        daemon.service().mount("web", "m1");
        daemon.service().mount("web", "m1");

        Run run = quodock("volume", "inspect", "web");

        assertEquals(0, run.exit(), run.err());
        assertTrue(run.out().contains("\nmountpoint  " + daemon.volumesRoot().resolve("web") + "\n"), run.out());
        assertTrue(run.out().contains("\noptions     subdirs=data\n"), run.out());
        assertTrue(run.out().contains("\nrefs        2\n"), run.out());
        assertTrue(run.out().matches("(?s).*\nmount       m1 x2 since \\S+Z\n.*"), run.out());
    }

    @Test
    void volumeInspectOfAnUnknownVolumeFailsWithExit1() {
        Run run = quodock("volume", "inspect", "nope");

        assertEquals(1, run.exit());
        assertEquals("quodock: no such volume: nope\n", run.err());
        assertEquals("", run.out());
    }

    @Test
    void volumeCreatePrintsTheNameAndPassesOptions() {
        Run run = quodock("volume", "create", "made", "-o", "subdirs=a,b");

        assertEquals(0, run.exit(), run.err());
        assertEquals("made\n", run.out());
        assertEquals(Map.of("subdirs", "a,b"), daemon.service().get("made").orElseThrow().options());
    }

    @Test
    void volumeCreateOfABadNameFailsWithTheDaemonsMessage() {
        Run run = quodock("volume", "create", "a/b");

        assertEquals(1, run.exit());
        assertTrue(run.err().startsWith("quodock: volume name 'a/b' is invalid"), run.err());
    }

    @Test
    void volumeRmRemovesWhatItCanAndReportsTheRestWithExit1() throws Exception {
        daemon.service().create("free", Map.of());
        daemon.service().create("held", Map.of());
        daemon.service().mount("held", "m1");

        Run run = quodock("volume", "rm", "free", "held");

        assertEquals(1, run.exit());
        assertEquals("free\n", run.out());
        assertTrue(run.err().startsWith("quodock: volume held is in use by 1 mount(s)"), run.err());
        assertTrue(daemon.service().get("free").isEmpty());
        assertTrue(daemon.service().get("held").isPresent());
    }

    @Test
    void volumeMapSetsTheMappingInspectShowsItAndClearRemovesIt() {
        daemon.service().create("web", Map.of());

        Run map = quodock("volume", "map", "web", "--user", "nobody", "--group", "nogroup");
        Run inspect = quodock("volume", "inspect", "web");
        Run clear = quodock("volume", "map", "web", "--clear");

        assertEquals(0, map.exit(), map.err());
        assertEquals("volume web: every access as user nobody, group nogroup\n", map.out());
        assertTrue(inspect.out().contains("\nfixed user  user nobody, group nogroup (bindfs)\n"), inspect.out());
        assertEquals(0, clear.exit(), clear.err());
        assertEquals("volume web: no fixed user\n", clear.out());
        assertTrue(daemon.service().get("web").orElseThrow().fixedUser().current() == null);
    }

    @Test
    void volumeMapOfAMountedVolumeSaysTheChangeWaitsAndInspectShowsItPending() {
        daemon.service().create("web", Map.of());
        daemon.service().mount("web", "m1");

        Run map = quodock("volume", "map", "web", "--group", "nogroup");
        Run inspect = quodock("volume", "inspect", "web");

        assertEquals(0, map.exit(), map.err());
        assertEquals("volume web: every access as user root, group nogroup, from its next first mount"
                + " (containers use it now)\n", map.out());
        assertTrue(inspect.out().contains("\nfixed user  none (bindfs)\npending     user root, group nogroup from the next"
                + " first mount\n"), inspect.out());
    }

    @Test
    void volumeMapOfAnUnknownUserFailsWithTheDaemonsMessage() {
        daemon.service().create("web", Map.of());

        Run map = quodock("volume", "map", "web", "--user", "no-such-user-here");

        assertEquals(1, map.exit());
        assertTrue(map.err().startsWith("quodock: fixed_user 'no-such-user-here' is not a user on this host"), map.err());
    }

    @Test
    void volumeMapNeedsEitherAUserOrClearAsAUsageError() {
        Run neither = quodock("volume", "map", "web");
        Run both = quodock("volume", "map", "web", "--user", "nobody", "--clear");

        assertEquals(2, neither.exit());
        assertEquals(2, both.exit());
        assertTrue(both.err().contains("--clear"), both.err());
    }

    @Test
    void volumeWithoutSubcommandIsAUsageError() {
        StringWriter err = new StringWriter();

        int exit = Main.run(new PrintWriter(new StringWriter()), new PrintWriter(err), "volume");

        assertEquals(2, exit);
        assertTrue(err.toString().startsWith("missing subcommand: ls, inspect, create, rm or map"), err.toString());
    }

    @Test
    void reconcileWithoutDockerExplainsWhyWithExit1() {
        Run run = quodock("reconcile");

        assertEquals(1, run.exit());
        assertTrue(run.err().startsWith("quodock: cannot reconcile: no Docker Engine answers on " + dir.resolve("docker.sock")),
                run.err());
    }

    @Test
    void eventsPrintsOneLinePerEventUntilTheDaemonStops() throws Exception {
        CompletableFuture<Run> events = CompletableFuture.supplyAsync(() -> quodock("events"));
        awaitEventClient();
        daemon.service().create("watched", Map.of());
        daemon.service().mount("watched", "0123456789abcdef0123");
        daemon.close();

        Run run = events.get(30, TimeUnit.SECONDS);

        assertEquals(0, run.exit(), run.err());
        List<String> lines = run.lines();
        assertEquals(2, lines.size(), run.out());
        assertTrue(lines.get(0).matches("\\S+Z  created {12}watched refs=0"), lines.get(0));
        assertTrue(lines.get(1).matches("\\S+Z  mounted {12}watched id=0123456789ab refs=1"), lines.get(1));
        daemon = InProcessDaemon.start(dir); // for @AfterEach
    }

    @Test
    void eventsJsonPrintsEachEventsData() throws Exception {
        CompletableFuture<Run> events = CompletableFuture.supplyAsync(() -> quodock("events", "--json"));
        awaitEventClient();
        daemon.service().create("watched", Map.of());
        daemon.close();

        Run run = events.get(30, TimeUnit.SECONDS);

        JsonNode event = JSON.readTree(run.lines().get(0));
        assertEquals("created", event.path("type").asText());
        assertEquals("watched", event.path("volume").asText());
        daemon = InProcessDaemon.start(dir);
    }

    @Test
    void daemonDownGivesOneLineNamingTheSocketAndExit3() throws Exception {
        daemon.close();
        assertFalse(Files.exists(daemon.adminSocket()), "the daemon removes its socket when it stops");

        for (String[] command : List.of(new String[] {"status"}, new String[] {"volume", "ls"},
                new String[] {"events"}, new String[] {"reconcile", "--apply"})) {
            Run run = quodock(command);

            assertEquals(3, run.exit(), String.join(" ", command));
            assertEquals(List.of("quodock: no quodock daemon answers on " + daemon.adminSocket()
                            + " (no such socket): start it with `quodock daemon`, or give the socket it uses with --admin-socket"),
                    run.err().lines().toList());
        }
        daemon = InProcessDaemon.start(dir);
    }

    @Test
    void staleSocketWithNoDaemonGivesExit3NamingTheSocket() throws Exception {
        Path stale = dir.resolve("stale.sock");
        try (java.nio.channels.ServerSocketChannel server = java.nio.channels.ServerSocketChannel.open(
                java.net.StandardProtocolFamily.UNIX)) {
            server.bind(java.net.UnixDomainSocketAddress.of(stale));
        }
        StringWriter err = new StringWriter();

        int exit = Main.run(new PrintWriter(new StringWriter()), new PrintWriter(err), "status", "--admin-socket", stale.toString());

        assertEquals(3, exit);
        assertTrue(err.toString().startsWith("quodock: no quodock daemon answers on " + stale + " (Connection refused)"),
                err.toString());
        assertEquals(1, err.toString().lines().count());
    }

    private void awaitEventClient() throws Exception {
        for (int i = 0; i < 100; i++) {
            if (JSON.readTree(quodock("status", "--json").out()).path("daemon").path("eventClients").asInt() == 1) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("quodock events did not subscribe");
    }
}
