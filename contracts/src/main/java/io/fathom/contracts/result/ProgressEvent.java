package io.fathom.contracts.result;

import io.fathom.contracts.SchemaVersion;
import java.time.Instant;

/**
 * How far a service is with a run: for one (model, suite) while it works, for a whole suite
 * (model null) where a service works suite by suite, and for the whole run (model and suite null)
 * when it is done. {@code expected = done + failed + pending}.
 */
public record ProgressEvent(int schemaVersion, String key, String runId, String service, String model, String suite,
        Status status, long expected, long done, long failed, long truncated, Instant at) implements ResultEvent {

    public enum Status { RUNNING, COMPLETED, FAILED }

    public static ProgressEvent of(String runId, String service, String model, String suite, Status status,
            long expected, long done, long failed, long truncated) {
        String scope = model != null ? model + "/" + suite : suite != null ? "suite/" + suite : "run";
        return new ProgressEvent(SchemaVersion.CURRENT, "progress/" + service + "/" + runId + "/" + scope, runId,
                service, model, suite, status, expected, done, failed, truncated, Instant.now());
    }

    public boolean isFinal() {
        return status != Status.RUNNING;
    }
}
