package io.quodock.ui.admin;

import io.quodock.client.AdminException;
import io.quodock.client.DaemonUnreachableException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Runs one admin call off the FX thread and hands its result, or its failure in plain words, back on
 * it. View models call the daemon only through this, so no call blocks the window and no stack trace
 * reaches the user.
 *
 * @param background where blocking calls run
 * @param fx         the FX thread ({@code Platform::runLater}); in view-model tests, the calling thread
 */
public record AdminCalls(Executor background, Executor fx) {

    /** Calls {@code call} in the background, then {@code done} or {@code failed} (with {@link #describe}) on the FX thread. */
    public <T> void run(String what, Supplier<T> call, Consumer<T> done, Consumer<String> failed) {
        background.execute(() -> {
            T result;
            try {
                result = call.get();
            } catch (RuntimeException e) {
                String message = describe(what, e);
                fx.execute(() -> failed.accept(message));
                return;
            }
            fx.execute(() -> done.accept(result));
        });
    }

    /** As {@link #run}, once {@code delay} has passed (at once for zero). */
    public <T> void runAfter(Duration delay, String what, Supplier<T> call, Consumer<T> done, Consumer<String> failed) {
        if (delay.isZero()) {
            run(what, call, done, failed);
            return;
        }
        CompletableFuture.delayedExecutor(delay.toMillis(), TimeUnit.MILLISECONDS, background)
                .execute(() -> run(what, call, done, failed));
    }

    /**
     * A failure as a person reads it: what was tried and the daemon's own words; a message, never a
     * stack trace.
     */
    public static String describe(String what, Throwable failure) {
        if (failure instanceof AdminException refused) {
            String reason = refused.getMessage();
            return switch (refused.kind()) {
                case "internal" -> "Could not " + what + ": the daemon failed unexpectedly (" + reason + ")";
                case "unavailable" -> "Could not " + what + ": this daemon cannot do that (" + reason + ")";
                default -> "Could not " + what + ": " + reason;
            };
        }
        if (failure instanceof DaemonUnreachableException) {
            return "Could not " + what + ": " + failure.getMessage() + "; the console attaches again when it is back";
        }
        String reason = failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
        return "Could not " + what + ": " + reason;
    }
}
