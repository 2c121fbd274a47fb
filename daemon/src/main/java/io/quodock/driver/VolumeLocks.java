package io.quodock.driver;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One lock per volume name, held only while someone uses it: operations on one volume run one
 * after the other, operations on different volumes in parallel, and names that bad requests
 * invent leave nothing behind.
 */
final class VolumeLocks {
    private static final class Entry {
        final ReentrantLock lock = new ReentrantLock();
        int users;
    }

    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();

    /** Registers interest in {@code name}; pair with {@link #release}. */
    ReentrantLock acquire(String name) {
        return entries.compute(name, (key, entry) -> {
            Entry result = entry == null ? new Entry() : entry;
            result.users++;
            return result;
        }).lock;
    }

    void release(String name) {
        entries.computeIfPresent(name, (key, entry) -> --entry.users == 0 ? null : entry);
    }

    /** Names with a live entry; for tests that check nothing leaks. */
    int size() {
        return entries.size();
    }
}
