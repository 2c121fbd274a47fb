package io.quodock.bench;

import java.util.Arrays;

/** Response times of one kind of call, kept whole (a run holds at most a few hundred thousand). */
final class Latencies {
    /** Percentiles in microseconds. */
    record Summary(int count, double p50, double p99, double max) {
    }

    private long[] nanos = new long[1024];
    private int count;

    void add(long elapsedNanos) {
        if (count == nanos.length) {
            nanos = Arrays.copyOf(nanos, count * 2);
        }
        nanos[count++] = elapsedNanos;
    }

    void addAll(Latencies other) {
        for (int i = 0; i < other.count; i++) {
            add(other.nanos[i]);
        }
    }

    int count() {
        return count;
    }

    /** Nearest-rank percentiles. */
    Summary summary() {
        if (count == 0) {
            return new Summary(0, Double.NaN, Double.NaN, Double.NaN);
        }
        long[] sorted = Arrays.copyOf(nanos, count);
        Arrays.sort(sorted);
        return new Summary(count, micros(sorted, 0.50), micros(sorted, 0.99), sorted[count - 1] / 1000.0);
    }

    private static double micros(long[] sorted, double percentile) {
        int rank = (int) Math.ceil(percentile * sorted.length);
        return sorted[Math.max(rank, 1) - 1] / 1000.0;
    }
}
