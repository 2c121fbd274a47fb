package io.quodock.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The {@code busybox:latest} image, made offline because there is no image registry: Debian's
 * statically linked busybox (package busybox-static) plus a symlink for each of its applets, so that
 * {@code sh}, {@code cat}, {@code sleep}, {@code id} and the rest work as commands. Its default command
 * is {@code sh}.
 */
public final class BusyboxImage {

    /** The image reference to pass to {@code docker run}. */
    public static final String NAME = "busybox:latest";

    private static final Path BUSYBOX = Path.of("/bin/busybox");
    // Named users, so that containers can run as --user nobody and id prints names.
    private static final String PASSWD = "root:x:0:0:root:/root:/bin/sh\n"
            + "nobody:x:65534:65534:nobody:/nonexistent:/bin/false\n";
    private static final String GROUP = "root:x:0:\nnogroup:x:65534:\n";

    private BusyboxImage() {
    }

    /**
     * Builds the image's tarball and imports it into {@code engine}; call once per engine. The work
     * files stay below the engine's root and go when it closes.
     */
    public static void importInto(DockerEngine engine) throws IOException {
        Path work = Files.createTempDirectory(engine.root(), "busybox-");
        Path rootfs = Files.createDirectory(work.resolve("rootfs"));
        Path bin = Files.createDirectory(rootfs.resolve("bin"));
        Files.copy(BUSYBOX, bin.resolve("busybox"), StandardCopyOption.COPY_ATTRIBUTES);
        for (String applet : Command.runOk(BUSYBOX.toString(), "--list").split("\n")) {
            if (!applet.isBlank() && !applet.equals("busybox")) {
                Files.createSymbolicLink(bin.resolve(applet.strip()), Path.of("busybox"));
            }
        }
        Path etc = Files.createDirectory(rootfs.resolve("etc"));
        Files.writeString(etc.resolve("passwd"), PASSWD);
        Files.writeString(etc.resolve("group"), GROUP);
        Files.createDirectory(rootfs.resolve("root"));
        Path tmp = Files.createDirectory(rootfs.resolve("tmp"));
        Command.runOk("chmod", "1777", tmp.toString()); // Java cannot set the sticky bit

        Path tarball = work.resolve("busybox.tar");
        Command.runOk("tar", "--create", "--numeric-owner", "--file", tarball.toString(),
                "--directory", rootfs.toString(), ".");
        engine.cliOk("import", "--change", "CMD [\"sh\"]", tarball.toString(), NAME);
    }
}
