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

    /** The submission's partition; call only on a {@link #wellFormed} checkpoint. */
    public int partition() {
        return Integer.parseInt(submission.substring(0, submission.indexOf('@')));
    }

    /** The submission's offset; call only on a {@link #wellFormed} checkpoint. */
    public long offset() {
        return Long.parseLong(submission.substring(submission.indexOf('@') + 1));
    }

    /**
     * Whether the checkpoint can be trusted to resume from, as read from the topic: a run id, a
     * submission of an int partition and a long offset, and units whose counts add up.
     */
    public boolean wellFormed() {
        if (runId == null || submission == null || units == null || !submission.matches("[0-9]{1,10}@[0-9]{1,19}")) {
            return false;
        }
        try {
            partition();
            offset();
        } catch (NumberFormatException e) {
            return false;
        }
        return units.stream().allMatch(u -> u != null && u.model() != null && u.suite() != null && u.done() >= 0
                && u.failed() >= 0 && u.truncated() >= 0 && u.done() + u.failed() <= u.items()
                && u.truncated() <= u.done());
    }

    /** The unit's progress, or null when the checkpoint has none for it. */
    public Unit unit(String model, String suite) {
        return units.stream().filter(u -> u.model().equals(model) && u.suite().equals(suite)).findFirst()
                .orElse(null);
    }
}
