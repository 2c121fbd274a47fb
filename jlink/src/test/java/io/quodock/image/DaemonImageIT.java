package io.quodock.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quodock.e2e.PluginClient;
import io.quodock.image.RuntimeImage.Result;
import io.quodock.image.RuntimeImage.Started;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The daemon image and its tarball as the build made them: modules, launcher, AppCDS archive, the daemon. */
class DaemonImageIT {
    private static final String SHARED = "-Xshare:on -Xlog:class+load=info";

    @TempDir
    Path tmp;

    @Test
    void imageHasTheDaemonAndItsLoggerButNoJavaFx() throws IOException {
        Result listed = RuntimeImage.run(List.of(RuntimeImage.dir().resolve("bin/java").toString(), "--list-modules"), Map.of());

        assertEquals(0, listed.exit(), listed.output());
        List<String> modules = listed.output().lines().map(line -> line.split("@")[0]).toList();
        assertTrue(modules.contains("io.quodock.daemon"), modules.toString());
        assertTrue(modules.contains("org.eclipse.jetty.logging"), modules.toString());
        assertEquals(List.of(), modules.stream().filter(module -> module.startsWith("javafx.")).toList());
    }

    @Test
    void launcherServesActivateCreateAndGetOnTemporaryPaths() throws IOException {
        Path socket = tmp.resolve("plugins/smoke.sock");
        try (Started daemon = Started.start(RuntimeImage.command(RuntimeImage.dir().resolve("bin/quodock"),
                RuntimeImage.daemonArguments(tmp, "smoke")), Map.of(), tmp.resolve("daemon.log"))) {
            daemon.awaitSocket(socket);
            try (PluginClient docker = new PluginClient(socket)) {
                PluginClient.Response activate = docker.post("Plugin.Activate", "");
                assertEquals(200, activate.status());
                assertEquals("[\"VolumeDriver\"]", activate.json().get("Implements").toString());

                assertEquals("", docker.call("VolumeDriver.Create", "{\"Name\":\"smoke\",\"Opts\":{\"subdirs\":\"data\"}}").err());

                PluginClient.Response get = docker.call("VolumeDriver.Get", "{\"Name\":\"smoke\"}");
                assertEquals("", get.err());
                Path mountpoint = Path.of(get.json().at("/Volume/Mountpoint").asText());
                assertEquals(tmp.resolve("volumes/smoke"), mountpoint);
                assertTrue(Files.isDirectory(mountpoint.resolve("data")), "subdirs were made in the volume");
            }
        }
    }

    @Test
    void sigtermToTheLaunchersPidStopsTheJvmItBecame() throws IOException {
        Path socket = tmp.resolve("plugins/term.sock");
        try (Started daemon = Started.start(RuntimeImage.command(RuntimeImage.dir().resolve("bin/quodock"),
                RuntimeImage.daemonArguments(tmp, "term")), Map.of(), tmp.resolve("daemon.log"))) {
            daemon.awaitSocket(socket);
            Path exe = Files.readSymbolicLink(Path.of("/proc/" + daemon.pid() + "/exe"));
            assertEquals(RuntimeImage.dir().resolve("bin/java").toRealPath(), exe, "the launcher execs the image's JVM");

            assertEquals(143, daemon.terminate(), "the JVM ends on SIGTERM after its shutdown hook (128 + 15)");
            assertFalse(Files.exists(socket), "the daemon removed the socket it bound");
            assertTrue(daemon.output().contains("quodock serving driver 'term'"), daemon.output());
        }
    }

    @Test
    void launcherMapsTheDaemonsClassesFromTheAppCdsArchive() throws IOException {
        Result version = RuntimeImage.run(List.of(RuntimeImage.dir().resolve("bin/quodock").toString(), "--version"),
                Map.of("QUODOCK_JAVA_OPTS", SHARED));

        assertEquals(0, version.exit(), version.output());
        assertTrue(version.output().contains("io.quodock.cli.Main source: shared objects file (top)"), version.output());
        assertTrue(version.output().contains("quodock " + RuntimeImage.version()), version.output());
    }

    @Test
    void tarballUnpacksToAnImageThatRunsWithAndWithoutItsArchive() throws IOException {
        Path tarball = Path.of(RuntimeImage.dir() + ".tar.gz");
        Result unpacked = RuntimeImage.run(List.of("tar", "-xzf", tarball.toString(), "-C", tmp.toString()), Map.of());
        assertEquals(0, unpacked.exit(), unpacked.output());
        Path image = tmp.resolve(RuntimeImage.dir().getFileName());
        Path launcher = image.resolve("bin/quodock");

        Result archived = RuntimeImage.run(List.of(launcher.toString(), "--version"), Map.of("QUODOCK_JAVA_OPTS", SHARED));
        assertEquals(0, archived.exit(), archived.output());
        assertTrue(archived.output().contains("io.quodock.cli.Main source: shared objects file (top)"),
                "the archive still maps after a move:\n" + archived.output());

        Files.delete(image.resolve("lib/quodock.jsa"));
        Result plain = RuntimeImage.run(List.of(launcher.toString(), "--version"), Map.of("QUODOCK_JAVA_OPTS", SHARED));
        assertEquals(0, plain.exit(), plain.output());
        assertTrue(plain.output().contains("io.quodock.cli.Main source: jrt:/io.quodock.daemon"), plain.output());
        assertTrue(plain.output().contains("quodock " + RuntimeImage.version()), plain.output());
    }
}
