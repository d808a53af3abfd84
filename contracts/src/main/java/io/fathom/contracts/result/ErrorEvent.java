package io.fathom.contracts.result;

import io.fathom.contracts.SchemaVersion;
import java.time.Instant;
import java.util.List;

/**
 * Something could not be done: the code says what kind of problem, the message says exactly what
 * is wrong in terms of the input, details list further violations. {@code scope} names the part of
 * the run it concerns (a model, a suite, an item, or the input record's topic-partition-offset).
 */
public record ErrorEvent(int schemaVersion, String key, String runId, String service, ErrorCode code, String scope,
        String message, List<String> details, Instant at) implements ResultEvent {

    /** Runs that could not be named get this run id in keys. */
    public static final String UNKNOWN_RUN = "unknown-run";

    public static ErrorEvent of(String runId, String service, ErrorCode code, String scope, String message,
            List<String> details) {
        String run = runId == null ? UNKNOWN_RUN : runId;
        return new ErrorEvent(SchemaVersion.CURRENT, "error/" + service + "/" + run + "/" + code + "/" + scope,
                runId, service, code, scope, message, details == null ? List.of() : details, Instant.now());
    }
}
