package io.fathom.contracts.result;

import io.fathom.contracts.EventFields;
import io.fathom.contracts.Json;
import io.fathom.contracts.MalformedEventException;
import io.fathom.contracts.SchemaVersion;
import io.fathom.contracts.hidden.SuiteEnd;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * On {@code fathom.suite-outcomes}, keyed by run id: one downstream service finished (or gave up) one
 * suite of a run, after all of that suite's results were acknowledged. The instance that reads the
 * run's partition collects them and publishes the service's run-level final progress once every
 * suite in {@code runSuites} has an outcome.
 *
 * @param runSuites the suites of the run this service handles, as the suite-end markers listed them;
 *        null when the suite was given up before any marker told them
 */
public record SuiteOutcome(int schemaVersion, String runId, String service, String suite,
        ProgressEvent.Status status, long expected, long done, long failed, List<String> runSuites) {

    /** Counts of a suite, at most the items of every model of it: summed per run, they stay far from overflow. */
    static final long MAX_COUNT = 1_000L * SuiteEnd.MAX_ITEMS;

    public static SuiteOutcome of(String runId, String service, String suite, ProgressEvent.Status status,
            long expected, long done, long failed, List<String> runSuites) {
        return new SuiteOutcome(SchemaVersion.CURRENT, runId, service, suite, status, expected, done, failed,
                runSuites);
    }

    public static SuiteOutcome parse(byte[] value) {
        SuiteOutcome outcome;
        try {
            outcome = Json.MAPPER.readValue(value, SuiteOutcome.class);
        } catch (IOException e) {
            throw new IllegalArgumentException("unreadable suite outcome: " + Json.describe(e));
        }
        if (outcome == null || outcome.status() == null) {
            throw new IllegalArgumentException("suite outcome without a status");
        }
        try {
            EventFields.requireName(outcome.runId(), "suite outcome", "runId");
            EventFields.requireName(outcome.service(), "suite outcome", "service");
            EventFields.requireName(outcome.suite(), "suite outcome", "suite");
            if (outcome.runSuites() != null) {
                outcome.runSuites().forEach(s -> EventFields.requireName(s, "suite outcome", "runSuites[]"));
            }
        } catch (MalformedEventException e) {
            throw new IllegalArgumentException(e.getMessage());
        }
        SchemaVersion.check(outcome.schemaVersion(), "suite outcome");
        for (long count : new long[] {outcome.expected(), outcome.done(), outcome.failed()}) {
            if (count < 0 || count > MAX_COUNT) {
                throw new IllegalArgumentException("suite outcome of suite '" + outcome.suite() + "' has a count out"
                        + " of range 0 to " + MAX_COUNT + ": " + count);
            }
        }
        return outcome;
    }

    public byte[] toBytes() {
        try {
            return Json.MAPPER.writeValueAsBytes(this);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
