package io.quodock.ui.launch;

import java.nio.file.Path;

/**
 * A daemon the console started.
 *
 * @param adminSocket where its admin API answers
 * @param mode        how it runs, for the status bar
 * @param owned       what stops it when the console closes, or null when it outlives the console
 */
public record StartedDaemon(Path adminSocket, String mode, AutoCloseable owned) {
}
