package io.quodock.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The harness itself: a private dockerd runs busybox containers, keeps local volumes and cleans up. */
class DockerEngineIT {

    @RegisterExtension
    static final DockerEngineExtension docker = new DockerEngineExtension();

    @Test
    void busyboxContainerPrintsHello() {
        DockerResult result = docker.engine()
                .cliOk("run", "--rm", "--network", "none", BusyboxImage.NAME, "echo", "hello");

        assertEquals("hello\n", result.stdout());
    }

    @Test
    void localVolumeWrittenByOneContainerIsReadByTheNext() {
        DockerEngine engine = docker.engine();
        engine.cliOk("volume", "create", "handover");
        engine.cliOk("run", "--rm", "--network", "none", "--volume", "handover:/data", BusyboxImage.NAME,
                "sh", "-c", "echo written > /data/file");

        DockerResult read = engine.cliOk("run", "--rm", "--network", "none", "--volume", "handover:/data",
                BusyboxImage.NAME, "cat", "/data/file");

        assertEquals("written\n", read.stdout());
    }

    @Test
    void closeEndsDaemonAndContainerdAndRemovesMountsAndFiles() throws Exception {
        DockerEngine engine = new DockerEngine();
        long dockerdPid;
        Path root;
        try (engine) {
            engine.start();
            BusyboxImage.importInto(engine);
            // A running container at close: dockerd must stop it, its shim and its mounts.
            engine.cliOk("run", "--detach", "--network", "none", BusyboxImage.NAME, "sleep", "600");
            dockerdPid = Long.parseLong(Files.readString(engine.pidFile()).strip());
            root = engine.root();
            assertTrue(ProcessTable.mentioningPathsUnder(root).size() >= 3,
                    "expected dockerd, containerd and a shim, found " + ProcessTable.mentioningPathsUnder(root));
            assertFalse(MountTable.mountPointsUnder(root).isEmpty(), "expected mounts under " + root);
        }

        assertFalse(ProcessHandle.of(dockerdPid).map(ProcessHandle::isAlive).orElse(false),
                "dockerd " + dockerdPid + " still running");
        assertEquals(List.of(), ProcessTable.mentioningPathsUnder(root));
        assertEquals(List.of(), MountTable.mountPointsUnder(root));
        assertFalse(Files.exists(root), root + " still exists");
    }
}
