import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The AppCDS training run of a quodock runtime image, run by link-image.sh at build time:
 * {@code java TrainingRun.java IMAGE}.
 *
 * <p>It starts the image's own {@code bin/quodock daemon} on temporary paths, on the local backend and
 * without reading the host's env file, with
 * {@code -XX:ArchiveClassesAtExit=IMAGE/lib/quodock.jsa}, speaks Docker's plugin protocol to it as dockerd
 * does (every endpoint in the order Docker calls them, plus the refusals of a bad name and of an unknown
 * volume), stops it with SIGTERM as systemd does, and checks that the JVM wrote the archive on its way
 * out. A daemon that fails any of this fails the build.
 */
public final class TrainingRun {
    private static final long READY_SECONDS = 30;
    private static final long STOP_SECONDS = 60;

    public static void main(String[] args) throws Exception {
        Path image = Path.of(args[0]).toAbsolutePath();
        Path archive = image.resolve("lib/quodock.jsa");
        Path work = Files.createTempDirectory("quodock-training-");
        try {
            train(image, archive, work);
        } finally {
            deleteTree(work);
        }
        System.out.println("AppCDS archive " + image.relativize(archive) + ": " + Files.size(archive) / (1024 * 1024) + " MB");
    }

    private static void train(Path image, Path archive, Path work) throws Exception {
        Files.deleteIfExists(archive);
        Path socket = work.resolve("plugins/training.sock");
        Path log = work.resolve("daemon.log");
        String group = Files.readAttributes(work, PosixFileAttributes.class).group().getName();
        ProcessBuilder builder = new ProcessBuilder(image.resolve("bin/quodock").toString(), "daemon",
                "--driver-name", "training", "--plugin-dir", socket.getParent().toString(),
                "--state-dir", work.resolve("state").toString(), "--volumes-root", work.resolve("volumes").toString(),
                "--run-dir", work.resolve("run").toString(), "--admin-socket", work.resolve("admin.sock").toString(),
                "--socket-group", group, "--admin-group", group, "--backend", "local", "--env-file", "/dev/null")
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        // picocli's classes are Java 5 class files, which CDS cannot archive: one warning each, silenced.
        builder.environment().put("QUODOCK_JAVA_OPTS", "-XX:ArchiveClassesAtExit=" + archive + " -Xlog:cds=error");
        Process daemon = builder.start();
        try {
            awaitSocket(daemon, socket, log);
            try (SocketChannel docker = SocketChannel.open(StandardProtocolFamily.UNIX)) {
                docker.connect(UnixDomainSocketAddress.of(socket));
                String id = "f".repeat(64);
                for (String[] call : List.of(
                        new String[] {"Plugin.Activate", ""},
                        new String[] {"VolumeDriver.Capabilities", "{}"},
                        new String[] {"VolumeDriver.Create", "{\"Name\":\"training\",\"Opts\":{\"subdirs\":\"data,logs\"}}"},
                        new String[] {"VolumeDriver.Get", "{\"Name\":\"training\"}"},
                        new String[] {"VolumeDriver.List", "{}"},
                        new String[] {"VolumeDriver.Mount", "{\"Name\":\"training\",\"ID\":\"" + id + "\"}"},
                        new String[] {"VolumeDriver.Path", "{\"Name\":\"training\"}"},
                        new String[] {"VolumeDriver.Unmount", "{\"Name\":\"training\",\"ID\":\"" + id + "\"}"},
                        new String[] {"VolumeDriver.Remove", "{\"Name\":\"training\"}"},
                        new String[] {"VolumeDriver.Get", "{\"Name\":\"training\"}"},
                        new String[] {"VolumeDriver.Create", "{\"Name\":\"no/slashes\",\"Opts\":null}"})) {
                    call(docker, call[0], call[1]);
                }
            }
        } finally {
            daemon.destroy(); // SIGTERM: the JVM dumps the archive while it exits
            if (!daemon.waitFor(STOP_SECONDS, TimeUnit.SECONDS)) {
                daemon.destroyForcibly().waitFor();
                throw new IOException("the training daemon did not stop within " + STOP_SECONDS + " s:\n" + Files.readString(log));
            }
        }
        if (!Files.isRegularFile(archive) || Files.size(archive) == 0) {
            throw new IOException("the training run wrote no AppCDS archive " + archive + ":\n" + Files.readString(log));
        }
    }

    private static void awaitSocket(Process daemon, Path socket, Path log) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(READY_SECONDS);
        while (System.nanoTime() < deadline) {
            if (!daemon.isAlive()) {
                throw new IOException("the training daemon exited with " + daemon.exitValue() + ":\n" + Files.readString(log));
            }
            try (SocketChannel probe = SocketChannel.open(StandardProtocolFamily.UNIX)) {
                probe.connect(UnixDomainSocketAddress.of(socket));
                return;
            } catch (IOException notYet) {
                Thread.sleep(20);
            }
        }
        throw new IOException("the training daemon did not serve " + socket + " within " + READY_SECONDS + " s:\n"
                + Files.readString(log));
    }

    /** One request as dockerd sends it (empty Host, body ending in a newline); the plugin answers 200 even for refusals. */
    private static void call(SocketChannel docker, String endpoint, String body) throws IOException {
        byte[] content = (body.isEmpty() ? "" : body + "\n").getBytes(StandardCharsets.UTF_8);
        String head = "POST /" + endpoint + " HTTP/1.1\r\nHost: \r\nUser-Agent: Go-http-client/1.1\r\n"
                + "Content-Length: " + content.length + "\r\nAccept: application/vnd.docker.plugins.v1.2+json\r\n\r\n";
        ByteBuffer request = ByteBuffer.allocate(head.length() + content.length);
        request.put(head.getBytes(StandardCharsets.US_ASCII)).put(content).flip();
        while (request.hasRemaining()) {
            docker.write(request);
        }
        String response = readResponse(docker);
        if (!response.startsWith("HTTP/1.1 200 ")) {
            throw new IOException(endpoint + " was answered " + response);
        }
    }

    private static String readResponse(SocketChannel docker) throws IOException {
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        ByteBuffer buffer = ByteBuffer.allocate(8192);
        while (true) {
            String text = received.toString(StandardCharsets.ISO_8859_1);
            int end = text.indexOf("\r\n\r\n");
            if (end >= 0) {
                int length = contentLength(text.substring(0, end));
                if (text.length() >= end + 4 + length) {
                    return text.substring(0, end + 4 + length);
                }
            }
            buffer.clear();
            if (docker.read(buffer) < 0) {
                throw new IOException("the daemon closed the connection after: " + text);
            }
            received.write(buffer.array(), 0, buffer.position());
        }
    }

    private static int contentLength(String head) throws IOException {
        for (String line : head.split("\r\n")) {
            if (line.regionMatches(true, 0, "Content-Length:", 0, 15)) {
                return Integer.parseInt(line.substring(15).trim());
            }
        }
        throw new IOException("response without Content-Length: " + head);
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
