package io.quodock.client;

/** The daemon answered, with an error: its message, its kind ({@code invalid}, {@code not_found}, ...) and the HTTP status. */
public final class AdminException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final String kind;

    public AdminException(int status, String kind, String message) {
        super(message);
        this.status = status;
        this.kind = kind;
    }

    public int status() {
        return status;
    }

    public String kind() {
        return kind;
    }
}
