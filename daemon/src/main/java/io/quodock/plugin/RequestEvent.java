package io.quodock.plugin;

import java.time.Instant;
import java.util.Objects;

/**
 * One answered request of Docker's plugin protocol, as {@link PluginHandler} reports it to its
 * {@link RequestListener}.
 *
 * @param method        the endpoint, e.g. {@code VolumeDriver.Mount}; {@code unknown} for paths that are none
 * @param volume        the volume named in the request, or null
 * @param outcome       {@code ok}, or what went wrong: a {@code DriverException} kind in lower case
 *                      ({@code invalid}, {@code not_found}, ...), {@code unknown endpoint} or {@code internal error}
 * @param latencyMicros how long quodock took to answer, in microseconds
 * @param time          when the answer was ready
 */
public record RequestEvent(String method, String volume, String outcome, long latencyMicros, Instant time) {
    public RequestEvent {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(time, "time");
    }

    public boolean ok() {
        return "ok".equals(outcome);
    }
}
