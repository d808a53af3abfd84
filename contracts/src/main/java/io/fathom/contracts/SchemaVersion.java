package io.fathom.contracts;

/** The version every event carries; bumped on any incompatible change of a payload. */
public final class SchemaVersion {
    public static final int CURRENT = 1;

    /** Rejects events of a version this code cannot read (0 is what a missing field reads as). */
    public static void check(int version, String what) {
        if (version < 1 || version > CURRENT) {
            throw new IllegalArgumentException(what + " has schema version " + version + "; this service reads 1 to "
                    + CURRENT);
        }
    }

    private SchemaVersion() {
    }
}
