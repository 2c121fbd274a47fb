package io.quodock.ui.fakes;

import io.quodock.client.AdminException;
import io.quodock.client.DaemonUnreachableException;
import io.quodock.ui.admin.AdminClient;
import io.quodock.ui.admin.DaemonEvent;
import io.quodock.ui.admin.DaemonState;
import io.quodock.ui.admin.DaemonStatus;
import io.quodock.ui.admin.FixedUserInfo;
import io.quodock.ui.admin.VolumeInfo;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * An admin API in memory, for view-model tests: it keeps volumes, refuses what the daemon refuses
 * (a volume in use, a name taken), records the calls, and can be told to refuse the next call or to
 * be unreachable. Its event stream is fed by {@link #emit} and ended by {@link #endStream}.
 */
public final class FakeAdminClient implements AdminClient {
    /** Ends the stream when put on the event queue. */
    private static final DaemonEvent END = new DaemonEvent.Dropped();

    public static final DaemonStatus STATUS = new DaemonStatus("0.1.0", 4242, Instant.parse("2026-11-30T10:00:00Z"),
            "quobyte", "/run/docker/plugins/quobyte.sock", "local",
            new DaemonStatus.Health(true, Map.of("volumesRootWritable", "true")), true);

    private final Map<String, VolumeInfo> volumes = new LinkedHashMap<>();
    private final List<String> calls = new ArrayList<>();
    private final BlockingQueue<DaemonEvent> stream = new LinkedBlockingQueue<>();
    private volatile AdminException refuseNext;
    private volatile boolean unreachable;
    private volatile boolean closed;

    public FakeAdminClient(VolumeInfo... initial) {
        for (VolumeInfo volume : initial) {
            volumes.put(volume.name(), volume);
        }
    }

    /** The next call fails with this refusal. */
    public void refuseNext(String kind, String message) {
        refuseNext = new AdminException(400, kind, message);
    }

    /** While true, every call fails as if no daemon listened. */
    public void unreachable(boolean value) {
        unreachable = value;
    }

    public void emit(DaemonEvent event) {
        stream.add(event);
    }

    /** The daemon stops: the stream ends. */
    public void endStream() {
        stream.add(END);
    }

    public synchronized List<String> calls() {
        return List.copyOf(calls);
    }

    public synchronized void put(VolumeInfo volume) {
        volumes.put(volume.name(), volume);
    }

    @Override
    public Path socket() {
        return Path.of("/run/quodock/admin.sock");
    }

    @Override
    public synchronized DaemonState state() {
        call("state");
        return new DaemonState(STATUS, List.copyOf(volumes.values()));
    }

    @Override
    public synchronized VolumeInfo volume(String name) {
        call("volume " + name);
        return existing(name);
    }

    @Override
    public synchronized VolumeInfo create(String name, Map<String, String> options) {
        call("create " + name + " " + options);
        if (volumes.containsKey(name)) {
            throw new AdminException(400, "invalid", "volume " + name + " already exists with options {}");
        }
        VolumeInfo created = new VolumeInfo(name, "local", "/var/lib/quodock/volumes/" + name, Volumes.CREATED,
                options.getOrDefault("user", "root"), options, Map.of(), List.of(), List.of(), FixedUserInfo.NONE);
        volumes.put(name, created);
        return created;
    }

    @Override
    public synchronized void remove(String name) {
        call("remove " + name);
        if (existing(name).inUse()) {
            throw new AdminException(400, "in_use", "volume " + name + " is in use by " + existing(name).refs() + " mount(s)");
        }
        volumes.remove(name);
    }

    @Override
    public synchronized VolumeInfo setFixedUser(String name, String user, String group) {
        call("map " + name + " " + user + " " + group);
        VolumeInfo volume = existing(name);
        String mapping = user + ":" + (group == null ? user : group);
        FixedUserInfo next = volume.inUse() ? new FixedUserInfo(volume.fixedUser().current(), mapping) : new FixedUserInfo(mapping, mapping);
        VolumeInfo changed = Volumes.with(volume, volume.mounts(), volume.containers(), next);
        volumes.put(name, changed);
        return changed;
    }

    @Override
    public synchronized VolumeInfo clearFixedUser(String name) {
        call("unmap " + name);
        VolumeInfo volume = existing(name);
        VolumeInfo changed = Volumes.with(volume, volume.mounts(), volume.containers(), FixedUserInfo.NONE);
        volumes.put(name, changed);
        return changed;
    }

    @Override
    public void events(EventSink sink) {
        synchronized (this) {
            call("events");
        }
        sink.opened();
        try {
            while (!closed) {
                DaemonEvent event = stream.poll(20, TimeUnit.MILLISECONDS);
                if (event == END) {
                    return;
                }
                if (event != null && !sink.accept(event)) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        closed = true;
    }

    private void call(String what) {
        if (unreachable) {
            throw new DaemonUnreachableException(socket(), "no such socket");
        }
        AdminException refusal = refuseNext;
        if (refusal != null) {
            refuseNext = null;
            throw refusal;
        }
        calls.add(what);
    }

    private VolumeInfo existing(String name) {
        VolumeInfo volume = volumes.get(name);
        if (volume == null) {
            throw new AdminException(400, "not_found", "volume " + name + " does not exist");
        }
        return volume;
    }
}
