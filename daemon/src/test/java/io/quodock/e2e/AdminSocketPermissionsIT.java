package io.quodock.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Who may use the admin socket: root and the admin group, by the socket's mode 0660; the kernel
 * refuses everyone else before quodock sees a byte. Connects as another user with setpriv. Needs root.
 */
class AdminSocketPermissionsIT {
    /** Connects to argv[1], sends "argv[2] HTTP/1.1" with body argv[3], prints the status line. */
    private static final String CLIENT = String.join("\n",
            "import socket, sys",
            "s = socket.socket(socket.AF_UNIX)",
            "s.connect(sys.argv[1])",
            "body = sys.argv[3].encode()",
            "head = '%s HTTP/1.1\\r\\nHost: localhost\\r\\nContent-Type: application/json\\r\\n' % sys.argv[2]",
            "head += 'Content-Length: %d\\r\\nConnection: close\\r\\n\\r\\n' % len(body)",
            "s.sendall(head.encode() + body)",
            "print(s.makefile('rb').readline().decode().strip())");
    private static final String NOBODY = "65534";

    @TempDir
    Path dir;

    private DaemonProcess daemon;

    @BeforeEach
    void openDirectory() throws IOException {
        // The temporary directory is 0700; other users must reach the socket to be refused by its own mode.
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    @AfterEach
    void stop() throws Exception {
        if (daemon != null) {
            daemon.close();
        }
    }

    private void startDaemon(String adminGroup) throws Exception {
        daemon = new DaemonProcess(dir.resolve("plugins").resolve("quobyte.sock"), dir.resolve("daemon.log"), List.of(
                "daemon", "--plugin-dir", dir.resolve("plugins").toString(), "--state-dir", dir.resolve("state").toString(),
                "--volumes-root", dir.resolve("volumes").toString(), "--run-dir", dir.resolve("run").toString(),
                "--admin-socket", dir.resolve("admin.sock").toString(), "--admin-group", adminGroup,
                "--docker-socket", dir.resolve("docker.sock").toString()));
        daemon.start();
        DaemonLog.awaitServing(daemon, 1);
    }

    @Test
    void adminSocketIsMode0660WithTheAdminGroup() throws Exception {
        startDaemon("nogroup");

        PosixFileAttributes attributes = Files.readAttributes(dir.resolve("admin.sock"), PosixFileAttributes.class,
                LinkOption.NOFOLLOW_LINKS);

        assertEquals("rw-rw----", PosixFilePermissions.toString(attributes.permissions()));
        assertEquals("nogroup", attributes.group().getName());
        assertEquals("root", attributes.owner().getName());
    }

    @Test
    void userOutsideTheAdminGroupIsRefusedBySocketMode() throws Exception {
        startDaemon("root");

        DockerResult asNobody = client(List.of("setpriv", "--reuid=" + NOBODY, "--regid=" + NOBODY, "--clear-groups"),
                "GET /v1/state", "");
        DockerResult asRoot = client(List.of(), "GET /v1/state", "");

        assertNotEquals(0, asNobody.exitCode());
        assertTrue(asNobody.stderr().contains("PermissionError: [Errno 13] Permission denied"), asNobody.stderr());
        assertEquals("HTTP/1.1 200 OK", asRoot.stdout().strip(), asRoot.stderr());
    }

    @Test
    void memberOfTheAdminGroupIsServedAndItsChangeIsLoggedWithItsUserAndGroup() throws Exception {
        startDaemon("nogroup");

        DockerResult created = client(List.of("setpriv", "--reuid=" + NOBODY, "--regid=" + NOBODY, "--clear-groups"),
                "POST /v1/volumes", "{\"name\": \"by-nobody\"}");

        assertEquals("HTTP/1.1 201 Created", created.stdout().strip(), created.stderr());
        assertTrue(daemon.log().contains("admin: create volume by-nobody by user nobody, group nogroup: ok"), daemon.log());
    }

    private DockerResult client(List<String> asUser, String request, String body) throws IOException {
        List<String> command = new ArrayList<>(asUser);
        command.addAll(List.of("/usr/bin/python3", "-c", CLIENT, dir.resolve("admin.sock").toString(), request, body));
        return Command.run(command, Map.of(), Duration.ofSeconds(30));
    }
}
