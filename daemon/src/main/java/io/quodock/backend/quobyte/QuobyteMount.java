package io.quodock.backend.quobyte;

import io.quodock.mount.FileSystemProbe;
import io.quodock.mount.HostCommand;
import io.quodock.mount.MountTable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one Quobyte client mount that shows every volume as {@code <path>/<name>}, shared by all volumes
 * (no mount per volume, as in the original plugin). {@link #start} makes sure it is there: a Quobyte
 * entry in {@code /proc/mounts} at the path (source starting with {@code quobyte}, or type
 * {@code fuse.quobyte}) is used as it is; without one the mount command runs, unless an external client
 * provides the mount. A dead entry (the client crashed: {@code ENOTCONN}) is lazily unmounted and
 * mounted again. Afterwards {@link #probe} checks, bounded, that the mount still answers.
 *
 * <p>It is never unmounted by quodock: containers may still use it.
 */
public final class QuobyteMount implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(QuobyteMount.class);

    private final QuobyteSettings settings;
    private final Duration commandTimeout;
    private final FileSystemProbe probe;
    private volatile boolean userMappingConfirmed;

    /** @param commandTimeout the bound on the mount and umount commands */
    public QuobyteMount(QuobyteSettings settings, Duration commandTimeout) {
        this.settings = settings;
        this.commandTimeout = commandTimeout;
        this.probe = new FileSystemProbe(settings.probeTimeout());
    }

    public Path path() {
        return settings.mountPath();
    }

    /** File-system calls on the mount, bounded by the probe timeout. */
    public FileSystemProbe files() {
        return probe;
    }

    /**
     * Creates the mount point and mounts the cluster there unless it is mounted already, or an external
     * client provides it.
     *
     * @throws IOException when the mount command fails or times out; the message shows its output
     */
    public void start() throws IOException {
        Path path = settings.mountPath();
        if (!settings.mount()) {
            LOG.info("not mounting Quobyte at {}: --no-mount, a client outside quodock provides it", path);
        } else {
            List<MountTable.Entry> entries = MountTable.read().at(path);
            Optional<MountTable.Entry> found = quobyteEntry(entries);
            if (found.isPresent() && probe.probe(path).state() == FileSystemProbe.State.DEAD) {
                LOG.warn("the Quobyte mount {} at {} is dead (Transport endpoint is not connected);"
                        + " unmounting it and mounting again", found.get().source(), path);
                run("umount -l " + quote(path.toString()));
                found = Optional.empty();
            }
            if (found.isPresent()) {
                LOG.info("found Quobyte mount {} at {}", found.get().source(), path);
                userMappingConfirmed = found.get().options().contains(QuobyteSettings.USER_MAPPING_OPTION);
            } else {
                if (entries.isEmpty()) {
                    Files.createDirectories(path);
                }
                run(commandLine());
                userMappingConfirmed = settings.effectiveMountOptions().contains(QuobyteSettings.USER_MAPPING_OPTION);
            }
        }
        FileSystemProbe.Result state = probe.probe(path);
        if (state.alive()) {
            LOG.info("Quobyte mount at {} answers", path);
        } else {
            LOG.error("Quobyte mount at {} is {}: {}; Create and Mount will fail until it answers", path,
                    state.state().name().toLowerCase(java.util.Locale.ROOT), state.detail());
        }
    }

    /**
     * Whether {@code user#group@volume} paths are known to work: the daemon mounted with the option,
     * or the mount table shows it. An external client's options are usually not visible.
     */
    public boolean userMappingConfirmed() {
        return userMappingConfirmed;
    }

    /** The mount command with its placeholders filled in. */
    String commandLine() {
        return settings.mountCommand()
                .replace("{options}", settings.effectiveMountOptions())
                .replace("{registry}", quote(settings.registry()))
                .replace("{path}", quote(settings.mountPath().toString()));
    }

    /** Whether the mount root answers, bounded by the probe timeout. */
    public FileSystemProbe.Result probe() {
        return probe.probe(settings.mountPath());
    }

    /** Whether {@code <path>/<volume>} is a directory that answers, bounded by the probe timeout. */
    public FileSystemProbe.Result probe(String volume) {
        return probe.probe(settings.mountPath().resolve(volume));
    }

    @Override
    public void close() {
        probe.close();
    }

    /** The entry at the path that a Quobyte client made, if any. */
    static Optional<MountTable.Entry> quobyteEntry(List<MountTable.Entry> entriesAtPath) {
        return entriesAtPath.stream()
                .filter(entry -> entry.source().startsWith("quobyte") || entry.type().equals("fuse.quobyte"))
                .reduce((older, newer) -> newer);
    }

    /** Quotes {@code text} for {@code /bin/sh}, so it stays one word whatever it holds. */
    static String quote(String text) {
        return "'" + text.replace("'", "'\\''") + "'";
    }

    /** Runs {@code commandLine} through {@code /bin/sh}, as the original plugin ran its mount command. */
    private void run(String commandLine) throws IOException {
        LOG.info("running: {}", commandLine);
        HostCommand.Result result = HostCommand.run(commandTimeout, List.of("/bin/sh", "-c", commandLine));
        if (!result.ok()) {
            throw new IOException("'" + commandLine + "' failed with exit status " + result.exitCode()
                    + (result.output().isEmpty() ? "" : ": " + result.output())
                    + "; check -registry and -options, that the Quobyte client (mount.quobyte) is installed,"
                    + " or give --no-mount when a client outside quodock mounts " + settings.mountPath());
        }
    }
}
