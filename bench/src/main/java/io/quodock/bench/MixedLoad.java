package io.quodock.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Docker-like traffic over several connections, one client thread each. A cycle is: Create a new
 * volume, Get three volumes of the pool, List, Mount and Unmount two volumes of the pool (with the
 * client's own mount IDs), Remove the new volume: ten requests, six of them durable changes. Clients
 * run whole cycles until the time is up.
 */
final class MixedLoad {
    /** The requests of a cycle. */
    enum Op { CREATE, GET, LIST, MOUNT, UNMOUNT, REMOVE }

    /**
     * @param elapsed  from the first request to the last answer
     * @param requests answered requests
     * @param errors   answers that were not HTTP 200 with an empty Err
     * @param changes  acknowledged durable changes (Create, Mount, Unmount, Remove answered without Err)
     */
    record Result(Duration elapsed, long requests, long errors, long changes, Map<Op, Latencies> latencies) {
        double opsPerSecond() {
            return requests / (elapsed.toNanos() / 1e9);
        }
    }

    private static final byte[] LIST = PluginConnection.request("VolumeDriver.List", "{}");

    private final Path socket;
    private final List<String> pool;

    MixedLoad(Path socket, List<String> pool) {
        this.socket = socket;
        this.pool = List.copyOf(pool);
    }

    /** Runs {@code clients} connections for {@code duration}; {@code tag} keeps volume names of runs apart. */
    Result run(int clients, Duration duration, String tag) throws IOException, InterruptedException {
        ExecutorService threads = Executors.newFixedThreadPool(clients);
        try {
            long started = System.nanoTime();
            long deadline = started + duration.toNanos();
            List<Future<Client>> futures = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                Client client = new Client(tag + "-" + c, c);
                futures.add(threads.submit((Callable<Client>) () -> client.runUntil(deadline)));
            }
            Map<Op, Latencies> latencies = new EnumMap<>(Op.class);
            for (Op op : Op.values()) {
                latencies.put(op, new Latencies());
            }
            long requests = 0;
            long errors = 0;
            long changes = 0;
            for (Future<Client> future : futures) {
                Client client = await(future);
                client.latencies.forEach((op, l) -> latencies.get(op).addAll(l));
                requests += client.requests;
                errors += client.errors;
                changes += client.changes;
            }
            return new Result(Duration.ofNanos(System.nanoTime() - started), requests, errors, changes, latencies);
        } finally {
            threads.shutdownNow();
        }
    }

    private static Client await(Future<Client> future) throws IOException, InterruptedException {
        try {
            return future.get();
        } catch (ExecutionException e) {
            throw new IOException("a client of the mixed load failed: " + e.getCause(), e.getCause());
        }
    }

    private final class Client {
        private final String prefix;
        private final String[] mountIds = new String[2];
        private final Map<Op, Latencies> latencies = new EnumMap<>(Op.class);
        private long requests;
        private long errors;
        private long changes;

        Client(String prefix, int number) {
            this.prefix = prefix;
            for (int slot = 0; slot < mountIds.length; slot++) {
                mountIds[slot] = String.format("%032x%032x", number, slot);
            }
            for (Op op : Op.values()) {
                latencies.put(op, new Latencies());
            }
        }

        Client runUntil(long deadline) throws IOException {
            ThreadLocalRandom random = ThreadLocalRandom.current();
            try (PluginConnection connection = new PluginConnection(socket)) {
                for (long cycle = 0; System.nanoTime() < deadline; cycle++) {
                    String own = "{\"Name\":\"" + prefix + "-" + cycle + "\"}";
                    call(connection, Op.CREATE, PluginConnection.request("VolumeDriver.Create",
                            "{\"Name\":\"" + prefix + "-" + cycle + "\",\"Opts\":null}"));
                    for (int i = 0; i < 3; i++) {
                        call(connection, Op.GET, PluginConnection.request("VolumeDriver.Get", named(random)));
                    }
                    call(connection, Op.LIST, LIST);
                    for (String id : mountIds) {
                        String mount = "{\"Name\":\"" + pool.get(random.nextInt(pool.size())) + "\",\"ID\":\"" + id + "\"}";
                        call(connection, Op.MOUNT, PluginConnection.request("VolumeDriver.Mount", mount));
                        call(connection, Op.UNMOUNT, PluginConnection.request("VolumeDriver.Unmount", mount));
                    }
                    call(connection, Op.REMOVE, PluginConnection.request("VolumeDriver.Remove", own));
                }
            }
            return this;
        }

        private String named(ThreadLocalRandom random) {
            return "{\"Name\":\"" + pool.get(random.nextInt(pool.size())) + "\"}";
        }

        private void call(PluginConnection connection, Op op, byte[] request) throws IOException {
            long start = System.nanoTime();
            PluginConnection.Answer answer = connection.call(request);
            latencies.get(op).add(System.nanoTime() - start);
            requests++;
            if (!answer.ok()) {
                errors++;
            } else if (op != Op.GET && op != Op.LIST) {
                changes++;
            }
        }
    }
}
