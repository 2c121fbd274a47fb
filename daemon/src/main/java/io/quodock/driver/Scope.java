package io.quodock.driver;

/** Docker's volume scope: {@code local} volumes exist on one host, {@code global} ones on every host of a cluster. */
public enum Scope {
    LOCAL("local"),
    GLOBAL("global");

    private final String wire;

    Scope(String wire) {
        this.wire = wire;
    }

    /** The value Docker expects in {@code Capabilities.Scope}. */
    public String wire() {
        return wire;
    }
}
