package io.fathom.inference.domain;

import java.time.Instant;
import java.util.List;

/**
 * How far one submission of a run has got, kept on {@code fathom.runs} under {@link #key}: per
 * (model, suite) unit of hidden states, the items from the start of the suite (in the plan's order)
 * whose events the broker has acknowledged, with the counts an undisturbed run would have by then.
 * A request redelivered with the same submission resumes each unit after its {@code items}.
 */
public record Checkpoint(int schemaVersion, String runId, String submission, List<Unit> units,
        Instant writtenAt) {

    /** The suffix of a checkpoint's key; a run id cannot hold a '/', so no registration has it. */
    static final String SUFFIX = "/checkpoint";

    /** One unit: {@code items} covered, of which {@code done} published, {@code failed} and {@code truncated}. */
    public record Unit(String model, String suite, long items, long done, long failed, long truncated) {
    }

    /** The key of a submission's checkpoint on {@code fathom.runs}. */
    public static String key(String runId, String submission) {
        return runId + "@" + submission + SUFFIX;
    }

    public static boolean isKey(String key) {
        return key != null && key.endsWith(SUFFIX);
    }

    public String key() {
        return key(runId, submission);
    }

    /** The unit's progress, or null when the checkpoint has none for it. */
    public Unit unit(String model, String suite) {
        return units.stream().filter(u -> u.model().equals(model) && u.suite().equals(suite)).findFirst()
                .orElse(null);
    }
}
