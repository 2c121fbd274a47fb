package io.quodock.driver;

import io.quodock.backend.LocalBackend;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@link LocalBackend} whose {@code create} or {@code attach} of one volume waits until the test
 * opens the gate; every other call passes straight through. It exists because the service's
 * guarantees about time (per-volume serialization, parallelism across volumes, timeouts, a Mount
 * that finishes after its caller gave up) can only be shown with a backend call that is in flight
 * exactly as long as the test wants, which latches give without sleeping.
 */
final class GatedBackend implements Backend {
    /** The backend call that waits at the gate. */
    enum Call { CREATE, ATTACH }

    private final LocalBackend local;
    private final String volume;
    private final Call call;
    private final CountDownLatch gate = new CountDownLatch(1);
    private final CountDownLatch entered = new CountDownLatch(1);
    private final AtomicInteger attaches = new AtomicInteger();
    private final AtomicInteger detaches = new AtomicInteger();

    GatedBackend(LocalBackend local, String volume, Call call) {
        this.local = local;
        this.volume = volume;
        this.call = call;
    }

    /** Waits until a gated call has reached the gate; fails the test after {@code seconds}. */
    void awaitEntered(long seconds) throws InterruptedException {
        if (!entered.await(seconds, TimeUnit.SECONDS)) {
            throw new AssertionError("no " + call + " of " + volume + " reached the gate in " + seconds + " s");
        }
    }

    /** Lets the waiting call, and every later one, through. */
    void open() {
        gate.countDown();
    }

    /** How many attach calls returned a path. */
    int attaches() {
        return attaches.get();
    }

    int detaches() {
        return detaches.get();
    }

    @Override
    public String name() {
        return local.name();
    }

    @Override
    public Scope scope() {
        return local.scope();
    }

    @Override
    public Set<String> createOptions() {
        return local.createOptions();
    }

    @Override
    public Provisioned create(String name, CreateOptions options) {
        passGate(Call.CREATE, name);
        return local.create(name, options);
    }

    @Override
    public void remove(Volume volume) {
        local.remove(volume);
    }

    @Override
    public Path attach(Volume volume) {
        passGate(Call.ATTACH, volume.name());
        Path path = local.attach(volume);
        attaches.incrementAndGet();
        return path;
    }

    @Override
    public void detach(Volume volume) {
        detaches.incrementAndGet();
        local.detach(volume);
    }

    private void passGate(Call what, String name) {
        if (what != call || !name.equals(volume)) {
            return;
        }
        entered.countDown();
        try {
            gate.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DriverException(DriverException.Kind.BACKEND, "interrupted at the test gate");
        }
    }
}
