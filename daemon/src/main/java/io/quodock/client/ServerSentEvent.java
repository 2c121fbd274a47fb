package io.quodock.client;

/**
 * One event of the admin API's {@code GET /v1/events} stream.
 *
 * @param id    its number, or null (the {@code dropped} marker has none)
 * @param event its type: created, removed, mounted, unmounted, references-dropped, health-changed,
 *              request, or dropped
 * @param data  its JSON, one line
 */
public record ServerSentEvent(String id, String event, String data) {
}
