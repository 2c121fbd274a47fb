package io.quodock.cli;

import io.quodock.install.Installer;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code quodock uninstall}: removes what {@code quodock install} put in place. */
@Command(name = "uninstall", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = {"Remove /opt/quodock, the systemd units and the quodock command that quodock install put in place.",
                "Keeps /etc/default/quodock, the state and every volume. Refuses while the units are enabled:"
                        + " systemctl disable --now quodock.socket quodock.service first."})
final class UninstallCommand implements Callable<Integer> {

    @Option(names = "--root", defaultValue = "/", description = "Uninstall below this directory instead of /.")
    Path root;

    @Override
    public Integer call() {
        try {
            new Installer(root, System.out::println).uninstall();
        } catch (AccessDeniedException e) {
            System.err.println("quodock: cannot uninstall: no permission to remove " + e.getFile() + ": run it as root (sudo)");
            return 1;
        } catch (IOException e) {
            System.err.println("quodock: cannot uninstall: " + e.getMessage());
            return 1;
        }
        System.out.println("kept: the state and volumes (QUODOCK_STATE_DIR, default /var/lib/quodock)");
        return 0;
    }
}
