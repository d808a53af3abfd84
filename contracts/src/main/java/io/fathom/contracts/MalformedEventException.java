package io.fathom.contracts;

/** An event of a fathom topic (hidden state, marker, generation) that does not follow its contract. */
public class MalformedEventException extends RuntimeException {
    public MalformedEventException(String message) {
        super(message);
    }
}
