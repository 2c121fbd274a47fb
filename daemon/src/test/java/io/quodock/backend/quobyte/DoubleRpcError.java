package io.quodock.backend.quobyte;

/**
 * A JSON-RPC error the simulated cluster answers. Quobyte errors carry an error name (for example
 * {@code ENTITY_NOT_FOUND}) that the handler formats into Quobyte's message style; JSON-RPC protocol errors (unknown
 * method, bad params) carry none.
 */
final class DoubleRpcError extends Exception {

    private static final long serialVersionUID = 1L;

    // Quobyte does not document its numeric codes; 2 for "not found" is what OpenStack Manila's Quobyte driver
    // relies on, the others are placeholders. Clients should go by the error name in the message.
    private static final long ENTITY_NOT_FOUND = 2;
    private static final long ENTITY_EXISTS_ALREADY = 3;
    private static final long INVALID_ARGUMENTS = 4;

    private final long code;
    private final String errorName;

    private DoubleRpcError(long code, String errorName, String text) {
        super(text);
        this.code = code;
        this.errorName = errorName;
    }

    static DoubleRpcError entityNotFound(String text) {
        return new DoubleRpcError(ENTITY_NOT_FOUND, "ENTITY_NOT_FOUND", text);
    }

    static DoubleRpcError entityExistsAlready(String text) {
        return new DoubleRpcError(ENTITY_EXISTS_ALREADY, "ENTITY_EXISTS_ALREADY", text);
    }

    static DoubleRpcError invalidArguments(String text) {
        return new DoubleRpcError(INVALID_ARGUMENTS, "INVALID_ARGUMENTS", text);
    }

    static DoubleRpcError methodNotFound(String method) {
        return new DoubleRpcError(-32601, null, "Method not found: " + method);
    }

    static DoubleRpcError invalidParams(String text) {
        return new DoubleRpcError(-32602, null, text);
    }

    long code() {
        return code;
    }

    /**
     * The error message as Quobyte writes it: {@code NAME/POSIX_ERROR_NONE: text / }, or without the
     * {@code /POSIX_...} part in the style of newer releases.
     */
    String message(boolean newerStyle) {
        if (errorName == null) {
            return getMessage();
        }
        return errorName + (newerStyle ? "" : "/POSIX_ERROR_NONE") + ": " + getMessage() + " / ";
    }
}
