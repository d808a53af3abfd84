package io.fathom.messaging;

/**
 * What a consumer aggregates: a suite of a run, or a whole run ({@code name} null), of one
 * submission of the run ({@code submission} null for records without the header).
 */
public record UnitId(String runId, String name, String submission) {

    public UnitId(String runId, String name) {
        this(runId, name, null);
    }

    @Override
    public String toString() {
        return (name == null ? "run " + runId : "run " + runId + " suite " + name)
                + (submission == null ? "" : " (submission " + submission + ")");
    }
}
