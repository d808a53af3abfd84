package io.fathom.contracts;

import java.util.regex.Pattern;

/** Checks shared by the readers of every event fathom's services exchange. */
public final class EventFields {

    /** Ids travel in keys, file names and logs: bounded, and never blank. */
    public static final int MAX_ID_LENGTH = 512;
    /**
     * What the request schema allows for run ids, suite, model and template names ({@code $defs/id}):
     * they are parts of result keys split on '/', so no event may carry another form.
     */
    public static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:@-]{0,127}");

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

    /** A run id or a suite, model or template name: {@link #NAME}, as in requests. */
    public static void requireName(String value, String what, String field) {
        requireId(value, what, field);
        if (!NAME.matcher(value).matches()) {
            throw new MalformedEventException(what + " has a " + field + " that is not a name as requests give"
                    + " them (" + NAME.pattern() + ")");
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
