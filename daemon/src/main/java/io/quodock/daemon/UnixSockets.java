package io.quodock.daemon;

import java.io.IOException;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalNotFoundException;

/** Preparing and protecting the socket files quodock listens on. */
public final class UnixSockets {
    /** sun_path holds 108 bytes including the terminating NUL. */
    public static final int MAX_PATH_BYTES = 107;

    private UnixSockets() {
    }

    /** Refuses paths the kernel cannot bind, naming the limit. */
    public static void checkLength(Path socket) {
        int bytes = socket.toString().getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_PATH_BYTES) {
            throw new IllegalArgumentException("socket path " + socket + " is " + bytes + " bytes; Unix sockets allow at most "
                    + MAX_PATH_BYTES);
        }
    }

    /**
     * Whether a service manager passed in the listening socket {@code socket} (socket activation). systemd
     * passes it as file descriptor 3; the quodock launcher moves it to standard input, the only place where
     * {@link System#inheritedChannel()} looks ({@code StandardInput=socket} in a unit does the same). A
     * passed-in socket for another path, or one that is not a Unix socket, is refused with what to fix.
     */
    public static boolean passedIn(Path socket) throws IOException {
        if (!(System.inheritedChannel() instanceof ServerSocketChannel listener)) {
            return false;
        }
        SocketAddress address = listener.getLocalAddress();
        if (address instanceof UnixDomainSocketAddress unix && isSameFile(unix.getPath(), socket)) {
            return true;
        }
        throw new IOException("the socket passed in by the service manager listens on " + address + ", not on " + socket
                + ": make ListenStream= in quodock.socket and --plugin-dir/--driver-name name the same path");
    }

    /**
     * Makes {@code socket} bindable: creates its directory, and deletes a socket file that a previous
     * run left behind. A file that is not a socket, or a socket someone still serves, is left alone
     * and reported.
     */
    public static void prepare(Path socket) throws IOException {
        checkLength(socket);
        Path dir = socket.toAbsolutePath().getParent();
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        }
        if (!Files.exists(socket, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        if (!isSocket(socket)) {
            throw new IOException(socket + " exists and is not a socket; move it away or choose another path");
        }
        try (SocketChannel probe = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            probe.connect(UnixDomainSocketAddress.of(socket));
            throw new IOException("socket " + socket + " is served by a running process (another quodock or plugin);"
                    + " stop it first, or use another --driver-name");
        } catch (java.net.SocketException stale) {
            Files.delete(socket); // nobody listens: a stale file from a crash
        }
    }

    /** Mode 0660 and the given group, so only root and that group can talk to the daemon. */
    public static void restrict(Path socket, String group) throws IOException {
        // Following links here on purpose: without it the JDK opens the file to fchmod it, which a socket refuses (ENXIO).
        PosixFileAttributeView view = Files.getFileAttributeView(socket, PosixFileAttributeView.class);
        view.setPermissions(PosixFilePermissions.fromString("rw-rw----"));
        if (group != null && !group.isBlank()) {
            GroupPrincipal principal;
            try {
                principal = socket.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByGroupName(group);
            } catch (UserPrincipalNotFoundException e) {
                throw new IOException("socket group '" + group + "' does not exist; create it or give an existing group");
            }
            view.setGroup(principal);
        }
    }

    private static boolean isSameFile(Path a, Path b) throws IOException {
        try {
            return Files.isSameFile(a, b);
        } catch (NoSuchFileException e) {
            return false;
        }
    }

    private static boolean isSocket(Path path) throws IOException {
        Object mode = Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
        return ((Integer) mode & 0170000) == 0140000;
    }
}
