package io.quodock.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The figures of one run, filled in as the run goes, and the two ways they are shown: a Markdown
 * table with the targets of DESIGN.md beside them, and the JSON file.
 */
final class Report {
    /** Durable writes of one mixed run while the state writer was traced. */
    record Fsyncs(long changes, long fsyncs, double meanFsyncMicros, double opsPerSecond) {
        double perChange() {
            return changes == 0 ? Double.NaN : (double) fsyncs / changes;
        }
    }

    private static final double GET_P50_MICROS = 50;
    private static final double PAIR_P50_MICROS = 600;
    private static final double MIXED_OPS = 15_000;
    private static final double LIST_P50_MICROS = 5_000;
    private static final long READY_MILLIS = 300;
    private static final long IDLE_RSS_MIB = 64;

    private final DaemonLaunch launch;
    private final Sizes sizes;
    private final Instant when = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    private String host;
    private String stateFileSystem;

    final List<Duration> starts = new ArrayList<>();
    long idleRssKib;
    long afterRunRssKib;
    long peakRssKib;
    int exitStatus;
    Latencies warmUpGet;
    Latencies warmUpPair;
    MixedLoad.Result warmUpMixed;
    Latencies warmUpList;
    Latencies get;
    Latencies pair;
    MixedLoad.Result mixed;
    Latencies list;
    int listBodyBytes;
    final Map<Integer, Fsyncs> fsyncs = new TreeMap<>();
    String fsyncsUnavailable;

    Report(DaemonLaunch launch, Sizes sizes) {
        this.launch = launch;
        this.sizes = sizes;
    }

    /** Notes the machine: cores, kernel, load at the start, and the file system the state goes to. */
    void environment(Path dir) throws IOException {
        String kernel = Files.readString(Path.of("/proc/sys/kernel/osrelease")).strip();
        String[] load = Files.readString(Path.of("/proc/loadavg")).split(" ");
        host = Runtime.getRuntime().availableProcessors() + " cores, Linux " + kernel + ", load " + load[0] + " " + load[1]
                + " " + load[2] + " at start";
        stateFileSystem = fileSystemOf(dir);
    }

    /** The type and mount point of the file system holding {@code dir}, from /proc/mounts. */
    private static String fileSystemOf(Path dir) throws IOException {
        String path = dir.toRealPath().toString();
        String best = "";
        String type = "unknown";
        for (String line : Files.readAllLines(Path.of("/proc/mounts"))) {
            String[] fields = line.split(" ");
            String mountPoint = fields[1].replace("\\040", " ");
            boolean contains = path.equals(mountPoint) || path.startsWith(mountPoint.endsWith("/") ? mountPoint : mountPoint + "/");
            if (contains && mountPoint.length() >= best.length()) {
                best = mountPoint;
                type = fields[2];
            }
        }
        return type + " on " + best;
    }

    String table() {
        StringBuilder out = new StringBuilder();
        out.append("\nquodock benchmark, ").append(when).append(sizes == Sizes.QUICK ? " (QUICK: not for comparing)" : "")
                .append("\ndaemon: ").append(launch.description())
                .append("\nhost: ").append(host).append("; state on ").append(stateFileSystem).append("\n\n");
        out.append("warm-up, not counted below: ")
                .append(warmUpGet.count()).append(" Get p50 ").append(micros(warmUpGet.summary().p50())).append("; ")
                .append(warmUpPair.count()).append(" Mount+Unmount p50 ").append(micros(warmUpPair.summary().p50())).append("; ")
                .append("mixed ").append(sizes.connections()).append(" connections ").append(sizes.warmUpMixed().toSeconds())
                .append(" s ").append(count(warmUpMixed.opsPerSecond())).append(" ops/s; ")
                .append(warmUpList.count()).append(" List p50 ").append(micros(warmUpList.summary().p50())).append("\n\n");

        out.append("| measurement | measured | target | |\n|---|---|---|---|\n");
        Latencies.Summary g = get.summary();
        row(out, "Get, 1 keep-alive connection (" + g.count() + " calls)", percentiles(g),
                "p50 <= 50 µs", verdict(g.p50() <= GET_P50_MICROS));
        Latencies.Summary p = pair.summary();
        row(out, "durable Mount+Unmount pair, 1 connection (" + p.count() + " pairs)", percentiles(p),
                "p50 <= 600 µs", verdict(p.p50() <= PAIR_P50_MICROS));
        row(out, "mixed load, " + sizes.connections() + " connections, " + sizes.mixed().toSeconds() + " s",
                count(mixed.opsPerSecond()) + " ops/s, " + mixed.errors() + " errors of " + count(mixed.requests()),
                ">= 15,000 ops/s", verdict(mixed.opsPerSecond() >= MIXED_OPS && mixed.errors() == 0));
        mixed.latencies().forEach((op, latencies) -> row(out, "&nbsp;&nbsp;" + name(op),
                percentiles(latencies.summary()), "", ""));
        Latencies.Summary l = list.summary();
        row(out, "List of " + count(sizes.listVolumes()) + " volumes (" + l.count() + " calls)",
                percentiles(l) + ", body " + count(listBodyBytes) + " bytes", "p50 <= 5 ms", verdict(l.p50() <= LIST_P50_MICROS));
        long ready = medianReadyMillis();
        row(out, "start to socket ready, median of " + starts.size() + " (" + (launch.image() ? "jlink image" : "jars") + ")",
                ready + " ms (" + String.join(", ", starts.stream().map(d -> Long.toString(d.toMillis())).toList()) + ")",
                "<= 300 ms from the jlink image",
                launch.image() ? verdict(ready <= READY_MILLIS) : "not comparable: jars, not the image");
        row(out, "RSS idle (10 s after start), after the run, peak", mib(idleRssKib) + ", " + mib(afterRunRssKib) + ", " + mib(peakRssKib),
                "idle <= 64 MB", verdict(idleRssKib <= IDLE_RSS_MIB * 1024));
        row(out, "fsyncs per acknowledged change", fsyncText(), "", "");
        out.append("\nSIGTERM at the end: exit status ").append(exitStatus).append('\n');
        return out.toString();
    }

    private String fsyncText() {
        if (fsyncsUnavailable != null) {
            return "not measured: " + fsyncsUnavailable;
        }
        List<String> parts = new ArrayList<>();
        fsyncs.forEach((clients, f) -> parts.add(String.format(Locale.ROOT,
                "%d client%s: %.2f (%s fsyncs for %s changes, %s each)", clients, clients == 1 ? "" : "s",
                f.perChange(), count(f.fsyncs()), count(f.changes()), micros(f.meanFsyncMicros()))));
        return String.join("; ", parts);
    }

    Map<String, Object> json() {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("when", when.toString());
        root.put("quick", sizes == Sizes.QUICK);
        root.put("daemon", launch.description());
        root.put("host", host);
        root.put("stateFileSystem", stateFileSystem);
        Map<String, Object> warmUp = new LinkedHashMap<>();
        warmUp.put("get", summary(warmUpGet.summary()));
        warmUp.put("mountUnmountPair", summary(warmUpPair.summary()));
        warmUp.put("mixed", mixed(warmUpMixed));
        warmUp.put("list", summary(warmUpList.summary()));
        root.put("warmUp", warmUp);
        root.put("get", summary(get.summary()));
        root.put("mountUnmountPair", summary(pair.summary()));
        root.put("mixed", mixed(mixed));
        Map<String, Object> listJson = summary(list.summary());
        listJson.put("volumes", sizes.listVolumes());
        listJson.put("bodyBytes", listBodyBytes);
        root.put("list", listJson);
        Map<String, Object> ready = new LinkedHashMap<>();
        ready.put("from", launch.image() ? "jlink image" : "jars");
        ready.put("medianMillis", medianReadyMillis());
        ready.put("allMillis", starts.stream().map(Duration::toMillis).toList());
        root.put("startToReady", ready);
        Map<String, Object> rss = new LinkedHashMap<>();
        rss.put("idleKiB", idleRssKib);
        rss.put("afterRunKiB", afterRunRssKib);
        rss.put("peakKiB", peakRssKib);
        root.put("rss", rss);
        Map<String, Object> writes = new LinkedHashMap<>();
        if (fsyncsUnavailable != null) {
            writes.put("unavailable", fsyncsUnavailable);
        }
        fsyncs.forEach((clients, f) -> {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("changes", f.changes());
            one.put("fsyncs", f.fsyncs());
            one.put("fsyncsPerChange", f.perChange());
            one.put("meanFsyncMicros", f.meanFsyncMicros());
            one.put("opsPerSecondWhileTraced", f.opsPerSecond());
            writes.put(clients + (clients == 1 ? " client" : " clients"), one);
        });
        root.put("fsyncs", writes);
        root.put("exitStatusOnSigterm", exitStatus);
        return root;
    }

    private Map<String, Object> mixed(MixedLoad.Result result) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("connections", sizes.connections());
        json.put("seconds", result.elapsed().toMillis() / 1000.0);
        json.put("opsPerSecond", result.opsPerSecond());
        json.put("requests", result.requests());
        json.put("errors", result.errors());
        Map<String, Object> ops = new LinkedHashMap<>();
        result.latencies().forEach((op, latencies) -> ops.put(name(op), summary(latencies.summary())));
        json.put("perOperation", ops);
        return json;
    }

    private static Map<String, Object> summary(Latencies.Summary summary) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("count", summary.count());
        json.put("p50Micros", summary.p50());
        json.put("p99Micros", summary.p99());
        json.put("maxMicros", summary.max());
        return json;
    }

    private long medianReadyMillis() {
        List<Duration> sorted = starts.stream().sorted().toList();
        return sorted.get(sorted.size() / 2).toMillis();
    }

    private static void row(StringBuilder out, String what, String measured, String target, String verdict) {
        out.append("| ").append(what).append(" | ").append(measured).append(" | ").append(target).append(" | ")
                .append(verdict).append(" |\n");
    }

    private static String name(MixedLoad.Op op) {
        String lower = op.name().toLowerCase(Locale.ROOT);
        return Character.toUpperCase(lower.charAt(0)) + lower.substring(1);
    }

    private static String percentiles(Latencies.Summary summary) {
        return "p50 " + micros(summary.p50()) + ", p99 " + micros(summary.p99());
    }

    private static String micros(double micros) {
        return micros >= 1000 ? String.format(Locale.ROOT, "%.2f ms", micros / 1000) : String.format(Locale.ROOT, "%.0f µs", micros);
    }

    private static String mib(long kib) {
        return String.format(Locale.ROOT, "%.1f MiB", kib / 1024.0);
    }

    private static String count(double value) {
        return String.format(Locale.ROOT, "%,.0f", value);
    }

    private static String verdict(boolean met) {
        return met ? "met" : "missed";
    }
}
