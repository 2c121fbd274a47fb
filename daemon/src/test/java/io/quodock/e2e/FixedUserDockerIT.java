package io.quodock.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quodock.daemon.Daemon;
import io.quodock.daemon.DaemonConfig;
import io.quodock.mount.MountLeakCheck;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A fixed-user mapping seen by containers of a real dockerd: quodock serves on the plugin socket that
 * dockerd discovers in /run/docker/plugins, with its state, volumes and views in a temporary directory.
 */
class FixedUserDockerIT {
    private static final String DRIVER = "qdfixed" + ProcessHandle.current().pid();

    @RegisterExtension
    static final DockerEngineExtension docker = new DockerEngineExtension();

    @TempDir
    Path dir;
    @RegisterExtension
    final MountLeakCheck leaks = new MountLeakCheck(() -> dir);

    private Daemon daemon;

    @BeforeEach
    void startQuodock() throws Exception {
        daemon = new Daemon(new DaemonConfig(DRIVER, Path.of("/run/docker/plugins"), "root", dir.resolve("state"),
                dir.resolve("volumes"), Duration.ofSeconds(45), null, dir.resolve("spec"), null, dir.resolve("run"),
                dir.resolve("admin.sock"), "root", dir.resolve("docker.sock"), false));
        daemon.start();
    }

    @AfterEach
    void stopQuodock() throws Exception {
        daemon.stop();
    }

    @Test
    void containersRunningAsRootAndAsUid999BothWriteAsTheMappedUserAndGroup() throws Exception {
        DockerEngine engine = docker.engine();
        engine.cliOk("volume", "create", "--driver", DRIVER, "--opt", "user=1234", "--opt", "group=1234",
                "--opt", "fixed_user=1234", "--opt", "fixed_group=2345", "dbdata");
        Path backing = dir.resolve("volumes/dbdata");

        DockerResult asRoot = engine.cli("run", "--rm", "--network", "none", "--volume", "dbdata:/data",
                BusyboxImage.NAME, "sh", "-c", "echo root > /data/by-root");
        DockerResult as999 = engine.cli("run", "--rm", "--network", "none", "--user", "999", "--volume", "dbdata:/data",
                BusyboxImage.NAME, "sh", "-c", "echo 999 > /data/by-999 && ls -ln /data");

        assertEquals(0, asRoot.exitCode(), asRoot.stderr());
        assertEquals(0, as999.exitCode(), "uid 999 could not write: " + as999.stderr());
        assertEquals(List.of(1234, 1234), owner(backing), "the backing directory belongs to 1234, not to 999");
        assertEquals(List.of(1234, 2345), owner(backing.resolve("by-root")));
        assertEquals(List.of(1234, 2345), owner(backing.resolve("by-999")));
        assertTrue(as999.stdout().contains(" 1234 ") && as999.stdout().contains(" 2345 "),
                "inside the container the files show the mapped owner: " + as999.stdout());
        String status = engine.cliOk("volume", "inspect", "--format", "{{json .Status}}", "dbdata").stdout();
        assertTrue(status.contains("\"fixedUser\":\"1234:2345\"") && status.contains("\"fixedUserMethod\":\"bindfs\""),
                status);
        assertEquals(List.of(), MountLeakCheck.mountPointsUnder(dir), "the view outlived the last container");
        engine.cliOk("volume", "rm", "dbdata");
    }

    private static List<Integer> owner(Path file) throws IOException {
        return List.of((Integer) Files.getAttribute(file, "unix:uid", LinkOption.NOFOLLOW_LINKS),
                (Integer) Files.getAttribute(file, "unix:gid", LinkOption.NOFOLLOW_LINKS));
    }
}
