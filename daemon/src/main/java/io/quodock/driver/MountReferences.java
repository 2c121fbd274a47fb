package io.quodock.driver;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The container mounts that hold a volume, counted per Docker mount ID with multiplicity: dockerd
 * mounts the same ID twice for {@code docker cp} on a running container and then unmounts it twice.
 * Immutable; every change returns a new value.
 */
public final class MountReferences {
    /** One mount ID: how many Mounts are outstanding, and since when the first of them. */
    public record Reference(int count, Instant since) {
        public Reference {
            if (count < 1) {
                throw new IllegalArgumentException("reference count must be positive: " + count);
            }
            Objects.requireNonNull(since, "since");
        }
    }

    public static final MountReferences NONE = new MountReferences(Map.of());

    private final Map<String, Reference> byId;
    private final int total;

    private MountReferences(Map<String, Reference> byId) {
        this.byId = byId;
        this.total = byId.values().stream().mapToInt(Reference::count).sum();
    }

    public static MountReferences of(Map<String, Reference> byId) {
        return byId.isEmpty() ? NONE : new MountReferences(Collections.unmodifiableMap(new LinkedHashMap<>(byId)));
    }

    /** One more Mount with {@code id}. */
    public MountReferences add(String id, Instant now) {
        Map<String, Reference> next = new LinkedHashMap<>(byId);
        next.merge(id, new Reference(1, now), (old, one) -> new Reference(old.count() + 1, old.since()));
        return of(next);
    }

    /** One Unmount with {@code id}; the caller checks {@link #contains} first. */
    public MountReferences remove(String id) {
        Reference old = byId.get(id);
        if (old == null) {
            throw new IllegalArgumentException("no mount with ID " + id);
        }
        Map<String, Reference> next = new LinkedHashMap<>(byId);
        if (old.count() == 1) {
            next.remove(id);
        } else {
            next.put(id, new Reference(old.count() - 1, old.since()));
        }
        return of(next);
    }

    public boolean contains(String id) {
        return byId.containsKey(id);
    }

    /** All outstanding Mounts, counting an ID mounted twice as two. */
    public int total() {
        return total;
    }

    public boolean isEmpty() {
        return byId.isEmpty();
    }

    public Map<String, Reference> byId() {
        return byId;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof MountReferences refs && refs.byId.equals(byId);
    }

    @Override
    public int hashCode() {
        return byId.hashCode();
    }

    @Override
    public String toString() {
        return byId.toString();
    }
}
