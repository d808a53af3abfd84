package io.fathom.messaging;

import io.fathom.contracts.result.ErrorCode;

/**
 * A record that cannot be used: it becomes an error result and a dead-letter copy, and the consumer
 * goes on with the next record.
 */
public class UnusableRecordException extends RuntimeException {

    private final String runId;
    private final ErrorCode code;

    /** @param runId the run the record names, or null when it could not be read */
    public UnusableRecordException(String runId, ErrorCode code, String message) {
        super(message, null, false, false);
        this.runId = runId;
        this.code = code;
    }

    public String runId() {
        return runId;
    }

    public ErrorCode code() {
        return code;
    }
}
