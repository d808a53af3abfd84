package io.fathom.scoring.judge;

/** A judge's output without a readable verdict in its last line; carries the tail of the output. */
public class UnparseableVerdictException extends RuntimeException {

    public UnparseableVerdictException(String message) {
        super(message);
    }
}
