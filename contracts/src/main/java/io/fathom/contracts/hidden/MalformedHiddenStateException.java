package io.fathom.contracts.hidden;

/** A hidden-state event whose bytes do not follow {@link HiddenStateCodec}'s layout. */
public class MalformedHiddenStateException extends RuntimeException {
    public MalformedHiddenStateException(String message) {
        super(message);
    }
}
