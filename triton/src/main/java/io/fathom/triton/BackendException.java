package io.fathom.triton;

/** The model backend failed or could not be reached; the batch can be retried or reported. */
public class BackendException extends RuntimeException {
    public BackendException(String message, Throwable cause) {
        super(message, cause);
    }
}
