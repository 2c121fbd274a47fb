package io.quodock.plugin;

/**
 * Receives a {@link RequestEvent} for every plugin request, on the request's thread after the answer
 * is computed: an implementation must return at once and never block.
 */
@FunctionalInterface
public interface RequestListener {
    /** Listens to nothing; for a handler whose requests nobody watches. */
    RequestListener NONE = event -> { };

    void onRequest(RequestEvent event);
}
