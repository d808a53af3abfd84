package io.fathom.contracts.hidden;

/** Checks shared by the readers of hidden-state events and suite-end markers. */
final class Fields {

    /** Ids travel in keys, file names and logs: bounded, and never blank. */
    static final int MAX_ID_LENGTH = 512;

    private Fields() {
    }

    static void requireId(String value, String what, String field) {
        if (value == null || value.isBlank()) {
            throw new MalformedHiddenStateException(what + " has no " + field);
        }
        if (value.length() > MAX_ID_LENGTH) {
            throw new MalformedHiddenStateException(what + " has a " + field + " of " + value.length()
                    + " characters; at most " + MAX_ID_LENGTH + " are accepted");
        }
    }
}
