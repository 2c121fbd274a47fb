package io.quodock.backend.quobyte;

import io.quodock.mount.HostCommand;
import io.quodock.mount.MountTable;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A real FUSE mount standing in for a Quobyte client: {@code bindfs -f -o subtype=quobyte} of a
 * directory, so {@code /proc/mounts} shows type {@code fuse.quobyte}. Run in the foreground, so tests
 * can kill it (the mount goes dead: {@code ENOTCONN}) or stop it (the mount hangs). {@link #close}
 * resumes, ends and unmounts it, whatever state it is in.
 */
final class FuseBind implements AutoCloseable {
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(30);

    private final Path mountPoint;
    private final Process bindfs;

    FuseBind(Path source, Path mountPoint) throws IOException {
        this.mountPoint = mountPoint;
        this.bindfs = new ProcessBuilder(List.of("bindfs", "-f", "-o", "subtype=quobyte", source.toString(),
                mountPoint.toString())).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        long deadline = System.nanoTime() + COMMAND_TIMEOUT.toNanos();
        while (MountTable.read().at(mountPoint).isEmpty()) {
            if (!bindfs.isAlive() || System.nanoTime() > deadline) {
                close();
                throw new IOException("bindfs did not mount " + source + " at " + mountPoint);
            }
            sleep(20);
        }
    }

    /** SIGKILL: the kernel keeps the mount, which now answers ENOTCONN. */
    void kill() throws IOException {
        signal("KILL");
        try {
            bindfs.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** SIGSTOP: calls on the mount wait until {@link #resume}. */
    void stop() throws IOException {
        signal("STOP");
    }

    void resume() throws IOException {
        signal("CONT");
    }

    @Override
    public void close() throws IOException {
        if (bindfs.isAlive()) {
            resume();
            bindfs.destroyForcibly();
        }
        unmount(mountPoint);
    }

    /** Lazily unmounts everything at {@code mountPoint}, and checks that nothing is left. */
    static void unmount(Path mountPoint) throws IOException {
        while (!MountTable.read().at(mountPoint).isEmpty()) {
            HostCommand.Result result = HostCommand.run(COMMAND_TIMEOUT, List.of("umount", "-l", mountPoint.toString()));
            if (!result.ok()) {
                throw new IOException("umount -l " + mountPoint + " failed: " + result.output());
            }
        }
    }

    private void signal(String signal) throws IOException {
        HostCommand.Result result = HostCommand.run(COMMAND_TIMEOUT, List.of("kill", "-" + signal,
                Long.toString(bindfs.pid())));
        if (!result.ok()) {
            throw new IOException("kill -" + signal + " " + bindfs.pid() + " failed: " + result.output());
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
