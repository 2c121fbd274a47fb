package io.quodock.bench;

import java.time.Duration;

/**
 * How much each part of the run does. {@link #FULL} is what the README's table comes from; {@link #QUICK}
 * checks that the benchmark works, in a few seconds, and its numbers are not for comparing.
 */
record Sizes(int starts, int pool, int warmUpGets, int gets, int warmUpPairs, int pairs, int connections,
             Duration warmUpMixed, Duration mixed, Duration fsyncRun, int listVolumes, int warmUpLists, int lists) {

    static final Sizes FULL = new Sizes(5, 100, 20_000, 20_000, 1_000, 2_000, 16,
            Duration.ofSeconds(3), Duration.ofSeconds(10), Duration.ofSeconds(3), 10_000, 20, 200);

    static final Sizes QUICK = new Sizes(2, 100, 2_000, 2_000, 100, 200, 16,
            Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(1), 10_000, 5, 20);
}
