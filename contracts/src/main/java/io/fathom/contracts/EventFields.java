package io.fathom.contracts;

/** Checks shared by the readers of every event fathom's services exchange. */
public final class EventFields {

    /** Ids travel in keys, file names and logs: bounded, and never blank. */
    public static final int MAX_ID_LENGTH = 512;

    private EventFields() {
    }

    public static void requireId(String value, String what, String field) {
        if (value == null || value.isBlank()) {
            throw new MalformedEventException(what + " has no " + field);
        }
        if (value.length() > MAX_ID_LENGTH) {
            throw new MalformedEventException(what + " has a " + field + " of " + value.length()
                    + " characters; at most " + MAX_ID_LENGTH + " are accepted");
        }
    }

    /** Schema version in range, as a malformed-event error otherwise. */
    public static void requireVersion(int version, String what) {
        try {
            SchemaVersion.check(version, what);
        } catch (IllegalArgumentException e) {
            throw new MalformedEventException(e.getMessage());
        }
    }
}
