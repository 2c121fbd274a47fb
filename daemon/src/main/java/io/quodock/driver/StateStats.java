package io.quodock.driver;

/**
 * Counters of the durable state since start, for benchmarks and metrics; adapters read them here
 * rather than from the state package.
 *
 * @param changes   changes acknowledged (each durable)
 * @param fsyncs    fsync calls they cost (concurrent changes share one)
 * @param snapshots times the journal was folded into the snapshot
 */
public record StateStats(long changes, long fsyncs, long snapshots) {
}
