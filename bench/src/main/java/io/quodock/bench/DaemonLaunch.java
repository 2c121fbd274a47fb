package io.quodock.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * How the daemon is started: from the build's jars with the same JVM flags as the {@code quodock}
 * launcher in the source tree, or from a jlink image through its own {@code bin/quodock}.
 *
 * @param prefix      the command up to and including the word {@code quodock} would take
 * @param image       whether it is a jlink image, which the start-time target is about
 * @param description what the report says about it
 */
record DaemonLaunch(List<String> prefix, boolean image, String description) {

    /** JVM flags of the {@code quodock} launcher script in the source tree. */
    static final List<String> JVM_FLAGS = List.of(
            "-XX:+UseSerialGC", "-Xms8m", "-Xmx64m", "-XX:TrimNativeHeapInterval=5000",
            "--add-exports", "org.eclipse.jetty.server/org.eclipse.jetty.server.internal=io.quodock.daemon");

    /** {@code java <flags> -p <modules> -m io.quodock.daemon/io.quodock.cli.Main}, with this JVM's java. */
    static DaemonLaunch fromJars(Path modules) {
        if (!Files.isDirectory(modules)) {
            throw new IllegalArgumentException("no daemon modules in " + modules
                    + ": build first with mvn -B -q -pl bench -am package -DskipTests");
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(JVM_FLAGS);
        command.addAll(List.of("-p", modules.toString(), "--add-modules", "org.eclipse.jetty.logging",
                "-m", "io.quodock.daemon/io.quodock.cli.Main"));
        return new DaemonLaunch(command, false, "jars in " + modules + ", java " + String.join(" ", JVM_FLAGS.subList(0, 4))
                + " (Java " + Runtime.version().feature() + ")");
    }

    /** {@code <image>/bin/quodock}, the launcher jlink made, with the JVM flags built into it. */
    static DaemonLaunch fromImage(Path image) {
        Path launcher = image.resolve("bin/quodock");
        if (!Files.isExecutable(launcher)) {
            throw new IllegalArgumentException("no launcher " + launcher + ": give the directory of a jlink image of quodock");
        }
        return new DaemonLaunch(List.of(launcher.toString()), true, "jlink image " + image);
    }
}
