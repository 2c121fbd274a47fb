package io.quodock.cli;

import io.quodock.install.Installer;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code quodock install}: installs the runtime image this command runs from. */
@Command(name = "install", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = {"Install this runtime image as /opt/quodock, with the systemd units, /etc/default/quodock"
                + " (only if there is none: it is yours) and the quodock command in /usr/local/bin.",
                "Starts nothing; prints the systemctl commands that do."})
final class InstallCommand implements Callable<Integer> {

    @Option(names = "--root", defaultValue = "/", description = "Install below this directory instead of / (for packaging).")
    Path root;

    @Override
    public Integer call() {
        // In a runtime image java.home is the image itself.
        Path image = Path.of(System.getProperty("java.home"));
        try {
            new Installer(root, System.out::println).install(image);
        } catch (AccessDeniedException e) {
            System.err.println("quodock: cannot install: no permission to write " + e.getFile() + ": run it as root (sudo)");
            return 1;
        } catch (IOException e) {
            System.err.println("quodock: cannot install: " + e.getMessage());
            return 1;
        }
        System.out.println("next: systemctl daemon-reload && systemctl enable --now quodock.socket quodock.service"
                + " (systemctl restart quodock.service after an upgrade)");
        return 0;
    }
}
