package io.quodock.driver;

/**
 * A driver operation that failed, with a message that says what was wrong and what to do next.
 * Adapters translate the {@link Kind} in exactly one place each (plugin {@code Err}, admin HTTP status).
 * Messages never contain secrets.
 */
public final class DriverException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** What kind of failure this is; adapters map kinds, never message texts. */
    public enum Kind {
        /** The request itself is wrong: bad name, unknown option, bad value. Nothing was changed. */
        INVALID,
        /** The named volume or mount does not exist. */
        NOT_FOUND,
        /** The volume still has mount references. */
        IN_USE,
        /** The backend (disk, FUSE, Quobyte API) failed. */
        BACKEND,
        /** A bound was reached: a backend call or a wait for a busy volume took too long. */
        TIMEOUT,
        /** The durable state could not be written; the change was not acknowledged. */
        STATE
    }

    private final Kind kind;

    public DriverException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public DriverException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    public static DriverException invalid(String message) {
        return new DriverException(Kind.INVALID, message);
    }

    public static DriverException notFound(String volume) {
        return new DriverException(Kind.NOT_FOUND, "no such volume: " + volume);
    }
}
