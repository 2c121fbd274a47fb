package io.quodock.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quodock.e2e.PluginClient;
import io.quodock.image.RuntimeImage.Started;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Socket activation as systemd does it, by systemd's own {@code systemd-socket-activate}: it binds and
 * listens on the socket, waits for the first connection, then execs the launcher with the socket as fd 3,
 * {@code LISTEN_FDS=1} and {@code LISTEN_PID} set to its own pid, which the launcher and then the JVM keep.
 */
class SocketActivationIT {
    @TempDir
    Path tmp;

    @Test
    void daemonServesTheSocketItIsPassedFromTheFirstConnectionOnAndLeavesItsFile() throws Exception {
        Path socket = tmp.resolve("plugins/activated.sock");
        try (Started activator = activate(List.of(socket), RuntimeImage.daemonArguments(tmp, "activated"))) {
            awaitFile(activator, socket);
            // Connected before the daemon runs: the kernel queues the connection until the daemon accepts it.
            try (PluginClient docker = new PluginClient(socket)) {
                PluginClient.Response activate = docker.post("Plugin.Activate", "");
                assertEquals(200, activate.status(), activator.output());
                assertEquals("[\"VolumeDriver\"]", activate.json().get("Implements").toString());
                assertEquals("", docker.call("VolumeDriver.Create", "{\"Name\":\"activated\",\"Opts\":null}").err());
                assertEquals("activated", docker.call("VolumeDriver.Get", "{\"Name\":\"activated\"}").json().at("/Volume/Name").asText());
            }
            Path exe = Files.readSymbolicLink(Path.of("/proc/" + activator.pid() + "/exe"));
            assertEquals(RuntimeImage.dir().resolve("bin/java").toRealPath(), exe, "activator, launcher and JVM are one process");
            assertTrue(activator.output().contains("plugin socket " + socket + " passed in by systemd"), activator.output());
            assertEquals("rw-rw----", PosixFilePermissions.toString(Files.getPosixFilePermissions(socket)),
                    "the daemon restricts a passed-in socket to SOCKET_GROUP as it does its own");

            assertEquals(143, activator.terminate(), activator.output());
            assertTrue(Files.exists(socket, LinkOption.NOFOLLOW_LINKS),
                    "the socket file belongs to systemd, which keeps listening: the daemon must not unlink it");
        }
    }

    @Test
    void daemonRefusesASocketPassedInForAnotherPath() throws Exception {
        Path other = tmp.resolve("plugins/other.sock");
        try (Started activator = activate(List.of(other), RuntimeImage.daemonArguments(tmp, "activated"))) {
            awaitFile(activator, other);
            triggerActivation(other);

            assertEquals(1, activator.await(), activator.output());
            assertTrue(activator.output().contains("the socket passed in by the service manager listens on " + other
                    + ", not on " + tmp.resolve("plugins/activated.sock")), activator.output());
        }
    }

    @Test
    void launcherRefusesMoreThanOnePassedSocket() throws Exception {
        Path first = tmp.resolve("plugins/first.sock");
        Path second = tmp.resolve("plugins/second.sock");
        try (Started activator = activate(List.of(first, second), RuntimeImage.daemonArguments(tmp, "first"))) {
            awaitFile(activator, second);
            triggerActivation(first);

            assertEquals(1, activator.await(), activator.output());
            assertTrue(activator.output().contains("systemd passed 2 sockets; quodock.socket must have exactly one ListenStream="),
                    activator.output());
        }
    }

    /** {@code systemd-socket-activate -l SOCKET... bin/quodock ARGUMENTS}. */
    private Started activate(List<Path> sockets, List<String> arguments) throws IOException {
        Files.createDirectories(tmp.resolve("plugins"));
        List<String> command = new ArrayList<>(List.of(socketActivate().toString()));
        for (Path socket : sockets) {
            command.add("--listen=" + socket);
        }
        command.addAll(RuntimeImage.command(RuntimeImage.dir().resolve("bin/quodock"), arguments));
        return Started.start(command, Map.of(), tmp.resolve("activator.log"));
    }

    /** The tool ships with systemd: /usr/bin on Debian 12, /lib/systemd on older releases. */
    private static Path socketActivate() {
        return Stream.of("/usr/bin/systemd-socket-activate", "/lib/systemd/systemd-socket-activate")
                .map(Path::of)
                .filter(Files::isExecutable)
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("systemd-socket-activate is missing: apt-get install systemd"));
    }

    private static void awaitFile(Started activator, Path socket) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + RuntimeImage.TIMEOUT.toNanos();
        while (!Files.exists(socket, LinkOption.NOFOLLOW_LINKS)) {
            if (!activator.isAlive() || System.nanoTime() > deadline) {
                throw new IOException("systemd-socket-activate did not listen on " + socket + ":\n" + activator.output());
            }
            Thread.sleep(20);
        }
    }

    /** A connection is what makes the activator exec the launcher. */
    private static void triggerActivation(Path socket) throws IOException {
        try (PluginClient ignored = new PluginClient(socket)) {
            // connecting is enough
        }
    }
}
