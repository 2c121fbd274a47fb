package io.quodock.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

/**
 * {@code java -jar bench/target/quodock-bench.jar [--image DIR] [--dir DIR] [--json FILE] [--quick]}:
 * starts {@code quodock daemon} as its own process on temporary paths, drives it over its real plugin
 * socket as dockerd would, prints one Markdown table and writes the figures as JSON. See README,
 * "Performance", for what each line means.
 */
public final class Bench {
    private static final String USAGE = """
            usage: java -jar bench/target/quodock-bench.jar [options]
              --image DIR   start DIR/bin/quodock of a jlink image (default: the jars in bench/target/daemon)
              --dir DIR     where the temporary state, volumes and socket go (default: %s); its file system
                            decides what an fsync costs, so keep it on the disk a real daemon would use
              --json FILE   where the figures go (default: bench/target/quodock-bench.json)
              --quick       a few seconds, to check that it works; not for comparing
            """.formatted(System.getProperty("java.io.tmpdir"));

    /** How long the daemon idles after its start before its RSS counts as idle: twice the launcher's trim interval. */
    private static final Duration IDLE = Duration.ofSeconds(10);

    private final DaemonLaunch launch;
    private final Path parent;
    private final Path jsonFile;
    private final Sizes sizes;
    private final Report report;

    private Bench(DaemonLaunch launch, Path parent, Path jsonFile, Sizes sizes) {
        this.launch = launch;
        this.parent = parent;
        this.jsonFile = jsonFile;
        this.sizes = sizes;
        this.report = new Report(launch, sizes);
    }

    public static void main(String[] args) throws Exception {
        Bench bench;
        try {
            bench = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("quodock-bench: " + e.getMessage());
            System.err.print(USAGE);
            System.exit(2);
            return;
        }
        bench.run();
    }

    private static Bench parse(String[] args) throws URISyntaxException {
        Path home = Path.of(Bench.class.getProtectionDomain().getCodeSource().getLocation().toURI()).getParent();
        Path image = null;
        Path parent = Path.of(System.getProperty("java.io.tmpdir"));
        Path json = home.resolve("quodock-bench.json");
        Sizes sizes = Sizes.FULL;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--image" -> image = Path.of(value(args, ++i, "--image"));
                case "--dir" -> parent = Path.of(value(args, ++i, "--dir"));
                case "--json" -> json = Path.of(value(args, ++i, "--json"));
                case "--quick" -> sizes = Sizes.QUICK;
                case "--help", "-h" -> throw new IllegalArgumentException("the options are:");
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        DaemonLaunch launch = image == null ? DaemonLaunch.fromJars(home.resolve("daemon")) : DaemonLaunch.fromImage(image);
        return new Bench(launch, parent, json, sizes);
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }

    private void run() throws Exception {
        Path dir = Files.createTempDirectory(parent, "quodock-bench-");
        boolean finished = false;
        try {
            report.environment(dir);
            String group = Files.readAttributes(dir, PosixFileAttributes.class).group().getName();
            measureStarts(dir, group);
            progress("main run");
            try (BenchDaemon daemon = BenchDaemon.start(launch, dir.resolve("run"), group)) {
                Thread.sleep(IDLE.toMillis());
                report.idleRssKib = daemon.rssKib();
                measure(daemon);
                report.afterRunRssKib = daemon.rssKib();
                report.peakRssKib = daemon.peakRssKib();
                report.exitStatus = daemon.stop();
            }
            System.out.print(report.table());
            Files.createDirectories(jsonFile.toAbsolutePath().getParent());
            Files.writeString(jsonFile, Json.write(report.json()));
            System.out.println("\nfigures written to " + jsonFile);
            finished = true;
        } finally {
            if (finished) {
                deleteTree(dir);
            } else {
                progress("failed; the daemon's log, state and volumes are kept in " + dir);
            }
        }
    }

    private void measureStarts(Path dir, String group) throws IOException, InterruptedException {
        for (int i = 1; i <= sizes.starts(); i++) {
            progress("start " + i + " of " + sizes.starts());
            try (BenchDaemon daemon = BenchDaemon.start(launch, dir.resolve("start-" + i), group)) {
                report.starts.add(daemon.startToReady());
            }
        }
    }

    private void measure(BenchDaemon daemon) throws Exception {
        List<String> pool = new ArrayList<>();
        for (int i = 0; i < sizes.pool(); i++) {
            pool.add(String.format("pool-%03d", i));
        }
        progress("creating the pool of " + pool.size() + " volumes");
        createAll(daemon, pool);

        progress("warm-up");
        report.warmUpGet = sequentialGets(daemon, pool, sizes.warmUpGets());
        report.warmUpPair = sequentialPairs(daemon, pool, sizes.warmUpPairs());
        MixedLoad mixed = new MixedLoad(daemon.socket(), pool);
        report.warmUpMixed = mixed.run(sizes.connections(), sizes.warmUpMixed(), "w");

        progress("Get and Mount+Unmount over one connection");
        report.get = sequentialGets(daemon, pool, sizes.gets());
        report.pair = sequentialPairs(daemon, pool, sizes.pairs());

        progress("mixed load over " + sizes.connections() + " connections for " + sizes.mixed().toSeconds() + " s");
        report.mixed = mixed.run(sizes.connections(), sizes.mixed(), "m");

        progress("fsyncs per change at 1 and " + sizes.connections() + " clients");
        measureFsyncs(daemon, mixed);

        progress("List of " + sizes.listVolumes() + " volumes");
        List<String> more = new ArrayList<>();
        for (int i = pool.size(); i < sizes.listVolumes(); i++) {
            more.add(String.format("list-%05d", i));
        }
        createAll(daemon, more);
        byte[] list = PluginConnection.request("VolumeDriver.List", "{}");
        try (PluginConnection connection = new PluginConnection(daemon.socket())) {
            report.warmUpList = timed(connection, list, sizes.warmUpLists());
            report.list = timed(connection, list, sizes.lists());
            report.listBodyBytes = connection.call(list).bodyLength();
        }
    }

    private void measureFsyncs(BenchDaemon daemon, MixedLoad mixed) throws IOException, InterruptedException {
        OptionalLong writer = daemon.stateWriterThread();
        if (writer.isEmpty()) {
            report.fsyncsUnavailable = "the daemon has no thread named quodock-state-writer to trace";
            return;
        }
        for (int clients : new int[] {1, sizes.connections()}) {
            FsyncCounter counter;
            try {
                counter = FsyncCounter.attach(writer.getAsLong(), daemon.socket().getParent().getParent());
            } catch (IOException e) {
                report.fsyncsUnavailable = e.getMessage();
                return;
            }
            MixedLoad.Result result = mixed.run(clients, sizes.fsyncRun(), "f" + clients);
            FsyncCounter.Syncs syncs = counter.stop();
            report.fsyncs.put(clients, new Report.Fsyncs(result.changes(), syncs.calls(), syncs.meanMicros(),
                    result.opsPerSecond()));
        }
    }

    private static Latencies sequentialGets(BenchDaemon daemon, List<String> pool, int count) throws IOException {
        Latencies latencies = new Latencies();
        try (PluginConnection connection = new PluginConnection(daemon.socket())) {
            for (int i = 0; i < count; i++) {
                byte[] get = PluginConnection.request("VolumeDriver.Get", "{\"Name\":\"" + pool.get(i % pool.size()) + "\"}");
                long start = System.nanoTime();
                expectOk(connection.call(get), "Get");
                latencies.add(System.nanoTime() - start);
            }
        }
        return latencies;
    }

    private static Latencies sequentialPairs(BenchDaemon daemon, List<String> pool, int count) throws IOException {
        Latencies latencies = new Latencies();
        try (PluginConnection connection = new PluginConnection(daemon.socket())) {
            for (int i = 0; i < count; i++) {
                String body = "{\"Name\":\"" + pool.get(i % pool.size()) + "\",\"ID\":\"" + "f".repeat(64) + "\"}";
                byte[] mount = PluginConnection.request("VolumeDriver.Mount", body);
                byte[] unmount = PluginConnection.request("VolumeDriver.Unmount", body);
                long start = System.nanoTime();
                expectOk(connection.call(mount), "Mount");
                expectOk(connection.call(unmount), "Unmount");
                latencies.add(System.nanoTime() - start);
            }
        }
        return latencies;
    }

    private static Latencies timed(PluginConnection connection, byte[] request, int count) throws IOException {
        Latencies latencies = new Latencies();
        for (int i = 0; i < count; i++) {
            long start = System.nanoTime();
            expectOk(connection.call(request), "List");
            latencies.add(System.nanoTime() - start);
        }
        return latencies;
    }

    /** Creates {@code names} over as many connections as the mixed load uses. */
    private void createAll(BenchDaemon daemon, List<String> names) throws IOException, InterruptedException {
        int connections = sizes.connections();
        ExecutorService threads = Executors.newFixedThreadPool(connections);
        try {
            List<Future<Void>> done = new ArrayList<>();
            for (int c = 0; c < connections; c++) {
                int first = c;
                done.add(threads.submit(() -> {
                    try (PluginConnection connection = new PluginConnection(daemon.socket())) {
                        for (int i = first; i < names.size(); i += connections) {
                            expectOk(connection.call(PluginConnection.request("VolumeDriver.Create",
                                    "{\"Name\":\"" + names.get(i) + "\",\"Opts\":null}")), "Create " + names.get(i));
                        }
                    }
                    return null;
                }));
            }
            for (Future<Void> future : done) {
                future.get();
            }
        } catch (ExecutionException e) {
            throw new IOException("creating volumes failed: " + e.getCause().getMessage(), e.getCause());
        } finally {
            threads.shutdownNow();
        }
    }

    private static void expectOk(PluginConnection.Answer answer, String what) throws IOException {
        if (!answer.ok()) {
            throw new IOException(what + " failed with HTTP " + answer.status() + "; see daemon.log");
        }
    }

    private static void progress(String step) {
        System.err.println("quodock-bench: " + step);
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.delete(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
