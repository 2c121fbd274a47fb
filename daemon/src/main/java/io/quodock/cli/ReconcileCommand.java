package io.quodock.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quodock.client.AdminClient;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code quodock reconcile [--apply]}: stale mount references, compared with Docker's containers. */
@Command(name = "reconcile", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = {"Compare the daemon's mount references with Docker's containers: a volume with references "
                + "but no container holding it (Docker's Unmount never arrived, say because the daemon was down) "
                + "has stale references.",
                "Lists them by default; --apply drops them and releases the volume. A volume a container holds "
                        + "is never touched."})
final class ReconcileCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Mixin
    AdminOptions admin;

    @Spec
    CommandSpec spec;

    @Option(names = "--apply", description = "Drop the stale references (default: only list them).")
    boolean apply;

    @Override
    public Integer call() {
        JsonNode report;
        try (AdminClient client = admin.connect()) {
            report = client.call("POST", "/v1/reconcile", JSON.createObjectNode().put("apply", apply));
        }
        PrintWriter out = spec.commandLine().getOut();
        if (admin.json) {
            Output.json(out, report);
            return 0;
        }
        JsonNode stale = report.path("stale");
        JsonNode inUse = report.path("inUse");
        if (stale.isEmpty()) {
            out.println("no stale references");
        } else {
            out.println(apply ? "dropped stale references:" : "stale references (no container holds them):");
            Table table = new Table("VOLUME", "REFS", "MOUNT IDS");
            for (JsonNode volume : stale) {
                int refs = 0;
                for (JsonNode mount : volume.path("mounts")) {
                    refs += mount.path("count").asInt();
                }
                table.row(volume.path("volume").asText(), Integer.toString(refs), Output.mounts(volume.path("mounts")));
            }
            table.print(out);
        }
        if (!inUse.isEmpty()) {
            out.println("in use, left alone:");
            Table table = new Table("VOLUME", "REFS", "CONTAINERS");
            for (JsonNode volume : inUse) {
                table.row(volume.path("volume").asText(), volume.path("refs").asText(), Output.containers(volume));
            }
            table.print(out);
        }
        if (!apply && !stale.isEmpty()) {
            out.println("dry run: nothing changed; `quodock reconcile --apply` drops the stale references");
        }
        return 0;
    }
}
