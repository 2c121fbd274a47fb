package io.quodock.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quodock.client.AdminClient;
import io.quodock.client.ServerSentEvent;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code quodock events}: follows the daemon's events until it stops (or Ctrl-C). */
@Command(name = "events", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = {"Follow the daemon's events live: volumes created, removed, mounted, unmounted, references "
                + "dropped, health changes, and every plugin request with its outcome and latency.",
                "Ends when the daemon stops."})
final class EventsCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Mixin
    AdminOptions admin;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (AdminClient client = admin.connect()) {
            client.events(event -> {
                out.println(admin.json ? event.data() : line(event));
                out.flush();
                return !out.checkError();
            });
        }
        return 0;
    }

    private static String line(ServerSentEvent event) {
        JsonNode data;
        try {
            data = JSON.readTree(event.data());
        } catch (IOException e) {
            return event.event() + " " + event.data();
        }
        String time = data.path("time").asText("-");
        String type = String.format("%-18s", event.event());
        return switch (event.event()) {
            case "request" -> time + "  " + type + " " + data.path("method").asText() + " "
                    + data.path("volume").asText("-") + " " + data.path("outcome").asText() + " "
                    + data.path("latencyMicros").asLong() + "us";
            case "dropped" -> "-  " + type + " " + data.path("count").asLong()
                    + " event(s) lost: this client read too slowly; run `quodock status` for the current state";
            case "health-changed" -> time + "  " + type + " " + Output.pairs(data.path("health"));
            default -> time + "  " + type + " " + data.path("volume").asText()
                    + (data.has("mountId") ? " id=" + Output.shortId(data.path("mountId").asText()) : "")
                    + " refs=" + data.path("state").path("refs").asInt();
        };
    }
}
