package io.quodock.ui.admin;

import java.time.Instant;
import java.util.Map;

/**
 * What the daemon tells about itself in {@code GET /v1/state}.
 *
 * @param version         quodock's version
 * @param pid             the daemon's process ID
 * @param startedAt       when it started
 * @param driver          the Docker driver name
 * @param pluginSocket    the socket Docker talks to
 * @param backend         the backend's name
 * @param health          the backend's health
 * @param dockerReachable whether the daemon could ask Docker which containers use which volume
 */
public record DaemonStatus(String version, long pid, Instant startedAt, String driver, String pluginSocket,
                           String backend, Health health, boolean dockerReachable) {

    /**
     * The backend's health facts.
     *
     * @param healthy whether no fact says otherwise
     * @param facts   every fact as text, e.g. {@code volumesRootWritable=true}
     */
    public record Health(boolean healthy, Map<String, String> facts) {
        public Health {
            facts = Map.copyOf(facts);
        }

        /** One line for the status bar and the health history. */
        public String describe() {
            StringBuilder text = new StringBuilder(healthy ? "healthy" : "unhealthy");
            if (!healthy) {
                facts.entrySet().stream().filter(fact -> fact.getValue().equals("false"))
                        .map(Map.Entry::getKey).sorted().forEach(fact -> text.append(", ").append(fact).append(" failed"));
            }
            return text.toString();
        }
    }
}
