package io.quodock.backend;

import io.quodock.driver.Backend;
import io.quodock.driver.CreateOptions;
import io.quodock.driver.DriverException;
import io.quodock.driver.FixedUser;
import io.quodock.driver.Scope;
import io.quodock.driver.Volume;
import io.quodock.mount.BindfsViews;
import io.quodock.mount.FileTrees;
import io.quodock.mount.HostCommand;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded default backend: each volume is a directory {@code <root>/<name>}. Runs anywhere,
 * scope {@code local}. The {@code user} and {@code group} options set the owner of the directory;
 * {@code subdirs} creates directories inside it, never following a symbolic link out of it. A volume
 * with a fixed-user mapping is mounted through a {@link BindfsViews bindfs view} of its directory,
 * from its first Mount to its last Unmount.
 */
public final class LocalBackend implements Backend {
    public static final String NAME = "local";
    private static final Logger LOG = LoggerFactory.getLogger(LocalBackend.class);
    private static final Set<String> OPTIONS = Set.of(CreateOptions.USER, CreateOptions.GROUP, CreateOptions.SUBDIRS,
            CreateOptions.FIXED_USER, CreateOptions.FIXED_GROUP);

    private final Path root;
    private final BindfsViews views;

    public LocalBackend(Path root, BindfsViews views) {
        this.root = root.toAbsolutePath().normalize();
        this.views = views;
    }

    /** Creates the root directory; fails early with a clear message when that is impossible. */
    public void start() throws IOException {
        Files.createDirectories(root);
        if (!Files.isWritable(root)) {
            throw new IOException("volumes root " + root + " is not writable; run as root or give --volumes-root");
        }
    }

    public Path root() {
        return root;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Scope scope() {
        return Scope.LOCAL;
    }

    @Override
    public Set<String> createOptions() {
        return OPTIONS;
    }

    @Override
    public Optional<FixedUser.Method> fixedUserMethod() {
        return Optional.of(FixedUser.Method.BINDFS);
    }

    @Override
    public Provisioned create(String name, CreateOptions options) {
        Path dir = root.resolve(name);
        try {
            // Resolve the owner first, so an unknown user changes nothing.
            UserPrincipal user = options.user() == null ? null : lookupUser(options.user());
            GroupPrincipal group = options.group() == null ? null : lookupGroup(options.group());
            try {
                Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
            } catch (FileAlreadyExistsException e) {
                if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
                    throw backend("volume path " + dir + " exists but is not a directory; move it away and retry");
                }
                // A directory from an earlier Create whose state write never happened: adopt it.
            }
            PosixFileAttributeView view = Files.getFileAttributeView(dir, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
            if (user != null) {
                view.setOwner(user);
            }
            if (group != null) {
                view.setGroup(group);
            }
            for (String subdir : options.subdirs()) {
                Subdirectories.create(dir, subdir);
            }
            Map<String, String> attributes = new LinkedHashMap<>();
            attributes.put("owner", owner(dir));
            return new Provisioned(dir, attributes);
        } catch (IOException e) {
            // Our own refusals are plain IOExceptions with a full sentence; the JDK's need their type to be clear.
            throw backend("cannot create volume " + name + " at " + dir + ": "
                    + (e.getClass() == IOException.class ? e.getMessage() : e.toString()));
        }
    }

    @Override
    public void remove(Volume volume) {
        Path dir = Path.of(volume.mountpoint());
        try {
            views.close(volume.name()); // one left by an Unmount whose release failed
            FileTrees.delete(dir);
        } catch (NoSuchFileException e) {
            // Already gone: removed.
        } catch (IOException e) {
            throw backend("cannot delete volume directory " + dir + ": " + e);
        }
    }

    @Override
    public Path attach(Volume volume) {
        Path dir = Path.of(volume.mountpoint());
        if (!Files.isDirectory(dir)) {
            throw backend("volume directory " + dir + " is missing: it was deleted outside quodock, or by a Remove"
                    + " that a crash cut short. Remove the volume (docker volume rm) and create it again");
        }
        FixedUser mapping = volume.fixedUser().current();
        try {
            if (volume.mounts().isEmpty()) {
                // A view still there at a first Mount was left by a release that failed, maybe with another mapping.
                views.close(volume.name());
            }
            return mapping == null ? dir : views.open(volume.name(), dir, mapping.user(), mapping.group());
        } catch (HostCommand.TimedOut e) {
            throw new DriverException(DriverException.Kind.TIMEOUT, "fixed-user view of volume " + volume.name()
                    + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw backend("fixed-user view of volume " + volume.name() + ": " + e.getMessage()
                    + " (views need bindfs and fuse3 installed, and the daemon running as root)");
        }
    }

    @Override
    public Path attachedPath(Volume volume) {
        return volume.fixedUser().current() == null ? Path.of(volume.mountpoint()) : views.path(volume.name());
    }

    @Override
    public void detach(Volume volume) {
        try {
            views.close(volume.name());
        } catch (IOException e) {
            throw backend("cannot unmount the fixed-user view of volume " + volume.name() + ": " + e.getMessage());
        }
    }

    /** Adopts the views of volumes that containers still hold; unmounts every other view. */
    @Override
    public void recover(Collection<Volume> volumes) {
        Map<String, Path> wanted = new TreeMap<>();
        for (Volume volume : volumes) {
            if (!volume.mounts().isEmpty() && volume.fixedUser().current() != null) {
                wanted.put(volume.name(), Path.of(volume.mountpoint()));
            }
        }
        try {
            views.retain(wanted);
        } catch (IOException e) {
            // Not fatal: a first Mount replaces whatever view is left, and a later Mount remounts a missing one.
            LOG.error("could not check the fixed-user views in {}: {}", views.dir(), e.getMessage());
        }
    }

    /** {@code root}: the volumes root; {@code rootWritable}: whether it is a directory quodock can write. */
    @Override
    public Map<String, Object> health() {
        Map<String, Object> health = new LinkedHashMap<>();
        health.put("root", root.toString());
        health.put("rootWritable", Files.isDirectory(root) && Files.isWritable(root));
        return health;
    }

    private static String owner(Path dir) throws IOException {
        int uid = (Integer) Files.getAttribute(dir, "unix:uid", LinkOption.NOFOLLOW_LINKS);
        int gid = (Integer) Files.getAttribute(dir, "unix:gid", LinkOption.NOFOLLOW_LINKS);
        return uid + ":" + gid;
    }

    private UserPrincipal lookupUser(String user) throws IOException {
        UserPrincipalLookupService lookup = root.getFileSystem().getUserPrincipalLookupService();
        try {
            return lookup.lookupPrincipalByName(user);
        } catch (UserPrincipalNotFoundException e) {
            throw DriverException.invalid("option user: no user '" + user + "' on this host; give a user name or a numeric uid");
        }
    }

    private GroupPrincipal lookupGroup(String group) throws IOException {
        UserPrincipalLookupService lookup = root.getFileSystem().getUserPrincipalLookupService();
        try {
            return lookup.lookupPrincipalByGroupName(group);
        } catch (UserPrincipalNotFoundException e) {
            throw DriverException.invalid("option group: no group '" + group + "' on this host; give a group name or a numeric gid");
        }
    }

    private static DriverException backend(String message) {
        return new DriverException(DriverException.Kind.BACKEND, message);
    }
}
