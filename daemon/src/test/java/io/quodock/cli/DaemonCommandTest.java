package io.quodock.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quodock.backend.quobyte.QuobyteSettings;
import io.quodock.daemon.DaemonConfig;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The daemon's configuration: the original plugin's flags and variables, quodock's own, the env file. */
class DaemonCommandTest {
    private static final String SECRET = "Pa55-in-the-env";

    @TempDir
    Path tmp;

    @Test
    void theOriginalPluginsFlagsWorkWithOneDashOrTwo() throws IOException {
        DaemonConfig config = parse(Map.of(), "--backend", "quobyte", "-api", "http://api.example:7860",
                "--user", "docker", "-tenant_id", "tenant-a", "--configuration_name", "SSD", "-path", "/mnt/q",
                "--registry", "r1:7861,r2:7861", "-options", "-o allow_other", "-group", "docker",
                "-max-fs-checks", "9", "--max-wait-time", "30");

        QuobyteSettings quobyte = config.quobyte();
        assertEquals(URI.create("http://api.example:7860"), quobyte.api().url());
        assertEquals("docker", quobyte.api().user());
        assertEquals("tenant-a", quobyte.tenant());
        assertEquals("SSD", quobyte.configurationName());
        assertEquals(Path.of("/mnt/q"), quobyte.mountPath());
        assertEquals("r1:7861,r2:7861", quobyte.registry());
        assertEquals("-o allow_other", quobyte.mountOptions());
        assertEquals("docker", config.socketGroup());
    }

    @Test
    void withoutFlagsOrVariablesTheOriginalPluginsDefaultsApply() throws IOException {
        QuobyteSettings quobyte = parse(Map.of(), "--backend", "quobyte").quobyte();

        assertEquals(URI.create("http://localhost:7860"), quobyte.api().url());
        assertEquals("admin", quobyte.api().user());
        assertEquals("quobyte", quobyte.api().password());
        assertEquals("localhost:7861", quobyte.registry());
        assertEquals(Path.of("/run/docker/quobyte/mnt"), quobyte.mountPath());
        assertEquals("-o user_xattr", quobyte.mountOptions());
        assertEquals("NO-DEFAULT-CHANGE-ME", quobyte.tenant());
        assertEquals("BASE", quobyte.configurationName());
        assertEquals(QuobyteSettings.DEFAULT_MOUNT_COMMAND, quobyte.mountCommand());
        assertTrue(quobyte.mount());
        assertFalse(quobyte.adoptExisting());
        assertEquals(Duration.ofSeconds(30), quobyte.refreshInterval());
        assertEquals("root", parse(Map.of()).socketGroup());
    }

    @Test
    void theLocalBackendIsTheDefault() throws IOException {
        assertNull(parse(Map.of()).quobyte());
        assertNull(parse(Map.of("QUODOCK_BACKEND", "local")).quobyte());
    }

    @Test
    void variablesGiveTheDefaultsAndFlagsWinOverThem() throws IOException {
        QuobyteSettings quobyte = parse(Map.of("QUODOCK_BACKEND", "quobyte", "QUOBYTE_API_URL", "http://env:7860",
                "QUOBYTE_TENANT_ID", "from-env", "SOCKET_GROUP", "staff"), "-tenant_id", "from-flag").quobyte();

        assertEquals(URI.create("http://env:7860"), quobyte.api().url());
        assertEquals("from-flag", quobyte.tenant());
    }

    @Test
    void aVariableSetToAnEmptyStringWinsOverTheDefaultAsWithGo() throws IOException {
        QuobyteSettings quobyte = parse(Map.of("QUOBYTE_TENANT_ID", "", "QUOBYTE_MOUNT_OPTIONS", ""),
                "--backend", "quobyte").quobyte();

        assertEquals("", quobyte.tenant(), "empty: the server's default tenant");
        assertEquals("", quobyte.mountOptions());
    }

    @Test
    void theEnvFileFillsWhatTheEnvironmentLeavesOpen() throws IOException {
        Path file = envFile("# quobyte/docker-volume's sample",
                "QUODOCK_BACKEND=quobyte",
                "QUOBYTE_API_URL=\"http://from-file:7860\"",
                "QUOBYTE_TENANT_ID=from-file",
                "QUOBYTE_API_PASSWORD=" + SECRET,
                "",
                "SOCKET_GROUP = docker");

        DaemonConfig config = parse(Map.of("QUOBYTE_TENANT_ID", "from-env"), "--env-file", file.toString());

        assertEquals(URI.create("http://from-file:7860"), config.quobyte().api().url());
        assertEquals("from-env", config.quobyte().tenant(), "the environment wins over the file");
        assertEquals(SECRET, config.quobyte().api().password());
        assertEquals("docker", config.socketGroup());
        assertFalse(config.toString().contains(SECRET), config.toString());
    }

    @Test
    void theEnvFileCanBeNamedByAVariable() throws IOException {
        Path file = envFile("QUODOCK_BACKEND=quobyte", "QUOBYTE_REGISTRY=reg:7861");
        assertEquals("reg:7861", parse(Map.of("QUODOCK_ENV_FILE", file.toString())).quobyte().registry());
    }

    @Test
    void aMissingOrMalformedEnvFileIsRefusedWithoutShowingValues() throws IOException {
        IOException missing = assertThrows(IOException.class,
                () -> parse(Map.of(), "--env-file", tmp.resolve("nope.env").toString()));
        assertTrue(missing.getMessage().startsWith("env file " + tmp.resolve("nope.env") + " cannot be read"),
                missing.getMessage());

        Path bad = envFile("QUOBYTE_API_USER=admin", "export QUOBYTE_API_PASSWORD " + SECRET);
        IOException malformed = assertThrows(IOException.class, () -> parse(Map.of(), "--env-file", bad.toString()));
        assertEquals("env file " + bad + " line 2 is not KEY=VALUE (a key is letters, digits and _): fix or remove"
                + " that line", malformed.getMessage());
    }

    @Test
    void thePasswordFileMustBePrivateAndIsTheOnlyPasswordGiven() throws IOException {
        Path file = Files.writeString(tmp.resolve("password"), SECRET + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        assertEquals(SECRET, parse(Map.of(), "--backend", "quobyte", "--password-file", file.toString())
                .quobyte().api().password());

        IllegalArgumentException twice = assertThrows(IllegalArgumentException.class, () -> parse(Map.of(),
                "--backend", "quobyte", "--password-file", file.toString(), "-password", "other"));
        assertTrue(twice.getMessage().contains("give the Quobyte API password once"), twice.getMessage());

        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        IllegalArgumentException open = assertThrows(IllegalArgumentException.class,
                () -> parse(Map.of(), "--backend", "quobyte", "--password-file", file.toString()));
        assertEquals("password file " + file + " is readable by others: chmod 600 " + file, open.getMessage());
    }

    @Test
    void badValuesAreRefusedWithWhatToWriteInstead() {
        IllegalArgumentException backend = assertThrows(IllegalArgumentException.class,
                () -> parse(Map.of(), "--backend", "nfs"));
        assertEquals("backend 'nfs' is unknown: use local or quobyte", backend.getMessage());

        IllegalArgumentException url = assertThrows(IllegalArgumentException.class,
                () -> parse(Map.of(), "--backend", "quobyte", "-api", "quobyte-api:7860"));
        assertTrue(url.getMessage().contains("use e.g. http://quobyte-api:7860"), url.getMessage());

        IllegalArgumentException path = assertThrows(IllegalArgumentException.class,
                () -> parse(Map.of(), "--backend", "quobyte", "-path", "relative/mnt"));
        assertTrue(path.getMessage().contains("is not absolute"), path.getMessage());
    }

    @Test
    void theHelpNeverShowsThePassword() {
        DaemonCommand command = new DaemonCommand();
        CommandLine commandLine = new CommandLine(command);
        command.environment = Map.of("QUOBYTE_API_PASSWORD", SECRET);
        String help = commandLine.getUsageMessage();
        assertTrue(help.contains("-password"), help);
        assertTrue(help.contains("-tenant_id"), help);
        assertFalse(help.contains(SECRET), help);
    }

    private DaemonConfig parse(Map<String, String> environment, String... args) throws IOException {
        DaemonCommand command = new DaemonCommand();
        CommandLine commandLine = new CommandLine(command);
        command.environment = new HashMap<>(environment);
        commandLine.parseArgs(args);
        return command.config();
    }

    private Path envFile(String... lines) throws IOException {
        return Files.write(Files.createTempFile(tmp, "quobyte", ".env"), List.of(lines));
    }
}
