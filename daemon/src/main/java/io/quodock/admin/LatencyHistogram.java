package io.quodock.admin;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.concurrent.atomic.LongAdder;

/**
 * A latency histogram with fixed buckets from 50 µs to 60 s (Docker's own limit for most calls),
 * recorded without locks, written as a Prometheus {@code histogram} in seconds.
 */
final class LatencyHistogram {
    /** Upper bounds in microseconds; a last, implicit bucket is {@code +Inf}. */
    static final long[] BOUNDS_MICROS = {
        50, 100, 250, 500, 1_000, 2_500, 5_000, 10_000, 25_000, 50_000, 100_000, 250_000, 500_000,
        1_000_000, 2_500_000, 5_000_000, 10_000_000, 30_000_000, 60_000_000,
    };

    private final LongAdder[] buckets = new LongAdder[BOUNDS_MICROS.length + 1];
    private final LongAdder sumMicros = new LongAdder();

    LatencyHistogram() {
        for (int i = 0; i < buckets.length; i++) {
            buckets[i] = new LongAdder();
        }
    }

    void observe(long micros) {
        int i = 0;
        while (i < BOUNDS_MICROS.length && micros > BOUNDS_MICROS[i]) {
            i++;
        }
        buckets[i].increment();
        sumMicros.add(micros);
    }

    /** Writes {@code <name>_bucket}, {@code _sum} and {@code _count} samples with {@code labels} plus {@code le}. */
    void writeTo(PrometheusText text, String name, String... labels) {
        long cumulative = 0;
        String[] withLe = Arrays.copyOf(labels, labels.length + 2);
        withLe[labels.length] = "le";
        for (int i = 0; i < buckets.length; i++) {
            cumulative += buckets[i].sum();
            withLe[labels.length + 1] = i < BOUNDS_MICROS.length ? seconds(BOUNDS_MICROS[i]) : "+Inf";
            text.sample(name + "_bucket", cumulative, withLe);
        }
        text.sample(name + "_sum", sumMicros.sum() / 1e6, labels);
        text.sample(name + "_count", cumulative, labels);
    }

    /** {@code 0.00005}, {@code 1}: bounds as people write them, not {@code 5.0E-5}. */
    static String seconds(long micros) {
        return BigDecimal.valueOf(micros).movePointLeft(6).stripTrailingZeros().toPlainString();
    }
}
