package io.quodock.cli;

import picocli.CommandLine.Command;

/** {@code quodock}: the top-level command; the work is in its subcommands. */
@Command(name = "quodock", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Docker volume plugin for Quobyte and local directories.",
        subcommands = {DaemonCommand.class, StatusCommand.class, VolumeCommand.class, EventsCommand.class,
                ReconcileCommand.class, InstallCommand.class, UninstallCommand.class})
public final class QuodockCommand {
}
