package io.quodock.backend.quobyte;

import java.util.Objects;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Quobyte management API call failed. {@link #kind()} says how; the message says what to check next and never
 * contains the API password.
 *
 * <p>For {@link Kind#RPC_ERROR} the message is Quobyte's own error text, verbatim (for example
 * {@code ENTITY_NOT_FOUND/POSIX_ERROR_NONE: Tenant 'x' does not exist. /}), as the original plugin passed it to
 * Docker, and {@link #rpcCode()} is the JSON-RPC error code.
 */
public final class QuobyteApiException extends Exception {

    private static final long serialVersionUID = 1L;

    /** Quobyte's messages start with an error name, optionally followed by {@code /POSIX_...}, then a colon. */
    private static final Pattern LEADING_ERROR = Pattern.compile("\\s*([A-Z][A-Z_]+)(?:/[A-Z_]+)?:");

    /** How a call failed. */
    public enum Kind {
        /** HTTP 401 or 403: wrong API user or password. */
        AUTH,
        /** The answer was not JSON (an HTML page, another service on the port). */
        NOT_JSON,
        /** The connect or request timeout elapsed. */
        TIMEOUT,
        /** No connection: refused, unknown host, no route. */
        UNREACHABLE,
        /** The TLS handshake failed: untrusted certificate, wrong host name, or no TLS on the other side. */
        TLS,
        /** Quobyte answered with a JSON-RPC error. */
        RPC_ERROR,
        /** The answer was JSON but not a usable JSON-RPC response. */
        PROTOCOL,
        /** The calling thread was interrupted while waiting; its interrupt flag is set again. */
        INTERRUPTED
    }

    private final Kind kind;
    private final String method;
    private final Long rpcCode;

    private QuobyteApiException(Kind kind, String method, Long rpcCode, String message, Throwable cause) {
        super(message, cause);
        this.kind = Objects.requireNonNull(kind, "kind");
        this.method = Objects.requireNonNull(method, "method");
        this.rpcCode = rpcCode;
    }

    /** A JSON-RPC error answered by Quobyte; {@code message} is its error text, kept verbatim. */
    static QuobyteApiException rpcError(String method, long code, String message) {
        return new QuobyteApiException(Kind.RPC_ERROR, method, code, message, null);
    }

    /** Any failure but an RPC error; {@code message} says what happened and what to check. */
    static QuobyteApiException failure(Kind kind, String method, String message, Throwable cause) {
        return new QuobyteApiException(kind, method, null, message, cause);
    }

    /** How the call failed. */
    public Kind kind() {
        return kind;
    }

    /** The JSON-RPC method that failed, e.g. {@code createVolume}. */
    public String method() {
        return method;
    }

    /** The JSON-RPC error code, present only for {@link Kind#RPC_ERROR}. */
    public OptionalLong rpcCode() {
        return rpcCode == null ? OptionalLong.empty() : OptionalLong.of(rpcCode);
    }

    /** Quobyte said the entity (a volume of that name, say) exists already. */
    public boolean isEntityExistsAlready() {
        return isQuobyteError("ENTITY_EXISTS_ALREADY");
    }

    /** Quobyte said the entity (volume, tenant) does not exist. */
    public boolean isEntityNotFound() {
        return isQuobyteError("ENTITY_NOT_FOUND");
    }

    /**
     * Whether this is an RPC error with the given Quobyte error name. Older servers write
     * {@code ENTITY_EXISTS_ALREADY/POSIX_ERROR_NONE: ...}, newer ones leave out the {@code /POSIX_...} part
     * (quobyte-csi-driver#116), so only the name is compared. When the message does not start with an error name,
     * the name counts anywhere as a whole word, so an unforeseen prefix does not break idempotent create.
     */
    public boolean isQuobyteError(String errorName) {
        if (kind != Kind.RPC_ERROR) {
            return false;
        }
        String message = getMessage();
        Matcher leading = LEADING_ERROR.matcher(message);
        if (leading.lookingAt()) {
            return leading.group(1).equals(errorName);
        }
        return Pattern.compile("\\b" + Pattern.quote(errorName) + "\\b").matcher(message).find();
    }
}
