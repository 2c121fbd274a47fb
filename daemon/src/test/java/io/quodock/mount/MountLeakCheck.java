package io.quodock.mount;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test that leaves anything mounted below its directory, as /proc/self/mounts shows it, after
 * unmounting what it left, so that the temporary directory can be deleted and the next test starts
 * clean. Runs after the test's own {@code @AfterEach} methods. Register it on an instance field:
 *
 * <pre>{@code
 * @RegisterExtension
 * final MountLeakCheck leaks = new MountLeakCheck(() -> dir);
 * }</pre>
 */
public final class MountLeakCheck implements AfterEachCallback {
    private static final Duration UMOUNT_TIMEOUT = Duration.ofSeconds(30);

    private final Supplier<Path> dir;

    public MountLeakCheck(Supplier<Path> dir) {
        this.dir = dir;
    }

    /** Mount points at or below {@code dir}, oldest first. */
    public static List<Path> mountPointsUnder(Path dir) throws IOException {
        Path absolute = dir.toAbsolutePath().normalize();
        return MountTable.read().entries().stream()
                .map(MountTable.Entry::mountPoint)
                .filter(mountPoint -> mountPoint.startsWith(absolute))
                .toList();
    }

    @Override
    public void afterEach(ExtensionContext context) throws IOException {
        List<Path> leaked = mountPointsUnder(dir.get());
        List<Path> newestFirst = new ArrayList<>(leaked);
        Collections.reverse(newestFirst);
        for (Path mountPoint : newestFirst) {
            HostCommand.run(UMOUNT_TIMEOUT, List.of("umount", "--lazy", mountPoint.toString()));
        }
        assertEquals(List.of(), mountPointsUnder(dir.get()), "could not unmount what the test left");
        assertEquals(List.of(), leaked, "the test left these mounted (now unmounted)");
    }
}
