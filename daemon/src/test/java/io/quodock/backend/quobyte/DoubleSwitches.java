package io.quodock.backend.quobyte;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;

/**
 * The misbehaviours a {@link QuobyteApiDouble} can be switched to, read by its handler on every request. Thread-safe:
 * tests flip switches while requests are in flight.
 */
final class DoubleSwitches {

    /** A canned JSON-RPC error for every call of one method. */
    record Failure(long code, String message) {
    }

    private volatile Duration latency = Duration.ZERO;
    private volatile CountDownLatch hang;
    private volatile boolean answerHtml;
    private volatile boolean newerErrorStyle;
    private final Map<String, Failure> failures = new ConcurrentHashMap<>();

    void setLatency(Duration latency) {
        this.latency = Objects.requireNonNull(latency, "latency");
    }

    synchronized void hang() {
        if (hang == null) {
            hang = new CountDownLatch(1);
        }
    }

    synchronized void release() {
        CountDownLatch released = hang;
        hang = null;
        if (released != null) {
            released.countDown();
        }
    }

    void setAnswerHtml(boolean answerHtml) {
        this.answerHtml = answerHtml;
    }

    boolean answerHtml() {
        return answerHtml;
    }

    void setNewerErrorStyle(boolean newerErrorStyle) {
        this.newerErrorStyle = newerErrorStyle;
    }

    boolean newerErrorStyle() {
        return newerErrorStyle;
    }

    void fail(String method, long code, String message) {
        failures.put(method, new Failure(code, message));
    }

    void clearFailures() {
        failures.clear();
    }

    Optional<Failure> failureFor(String method) {
        return Optional.ofNullable(failures.get(method));
    }

    /** Holds an answer back: first the latency, then for as long as the double hangs. */
    void delayAnswer() throws InterruptedException {
        Duration delay = latency;
        if (!delay.isZero()) {
            Thread.sleep(delay.toMillis());
        }
        CountDownLatch gate = hang;
        if (gate != null) {
            gate.await();
        }
    }
}
