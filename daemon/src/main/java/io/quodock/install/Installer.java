package io.quodock.install;

import io.quodock.mount.FileTrees;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Installs a quodock runtime image on a host and uninstalls it.
 *
 * <p>A runtime image (what the build links, and what {@code quodock-daemon-<version>.tar.gz} holds) has
 * {@code bin/quodock} and a directory {@code host/} laid out as the host: {@code etc/systemd/system/}
 * with the units, {@code etc/default/quodock} with the settings, {@code usr/local/bin/quodock} linking to
 * the launcher, and in the full image the desktop entry and icons under {@code usr/share/}. Install copies
 * the image to {@code /opt/quodock} (replacing an older one whole) and each host file to its path; a
 * settings file under {@code etc/default/} is written only when there is none, with mode 0600, because it
 * may hold the Quobyte password and belongs to the administrator from then on. Uninstall removes exactly
 * those files, except settings, and the image; the daemon's state and volumes are never touched.
 *
 * <p>Nothing here starts, stops or enables a service; that stays with systemctl, which the commands name.
 */
public final class Installer {
    /** Where the image goes, below the root. */
    public static final Path HOME = Path.of("opt/quodock");
    private static final String HOST_FILES = "host";
    private static final Path SETTINGS = Path.of("etc/default");
    private static final Path UNITS = Path.of("etc/systemd/system");

    private final Path root;
    private final Consumer<String> report;

    /**
     * @param root   the host's root directory: {@code /}, or a staging directory when packaging
     * @param report receives one line for each file written, kept or removed
     */
    public Installer(Path root, Consumer<String> report) {
        this.root = root;
        this.report = report;
    }

    /** Whether {@code dir} is a quodock runtime image. */
    public static boolean isImage(Path dir) {
        return Files.isExecutable(dir.resolve("bin/quodock")) && Files.isDirectory(dir.resolve(HOST_FILES));
    }

    /** Installs {@code image}; when it already is the installed image, only its host files are put in place. */
    public void install(Path image) throws IOException {
        if (!isImage(image)) {
            throw new IOException(image + " is not a quodock runtime image (bin/quodock and host/): run the bin/quodock"
                    + " of an unpacked quodock-daemon-<version>.tar.gz, or of jlink/target/quodock-daemon-<version> after mvn package");
        }
        Path home = root.resolve(HOME);
        if (!isSameFile(image, home)) {
            replaceTree(image, home);
            report.accept("installed " + image.toAbsolutePath() + " as " + home);
        }
        Path hostFiles = home.resolve(HOST_FILES);
        for (Path file : filesBelow(hostFiles)) {
            Path relative = hostFiles.relativize(file);
            Path target = root.resolve(relative);
            Files.createDirectories(target.getParent());
            if (!relative.startsWith(SETTINGS)) {
                Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES,
                        LinkOption.NOFOLLOW_LINKS);
                report.accept("wrote " + target);
            } else if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                report.accept("kept " + target + " (settings)");
            } else {
                Files.createFile(target, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                Files.write(target, Files.readAllBytes(file));
                report.accept("wrote " + target + " (settings, mode 0600)");
            }
        }
    }

    /** Removes what {@link #install} put in place, except settings; refuses while a unit of it is enabled. */
    public void uninstall() throws IOException {
        Path home = root.resolve(HOME);
        if (!isImage(home)) {
            throw new IOException("no quodock is installed at " + home);
        }
        Path hostFiles = home.resolve(HOST_FILES);
        List<Path> files = filesBelow(hostFiles);
        for (Path file : files) {
            Path relative = hostFiles.relativize(file);
            if (relative.startsWith(UNITS) && isEnabled(relative.getFileName().toString())) {
                throw new IOException(relative.getFileName() + " is still enabled: run systemctl disable --now"
                        + " quodock.socket quodock.service first");
            }
        }
        for (Path file : files) {
            Path relative = hostFiles.relativize(file);
            Path target = root.resolve(relative);
            if (relative.startsWith(SETTINGS)) {
                report.accept("kept " + target + " (settings)");
            } else if (Files.deleteIfExists(target)) {
                report.accept("removed " + target);
            }
        }
        deleteTree(home);
        report.accept("removed " + home);
    }

    /** systemctl enable links a unit into a {@code *.wants} directory beside the unit files. */
    private boolean isEnabled(String unit) throws IOException {
        Path units = root.resolve(UNITS);
        if (!Files.isDirectory(units)) {
            return false;
        }
        try (DirectoryStream<Path> wants = Files.newDirectoryStream(units, "*.wants")) {
            for (Path dir : wants) {
                if (Files.exists(dir.resolve(unit), LinkOption.NOFOLLOW_LINKS)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Copies {@code source} beside {@code target} first and swaps it in by renames, so a failed copy leaves the old one. */
    private static void replaceTree(Path source, Path target) throws IOException {
        Path fresh = target.resolveSibling(target.getFileName() + ".new");
        Path old = target.resolveSibling(target.getFileName() + ".old");
        deleteTree(fresh);
        deleteTree(old);
        Files.createDirectories(target.getParent());
        copyTree(source, fresh);
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
        }
        Files.move(fresh, target, StandardCopyOption.ATOMIC_MOVE);
        deleteTree(old);
    }

    /** Copies a tree with modes and times, and symbolic links as links (jlink makes some in legal/). */
    private static void copyTree(Path source, Path target) throws IOException {
        Files.walkFileTree(source, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                Files.copy(dir, target.resolve(source.relativize(dir)), StandardCopyOption.COPY_ATTRIBUTES);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.copy(file, target.resolve(source.relativize(file)), StandardCopyOption.COPY_ATTRIBUTES,
                        LinkOption.NOFOLLOW_LINKS);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private static void deleteTree(Path dir) throws IOException {
        if (Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            FileTrees.delete(dir);
        }
    }

    /** Regular files and links below {@code dir}, in a stable order. */
    private static List<Path> filesBelow(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(path -> !Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)).sorted().toList();
        }
    }

    private static boolean isSameFile(Path a, Path b) throws IOException {
        try {
            return Files.isSameFile(a, b);
        } catch (NoSuchFileException e) {
            return false;
        }
    }
}
