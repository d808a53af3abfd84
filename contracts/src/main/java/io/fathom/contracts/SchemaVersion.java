package io.fathom.contracts;

/** The version every event carries; bumped on any incompatible change of a payload. */
public final class SchemaVersion {
    public static final int CURRENT = 1;

    private SchemaVersion() {
    }
}
