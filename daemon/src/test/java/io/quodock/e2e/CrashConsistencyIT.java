package io.quodock.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DESIGN.md, Durability: {@code kill -9} at any moment loses no acknowledged change and invents none.
 *
 * <p>Each round, 16 clients on their own connections send Create, Mount, Unmount and Remove to the
 * packaged daemon while the test SIGKILLs it at a random moment; the daemon is restarted on the same
 * state and its Get/List answers are compared with what the clients were told. Each client owns a few
 * volumes and two mount IDs, and also mounts a few shared volumes with its own IDs, so the history of
 * every (volume, mount ID) is one client's sequence of requests: the acknowledged ones must all be in
 * the state, and the one request whose answer the kill cut off may or may not have taken effect.
 */
class CrashConsistencyIT {
    private static final int ROUNDS = 30;
    private static final int CLIENTS = 16;
    private static final int OWN_VOLUMES = 3;
    private static final int SHARED_VOLUMES = 4;
    /** The kill comes after a random number of acknowledged changes, up to this, and a random delay. */
    private static final int MAX_ACKNOWLEDGED_BEFORE_KILL = 64;
    private static final int MAX_KILL_DELAY_MILLIS = 20;
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(20);

    @TempDir
    Path tmp;
    private DaemonProcess daemon;

    /** What a volume is, as far as the protocol shows it. */
    record VolumeState(boolean present, Map<String, Integer> mounts) {
        static final VolumeState ABSENT = new VolumeState(false, Map.of());
        static final VolumeState EMPTY = new VolumeState(true, Map.of());

        VolumeState {
            mounts = Map.copyOf(mounts);
        }

        VolumeState withMount(String id, int delta) {
            Map<String, Integer> next = new HashMap<>(mounts);
            next.merge(id, delta, Integer::sum);
            next.values().removeIf(count -> count == 0);
            return new VolumeState(true, next);
        }

        @Override
        public String toString() {
            return present ? "present with mounts " + new TreeMap<>(mounts) : "absent";
        }
    }

    enum Kind { CREATE, REMOVE, MOUNT, UNMOUNT }

    /** One request of a client. */
    record Op(Kind kind, String volume, String id) {
        /** The state after the daemon carries this out in {@code state}, or null when it must refuse. */
        VolumeState applyTo(VolumeState state) {
            return switch (kind) {
                case CREATE -> state.present() ? state : VolumeState.EMPTY; // same options again: nothing to do
                case REMOVE -> !state.present() ? state : state.mounts().isEmpty() ? VolumeState.ABSENT : null;
                case MOUNT -> state.present() ? state.withMount(id, 1) : null;
                case UNMOUNT -> state.present() && state.mounts().containsKey(id) ? state.withMount(id, -1) : null;
            };
        }

        String endpoint() {
            return "VolumeDriver." + kind.name().charAt(0) + kind.name().substring(1).toLowerCase();
        }

        String body() {
            return switch (kind) {
                case CREATE -> "{\"Name\":\"" + volume + "\",\"Opts\":null}";
                case REMOVE -> "{\"Name\":\"" + volume + "\"}";
                case MOUNT, UNMOUNT -> "{\"Name\":\"" + volume + "\",\"ID\":\"" + id + "\"}";
            };
        }

        @Override
        public String toString() {
            return kind + " " + volume + (id == null ? "" : " " + id.substring(0, 8));
        }
    }

    /** The acknowledged state of every volume, updated by the clients as answers arrive. */
    private final Map<String, VolumeState> model = new ConcurrentHashMap<>();
    /** This round's requests and answers per volume, for failure messages. */
    private final Map<String, List<String>> history = new ConcurrentHashMap<>();
    /** Absent volumes whose directory a Create cut off by a kill may have left; the next Create adopts it. */
    private final Set<String> leftByCutCreate = new HashSet<>();
    private final AtomicLong acknowledgedThisRound = new AtomicLong();
    private int repeatedRemoves;
    private int repeatedRemovesWithoutDirectory;

    @AfterEach
    void stopDaemon() throws IOException {
        if (daemon != null) {
            daemon.close();
        }
    }

    @Test
    void sigkillUnderConcurrentLoadLosesNoAcknowledgedChangeAndInventsNone() throws Exception {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        Path volumesRoot = tmp.resolve("volumes");
        Path socket = tmp.resolve("plugins/qdcrash.sock");
        daemon = new DaemonProcess(socket, tmp.resolve("daemon.log"), List.of("daemon", "--driver-name", "qdcrash",
                "--plugin-dir", tmp.resolve("plugins").toString(), "--state-dir", tmp.resolve("state").toString(),
                "--volumes-root", volumesRoot.toString(),
                "--run-dir", tmp.resolve("run").toString(), "--admin-socket", tmp.resolve("admin.sock").toString()));
        daemon.start();

        List<String> shared = new ArrayList<>();
        try (PluginClient setup = new PluginClient(socket, CALL_TIMEOUT)) {
            for (int s = 0; s < SHARED_VOLUMES; s++) {
                String name = "shared-" + s;
                assertEquals("", setup.call("VolumeDriver.Create", "{\"Name\":\"" + name + "\"}").err());
                shared.add(name);
                model.put(name, VolumeState.EMPTY);
            }
        }
        for (int c = 0; c < CLIENTS; c++) {
            for (int v = 0; v < OWN_VOLUMES; v++) {
                model.put(ownVolume(c, v), VolumeState.ABSENT);
            }
        }

        long acknowledged = 0;
        long inDoubt = 0;
        int rounds = 0;
        for (int round = 1; round <= ROUNDS; round++) {
            String where = "round " + round + " of " + ROUNDS + " (seed " + seed + ")";
            history.clear();
            acknowledgedThisRound.set(0);
            ExecutorService threads = Executors.newFixedThreadPool(CLIENTS);
            List<Client> clients = new ArrayList<>();
            List<Future<?>> running = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                Client client = new Client(c, new Random(random.nextLong()), shared, socket);
                clients.add(client);
                running.add(threads.submit(client));
            }
            // A daemon just started is slow on a busy machine: let the load get going, then kill at a random moment.
            int target = 1 + random.nextInt(MAX_ACKNOWLEDGED_BEFORE_KILL);
            long deadline = System.nanoTime() + CALL_TIMEOUT.toNanos();
            while (acknowledgedThisRound.get() < target && System.nanoTime() < deadline) {
                Thread.sleep(1);
            }
            Thread.sleep(random.nextInt(MAX_KILL_DELAY_MILLIS));
            daemon.kill9();
            threads.shutdown();
            assertTrue(threads.awaitTermination(CALL_TIMEOUT.toSeconds(), TimeUnit.SECONDS),
                    where + ": clients still waiting after the daemon was killed");
            for (Future<?> future : running) {
                future.get();
            }

            daemon.start();
            Map<String, Op> unanswered = new HashMap<>();
            for (Client client : clients) {
                if (!client.problems.isEmpty()) {
                    fail(where + ": answers before the kill contradict the acknowledged log: " + client.problems);
                }
                acknowledged += client.acknowledged;
                if (client.unanswered != null) {
                    unanswered.put(client.unanswered.volume() + "/" + client.number, client.unanswered);
                    inDoubt++;
                }
            }
            try (PluginClient docker = new PluginClient(socket, CALL_TIMEOUT)) {
                Map<String, VolumeState> observed = readState(docker);
                compare(where, observed, unanswered, volumesRoot);
                model.replaceAll((name, state) -> observed.getOrDefault(name, VolumeState.ABSENT));
                unanswered.values().stream().filter(op -> op.kind() == Kind.CREATE).forEach(op -> leftByCutCreate.add(op.volume()));
                leftByCutCreate.removeIf(name -> model.get(name).present());
                retryRemovesCutByTheKill(where, docker, unanswered, volumesRoot);
            }
            rounds++;
        }
        System.out.printf("crash consistency: %d rounds, %d changes acknowledged, %d requests cut off by the kills,"
                + " %d Removes repeated (%d of them after the cut one had deleted the directory)%n",
                rounds, acknowledged, inDoubt, repeatedRemoves, repeatedRemovesWithoutDirectory);
        assertEquals(ROUNDS, rounds);
        assertTrue(acknowledged >= ROUNDS, "only " + acknowledged + " changes were acknowledged in " + rounds
                + " rounds: the kills came before the clients got going");
        assertTrue(inDoubt > 0, "no request was cut off by a kill in " + rounds + " rounds");
    }

    /**
     * Checks every volume against the acknowledged state plus any subset of the requests whose answers
     * the kill cut off. Requests of different clients on one volume touch different mount IDs and
     * commute, so applying a subset in any order gives the same state.
     */
    private void compare(String where, Map<String, VolumeState> observed, Map<String, Op> unanswered, Path volumesRoot) {
        List<String> problems = new ArrayList<>();
        Set<String> invented = new HashSet<>(observed.keySet());
        invented.removeAll(model.keySet());
        if (!invented.isEmpty()) {
            problems.add("volumes nobody asked for: " + invented);
        }
        for (Map.Entry<String, VolumeState> entry : model.entrySet()) {
            String name = entry.getKey();
            List<Op> cut = unanswered.values().stream().filter(op -> op.volume().equals(name)).toList();
            Set<VolumeState> allowed = allowedStates(entry.getValue(), cut);
            VolumeState actual = observed.getOrDefault(name, VolumeState.ABSENT);
            if (!allowed.contains(actual)) {
                problems.add(name + " is " + actual + " after the restart, but the acknowledged log allows only "
                        + allowed + "; this round: " + history.getOrDefault(name, List.of()));
            }
            boolean createCut = leftByCutCreate.contains(name) || cut.stream().anyMatch(op -> op.kind() == Kind.CREATE);
            boolean removeCut = cut.stream().anyMatch(op -> op.kind() == Kind.REMOVE);
            boolean directory = Files.isDirectory(volumesRoot.resolve(name));
            if (actual.present() && !directory && !removeCut) {
                problems.add(name + " is in the state but its directory is gone; this round: " + history.get(name));
            }
            if (!actual.present() && directory && !createCut) {
                problems.add(name + " is not in the state but its directory is there; this round: " + history.get(name));
            }
        }
        if (!problems.isEmpty()) {
            fail(where + ": " + problems.size() + " volume(s) differ from the acknowledged log:\n  "
                    + String.join("\n  ", problems));
        }
    }

    private static Set<VolumeState> allowedStates(VolumeState acknowledged, List<Op> cut) {
        Set<VolumeState> allowed = new HashSet<>();
        for (int subset = 0; subset < 1 << cut.size(); subset++) {
            VolumeState state = acknowledged;
            for (int i = 0; i < cut.size(); i++) {
                if ((subset & 1 << i) != 0) {
                    VolumeState next = cut.get(i).applyTo(state);
                    state = next == null ? state : next;
                }
            }
            allowed.add(state);
        }
        return allowed;
    }

    /**
     * A Remove cut off by the kill may have deleted the directory but not yet the volume in the state;
     * dockerd reports the Remove as failed, and it is repeated, which must finish the job.
     */
    private void retryRemovesCutByTheKill(String where, PluginClient docker, Map<String, Op> unanswered, Path volumesRoot)
            throws IOException {
        for (Op op : unanswered.values()) {
            if (op.kind() == Kind.REMOVE && model.get(op.volume()).present() && model.get(op.volume()).mounts().isEmpty()) {
                if (!Files.isDirectory(volumesRoot.resolve(op.volume()))) {
                    repeatedRemovesWithoutDirectory++;
                }
                assertEquals("", docker.call("VolumeDriver.Remove", op.body()).err(), where + ": repeating " + op);
                assertTrue(Files.notExists(volumesRoot.resolve(op.volume())), where + ": " + op + " left its directory");
                model.put(op.volume(), VolumeState.ABSENT);
                repeatedRemoves++;
            }
        }
    }

    private static Map<String, VolumeState> readState(PluginClient docker) throws IOException {
        Map<String, VolumeState> state = new HashMap<>();
        PluginClient.Response list = docker.call("VolumeDriver.List", "{}");
        assertEquals("", list.err(), "List after restart");
        for (JsonNode volume : list.json().get("Volumes")) {
            String name = volume.get("Name").asText();
            PluginClient.Response get = docker.call("VolumeDriver.Get", "{\"Name\":\"" + name + "\"}");
            assertEquals("", get.err(), "Get " + name + " after restart");
            JsonNode status = get.json().at("/Volume/Status");
            Map<String, Integer> mounts = new HashMap<>();
            status.path("mounts").fields().forEachRemaining(e -> mounts.put(e.getKey(), e.getValue().asInt()));
            assertEquals(mounts.values().stream().mapToInt(Integer::intValue).sum(), status.path("refs").asInt(),
                    "refs of " + name + " is the sum of its mounts " + mounts);
            state.put(name, new VolumeState(true, mounts));
        }
        return state;
    }

    private static String ownVolume(int client, int index) {
        return "own-" + client + "-" + index;
    }

    /** One connection sending requests until the kill ends it; remembers the request left unanswered. */
    private final class Client implements Runnable {
        final int number;
        final List<String> problems = Collections.synchronizedList(new ArrayList<>());
        long acknowledged;
        Op unanswered;
        private final Random random;
        private final List<String> shared;
        private final Path socket;
        private final String[] ids = new String[2];

        Client(int number, Random random, List<String> shared, Path socket) {
            this.number = number;
            this.random = random;
            this.shared = shared;
            this.socket = socket;
            for (int i = 0; i < ids.length; i++) {
                ids[i] = String.format("%02x%02x", number, i).repeat(16); // 64 hex digits, as Docker's
            }
        }

        @Override
        public void run() {
            try (PluginClient docker = new PluginClient(socket, CALL_TIMEOUT)) {
                while (true) {
                    Op op = next();
                    VolumeState expected = op.applyTo(model.get(op.volume()));
                    unanswered = op;
                    PluginClient.Response response = docker.call(op.endpoint(), op.body());
                    unanswered = null;
                    boolean done = response.status() == 200 && response.err().isEmpty();
                    note(op, done ? "acknowledged" : "refused: " + response.err());
                    if (done != (expected != null)) {
                        problems.add(op + " was " + (done ? "acknowledged" : "refused (" + response.err() + ")")
                                + " while the volume was " + model.get(op.volume()));
                        return;
                    }
                    if (done) {
                        model.compute(op.volume(), (name, state) -> op.applyTo(state));
                        acknowledged++;
                        acknowledgedThisRound.incrementAndGet();
                    }
                }
            } catch (IOException e) {
                if (unanswered != null) {
                    note(unanswered, "sent, answer cut off (" + e.getMessage() + ")");
                }
            }
        }

        private void note(Op op, String outcome) {
            history.computeIfAbsent(op.volume(), name -> Collections.synchronizedList(new ArrayList<>()))
                    .add("client " + number + ": " + op + " " + outcome);
        }

        /** Mostly requests that change something; now and then one that the daemon must refuse. */
        private Op next() {
            String id = ids[random.nextInt(ids.length)];
            if (random.nextInt(10) < 3) {
                String volume = shared.get(random.nextInt(shared.size()));
                boolean mounted = model.get(volume).mounts().containsKey(id);
                return new Op(mounted && random.nextInt(10) < 6 || !mounted && random.nextInt(10) == 0
                        ? Kind.UNMOUNT : Kind.MOUNT, volume, id);
            }
            String volume = ownVolume(number, random.nextInt(OWN_VOLUMES));
            VolumeState state = model.get(volume);
            int dice = random.nextInt(10);
            if (!state.present()) {
                return dice == 0 ? new Op(Kind.MOUNT, volume, id) : new Op(Kind.CREATE, volume, null);
            }
            if (state.mounts().isEmpty()) {
                return dice < 5 ? new Op(Kind.MOUNT, volume, id) : dice < 9 ? new Op(Kind.REMOVE, volume, null)
                        : new Op(Kind.CREATE, volume, null);
            }
            String mountedId = state.mounts().keySet().iterator().next();
            return dice < 5 ? new Op(Kind.UNMOUNT, volume, mountedId) : dice < 8 ? new Op(Kind.MOUNT, volume, id)
                    : new Op(Kind.REMOVE, volume, null);
        }
    }
}
