package io.quodock.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quodock.client.AdminClient;
import io.quodock.client.AdminException;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code quodock volume ls|inspect|create|rm|map}: volumes through the running daemon's admin API. */
@Command(name = "volume", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Manage volumes through the running daemon (the same checks as Docker's requests).",
        subcommands = {VolumeCommand.Ls.class, VolumeCommand.Inspect.class, VolumeCommand.Create.class,
                VolumeCommand.Rm.class, VolumeCommand.MapCommand.class})
final class VolumeCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "missing subcommand: ls, inspect, create, rm or map");
    }

    @Command(name = "ls", mixinStandardHelpOptions = true, versionProvider = Version.class,
            description = "List volumes with their references and the containers using them.")
    static final class Ls implements Callable<Integer> {
        @Mixin
        AdminOptions admin;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            JsonNode volumes;
            try (AdminClient client = admin.connect()) {
                volumes = client.get("/v1/state").path("volumes");
            }
            PrintWriter out = spec.commandLine().getOut();
            if (admin.json) {
                Output.json(out, volumes);
                return 0;
            }
            Table table = new Table("NAME", "BACKEND", "REFS", "CONTAINERS", "CREATED", "MOUNTPOINT");
            for (JsonNode volume : volumes) {
                table.row(volume.path("name").asText(), volume.path("backend").asText(), volume.path("refs").asText(),
                        Output.containers(volume), volume.path("createdAt").asText(), volume.path("mountpoint").asText());
            }
            table.print(out);
            return 0;
        }
    }

    @Command(name = "inspect", mixinStandardHelpOptions = true, versionProvider = Version.class,
            description = "Show one volume: options, owner, fixed user, every mount ID with its count and since-time, "
                    + "containers.")
    static final class Inspect implements Callable<Integer> {
        @Mixin
        AdminOptions admin;

        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "NAME", description = "The volume.")
        String name;

        @Override
        public Integer call() {
            JsonNode volume;
            try (AdminClient client = admin.connect()) {
                volume = client.get("/v1/volumes/" + name);
            }
            PrintWriter out = spec.commandLine().getOut();
            if (admin.json) {
                Output.json(out, volume);
                return 0;
            }
            Table table = new Table("", "");
            table.row("name", volume.path("name").asText());
            table.row("backend", volume.path("backend").asText());
            table.row("mountpoint", volume.path("mountpoint").asText());
            table.row("created", volume.path("createdAt").asText());
            table.row("owner", volume.path("owner").asText("-"));
            table.row("options", Output.pairs(volume.path("options")));
            table.row("attributes", Output.pairs(volume.path("attributes")));
            JsonNode fixedUser = volume.path("fixedUser");
            if (fixedUser.isObject()) {
                table.row("fixed user", Output.fixedUser(fixedUser.path("current")) + " (" + fixedUser.path("method").asText() + ")");
                if (fixedUser.path("pending").asBoolean()) {
                    table.row("pending", Output.fixedUser(fixedUser.path("next")) + " from the next first mount");
                }
            }
            table.row("refs", volume.path("refs").asText());
            for (JsonNode mount : volume.path("mounts")) {
                table.row("mount", mount.path("id").asText() + " x" + mount.path("count").asInt()
                        + " since " + mount.path("since").asText());
            }
            table.row("containers", Output.containers(volume));
            table.printWithoutHeader(out);
            return 0;
        }
    }

    @Command(name = "create", mixinStandardHelpOptions = true, versionProvider = Version.class,
            description = "Create a volume, as `docker volume create -d <driver>` would.")
    static final class Create implements Callable<Integer> {
        @Mixin
        AdminOptions admin;

        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "NAME", description = "The new volume's name: [a-zA-Z0-9][a-zA-Z0-9_.-]*.")
        String name;

        @Option(names = {"-o", "--opt"}, paramLabel = "KEY=VALUE",
                description = "A create option, e.g. -o user=nobody -o subdirs=data,logs (repeatable).")
        Map<String, String> options = new LinkedHashMap<>();

        @Override
        public Integer call() {
            ObjectNode body = JSON.createObjectNode().put("name", name);
            ObjectNode opts = body.putObject("options");
            options.forEach(opts::put);
            JsonNode volume;
            try (AdminClient client = admin.connect()) {
                volume = client.call("POST", "/v1/volumes", body);
            }
            PrintWriter out = spec.commandLine().getOut();
            if (admin.json) {
                Output.json(out, volume);
            } else {
                out.println(volume.path("name").asText());
            }
            return 0;
        }
    }

    @Command(name = "rm", mixinStandardHelpOptions = true, versionProvider = Version.class,
            description = "Remove volumes; refused for a volume that containers still hold.")
    static final class Rm implements Callable<Integer> {
        @Mixin
        AdminOptions admin;

        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "NAME", arity = "1..*", description = "The volumes to remove.")
        List<String> names;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            int failed = 0;
            try (AdminClient client = admin.connect()) {
                for (String name : names) {
                    try {
                        client.call("DELETE", "/v1/volumes/" + name, null);
                        out.println(name);
                    } catch (AdminException e) {
                        err.println("quodock: " + e.getMessage());
                        failed++;
                    }
                }
            }
            return failed == 0 ? 0 : 1;
        }
    }

    @Command(name = "map", mixinStandardHelpOptions = true, versionProvider = Version.class,
            description = {"Set or clear a volume's fixed-user mapping: every access to the volume then happens as that "
                    + "user and group on the storage, whatever user a container runs as.",
                    "A missing --group is the user's primary group, a missing --user the volume's owner. While "
                            + "containers use the volume, the change waits for its next first mount."})
    static final class MapCommand implements Callable<Integer> {
        @Mixin
        AdminOptions admin;

        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "NAME", description = "The volume.")
        String name;

        @ArgGroup(exclusive = true, multiplicity = "1")
        Mapping mapping;

        static final class Mapping {
            @ArgGroup(exclusive = false, multiplicity = "1")
            To to;

            @Option(names = "--clear", required = true, description = "Remove the mapping.")
            boolean clear;
        }

        static final class To {
            @Option(names = "--user", paramLabel = "USER", description = "User (name or uid) to map to.")
            String user;

            @Option(names = "--group", paramLabel = "GROUP", description = "Group (name or gid) to map to.")
            String group;
        }

        @Override
        public Integer call() {
            JsonNode volume;
            try (AdminClient client = admin.connect()) {
                if (mapping.clear) {
                    volume = client.call("DELETE", "/v1/volumes/" + name + "/fixed-user", null);
                } else {
                    ObjectNode body = JSON.createObjectNode();
                    if (mapping.to.user != null) {
                        body.put("user", mapping.to.user);
                    }
                    if (mapping.to.group != null) {
                        body.put("group", mapping.to.group);
                    }
                    volume = client.call("PUT", "/v1/volumes/" + name + "/fixed-user", body);
                }
            }
            PrintWriter out = spec.commandLine().getOut();
            if (admin.json) {
                Output.json(out, volume);
                return 0;
            }
            JsonNode fixedUser = volume.path("fixedUser");
            String target = mapping.clear ? "no fixed user" : "every access as " + Output.fixedUser(fixedUser.path("next"));
            out.println("volume " + name + ": " + target
                    + (fixedUser.path("pending").asBoolean() ? ", from its next first mount (containers use it now)" : ""));
            return 0;
        }
    }
}
