package io.quodock.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.quodock.client.AdminClient;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code quodock status}: the running daemon, its backend's health, Docker and the volumes at a glance. */
@Command(name = "status", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Show the running daemon, its backend's health, Docker and the volumes at a glance.")
final class StatusCommand implements Callable<Integer> {
    @Mixin
    AdminOptions admin;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        JsonNode state;
        try (AdminClient client = admin.connect()) {
            state = client.get("/v1/state");
        }
        PrintWriter out = spec.commandLine().getOut();
        if (admin.json) {
            Output.json(out, state);
            return 0;
        }
        JsonNode daemon = state.path("daemon");
        JsonNode backend = daemon.path("backend");
        JsonNode docker = daemon.path("docker");
        JsonNode volumes = state.path("volumes");
        int mounted = 0;
        int refs = 0;
        for (JsonNode volume : volumes) {
            mounted += volume.path("refs").asInt() > 0 ? 1 : 0;
            refs += volume.path("refs").asInt();
        }
        JsonNode stats = daemon.path("state");
        out.printf("quodock %s, pid %d, up since %s%n", daemon.path("version").asText(), daemon.path("pid").asLong(),
                daemon.path("startedAt").asText());
        Table table = new Table("", "");
        table.row("driver", daemon.path("driver").asText() + " on " + daemon.path("pluginSocket").asText());
        table.row("admin", daemon.path("adminSocket").asText());
        table.row("backend", backend.path("name").asText() + ", " + (backend.path("healthy").asBoolean() ? "healthy" : "UNHEALTHY")
                + " (" + Output.pairs(backend.path("health")) + ")");
        table.row("docker", (docker.path("reachable").asBoolean() ? "reachable on " + docker.path("socket").asText()
                : "not reachable: " + docker.path("error").asText()));
        table.row("volumes", volumes.size() + ", " + mounted + " mounted, " + refs + " mount reference(s)");
        table.row("state", stats.path("changes").asLong() + " changes, " + stats.path("fsyncs").asLong() + " fsyncs, "
                + stats.path("snapshots").asLong() + " snapshots");
        table.row("events", daemon.path("eventClients").asInt() + " client(s) listening");
        table.printWithoutHeader(out);
        return 0;
    }
}
