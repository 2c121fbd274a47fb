package io.quodock.cli;

import io.quodock.daemon.Daemon;
import picocli.CommandLine.IVersionProvider;

/** The version from the jar's manifest, or {@code dev} when running from classes. */
public final class Version implements IVersionProvider {
    public static String current() {
        return Daemon.version();
    }

    @Override
    public String[] getVersion() {
        return new String[] {"quodock " + current()};
    }
}
