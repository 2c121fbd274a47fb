package io.quodock.driver;

/**
 * Receives {@link VolumeEvent}s from {@link VolumeService#addListener}. Called on the thread that made
 * the change, while the volume is still locked: an implementation must return at once and never block
 * (hand the event to a bounded queue, bump a counter). What it throws is logged and ignored.
 */
@FunctionalInterface
public interface VolumeListener {
    void onEvent(VolumeEvent event);
}
