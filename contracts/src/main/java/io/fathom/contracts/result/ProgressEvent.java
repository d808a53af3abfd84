package io.fathom.contracts.result;

import io.fathom.contracts.SchemaVersion;
import java.time.Instant;

/**
 * How far a service is with a run: for one (model, suite) while it works, and for the whole run
 * (model and suite null) when it is done. {@code expected = done + failed + pending}.
 */
public record ProgressEvent(int schemaVersion, String key, String runId, String service, String model, String suite,
        Status status, long expected, long done, long failed, long truncated, Instant at) implements ResultEvent {

    public enum Status { RUNNING, COMPLETED, FAILED }

    public static ProgressEvent of(String runId, String service, String model, String suite, Status status,
            long expected, long done, long failed, long truncated) {
        String scope = model == null ? "run" : model + "/" + suite;
        return new ProgressEvent(SchemaVersion.CURRENT, "progress/" + service + "/" + runId + "/" + scope, runId,
                service, model, suite, status, expected, done, failed, truncated, Instant.now());
    }

    public boolean isFinal() {
        return status != Status.RUNNING;
    }
}
