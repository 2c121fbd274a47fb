package io.quodock.ui.admin;

/** The daemon answered with an error: its message (plain words, for people) and its kind ({@code invalid}, {@code in_use}, ...). */
public final class AdminException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String kind;

    public AdminException(String kind, String message) {
        super(message);
        this.kind = kind;
    }

    public String kind() {
        return kind;
    }
}
