package io.quodock.mount;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fixed-user views: a bindfs FUSE mount of a volume's directory at {@code <dir>/<volume>} through which
 * every file shows, and every new file gets, one owner and group, and every user has the owner's rights
 * ({@code --perms=go=u}: bindfs lets the kernel check permissions against the forced owner, so without
 * it a process running as another uid could not write). A chown or chgrp through the view succeeds
 * and changes nothing, so that the storage keeps the mapped owner even when a container running as
 * root chowns its data directory. Mounted with {@code allow_other}, so containers of any user reach it.
 *
 * <p>{@code <dir>} is made mode 0700: a view gives everyone who reaches it the owner's rights, and
 * containers reach it through the bind mount Docker makes, never through this path.
 *
 * <p>The mount table is the truth about what is mounted, so a restarted daemon finds the views of the
 * previous run ({@link #retain}). bindfs daemonizes and outlives the daemon that started it. Every
 * program runs with a time limit and the liveness probe of a view has one too, so a stuck bindfs is
 * reported, never waited for. Calls for one volume must not overlap; the driver core serializes them.
 */
public final class BindfsViews {
    private static final Logger LOG = LoggerFactory.getLogger(BindfsViews.class);
    /** Bound on one bindfs or umount run. Three of them (probe, unmount, mount) fit in one volume change. */
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(12);
    /** Bound on the stat that tells a live view from one whose bindfs died or hangs. */
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(5);
    private static final ExecutorService PROBES = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "quodock-view-probe");
        thread.setDaemon(true);
        return thread;
    });

    private final Path dir;
    /** Volumes that may have a view or a mount point here: made by {@link #open}, or found by {@link #retain}. */
    private final Set<String> known = ConcurrentHashMap.newKeySet();

    /** @param dir the directory of the views, e.g. {@code /run/quodock/fixed}; created when needed */
    public BindfsViews(Path dir) {
        this.dir = dir.toAbsolutePath().normalize();
    }

    public Path dir() {
        return dir;
    }

    /** Where the view of {@code volume} is mounted. */
    public Path path(String volume) {
        return dir.resolve(volume);
    }

    /**
     * Makes sure a live view of {@code source} as {@code user:group} is mounted for {@code volume} and
     * returns its path. A live view of {@code source} that is there already is reused, never mounted
     * twice; a dead one (its bindfs exited, so the kernel answers "transport endpoint is not connected")
     * is unmounted lazily and mounted again.
     *
     * <p>A view that is there already is assumed to have this mapping (the mount table does not show
     * bindfs options); a caller that changes the mapping calls {@link #close} first.
     *
     * @throws HostCommand.TimedOut if bindfs or umount, or a view that is mounted but stuck, does not
     *     answer in time
     * @throws IOException if the view cannot be mounted; the message carries bindfs's own
     */
    public Path open(String volume, Path source, String user, String group) throws IOException {
        Path view = path(volume);
        String realSource = source.toRealPath().toString();
        known.add(volume);
        List<MountTable.Entry> mounted = MountTable.read().at(view);
        if (mounted.size() == 1 && mounted.get(0).source().equals(realSource)) {
            if (answers(view)) {
                return view;
            }
            LOG.warn("view {} of volume {} is dead (its bindfs process is gone); mounting it again", view, volume);
        } else if (!mounted.isEmpty()) {
            LOG.warn("replacing what is mounted at {} ({}) with a view of {}", view, mounted, realSource);
        }
        unmount(view, mounted, true);
        prepareMountPoint(view);
        List<String> command = List.of("bindfs",
                "--force-user=" + user, "--force-group=" + group,
                "--create-for-user=" + user, "--create-for-group=" + group,
                "--perms=go=u", "--chown-ignore", "--chgrp-ignore", "-o", "allow_other",
                realSource, view.toString());
        HostCommand.Result result = HostCommand.run(COMMAND_TIMEOUT, command);
        if (!result.ok()) {
            throw new IOException("bindfs could not mount the view of " + realSource + " at " + view + " as " + user
                    + ":" + group + " (exit status " + result.exitCode() + "): " + result.output());
        }
        if (MountTable.read().at(view).isEmpty()) {
            throw new IOException("bindfs exited 0 but no view is mounted at " + view + ": " + result.output());
        }
        LOG.info("mounted view {} of {} as {}:{}", view, realSource, user, group);
        return view;
    }

    /**
     * Unmounts the view of {@code volume}, if there is one, and removes its mount point. A view still
     * in use (a shell sitting in it, say) is detached lazily: it disappears now and bindfs exits when
     * the last user leaves.
     */
    public void close(String volume) throws IOException {
        if (!known.contains(volume)) {
            return;
        }
        Path view = path(volume);
        unmount(view, MountTable.read().at(view), false);
        try {
            Files.deleteIfExists(view);
        } catch (DirectoryNotEmptyException e) {
            LOG.warn("mount point {} holds files written while no view was mounted; left as it is", view);
        }
        known.remove(volume);
    }

    /**
     * After a restart: adopts the views of {@code wanted} (volume name to its directory) that are
     * mounted, and unmounts every other view and removes every other mount point found in the views
     * directory. Returns the names of the adopted views.
     */
    public Set<String> retain(Map<String, Path> wanted) throws IOException {
        MountTable table = MountTable.read();
        Set<String> names = new TreeSet<>();
        table.childrenOf(dir).forEach(entry -> names.add(entry.mountPoint().getFileName().toString()));
        if (Files.isDirectory(dir)) {
            // Reads directory entries only: never stats a (possibly dead) mount point.
            try (Stream<Path> entries = Files.list(dir)) {
                entries.forEach(entry -> names.add(entry.getFileName().toString()));
            }
        }
        Set<String> adopted = new TreeSet<>();
        for (String name : names) {
            known.add(name);
            List<MountTable.Entry> mounted = table.at(path(name));
            Path source = wanted.get(name);
            if (source != null && mounted.size() == 1 && mounted.get(0).source().equals(realPathOrNull(source))) {
                adopted.add(name);
                LOG.info("adopted view {} of volume {} from the previous run", path(name), name);
            } else {
                if (!mounted.isEmpty()) {
                    LOG.info("unmounting view {}: no container holds volume {} any more", path(name), name);
                }
                close(name);
            }
        }
        return Collections.unmodifiableSet(adopted);
    }

    /** Whether a stat of the view's root succeeds in time: false when bindfs died (ENOTCONN). */
    private static boolean answers(Path view) throws IOException {
        Future<Boolean> probe = PROBES.submit(() -> {
            try {
                Files.readAttributes(view, BasicFileAttributes.class);
                return true;
            } catch (IOException e) {
                return false;
            }
        });
        try {
            return probe.get(PROBE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            probe.cancel(true);
            throw new HostCommand.TimedOut("view " + view + " did not answer within " + PROBE_TIMEOUT.toMillis()
                    + " ms: its bindfs process is stuck; end it, or unmount the view with umount --lazy " + view);
        } catch (ExecutionException e) {
            throw new IOException("probing view " + view + " failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while probing view " + view);
        }
    }

    /** Unmounts everything stacked at {@code view}: lazily, or lazily only when a plain unmount finds it busy. */
    private static void unmount(Path view, List<MountTable.Entry> mounted, boolean lazy) throws IOException {
        for (int i = 0; i < mounted.size(); i++) {
            HostCommand.Result result = umount(view, lazy);
            if (!result.ok() && !lazy) {
                LOG.warn("view {} is busy ({}); detaching it lazily", view, result.output());
                result = umount(view, true);
            }
            if (!result.ok()) {
                throw new IOException("cannot unmount view " + view + " (exit status " + result.exitCode() + "): "
                        + result.output());
            }
        }
        if (!mounted.isEmpty()) {
            LOG.info("unmounted view {}", view);
        }
    }

    private static HostCommand.Result umount(Path view, boolean lazy) throws IOException {
        return HostCommand.run(COMMAND_TIMEOUT, lazy
                ? List.of("umount", "--lazy", view.toString())
                : List.of("umount", view.toString()));
    }

    private void prepareMountPoint(Path view) throws IOException {
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir);
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        }
        if (!Files.isDirectory(view, LinkOption.NOFOLLOW_LINKS)) {
            Files.createDirectory(view);
        }
    }

    private static String realPathOrNull(Path source) {
        try {
            return source.toRealPath().toString();
        } catch (IOException e) {
            return null;
        }
    }
}
