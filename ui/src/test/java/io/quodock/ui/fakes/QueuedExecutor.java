package io.quodock.ui.fakes;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** Stands in for the FX thread: tasks wait in order until the test runs them, as the FX thread runs its queue. */
public final class QueuedExecutor implements Executor {
    private final BlockingQueue<Runnable> tasks = new LinkedBlockingQueue<>();

    @Override
    public void execute(Runnable task) {
        tasks.add(task);
    }

    /** Runs queued tasks until {@code condition} holds, failing after five seconds. */
    public void runUntil(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!condition.getAsBoolean()) {
            Runnable task = tasks.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (task == null) {
                throw new AssertionError("condition not met within 5 s");
            }
            task.run();
        }
    }

    /** Runs what is queued now. */
    public void runPending() {
        for (Runnable task = tasks.poll(); task != null; task = tasks.poll()) {
            task.run();
        }
    }
}
