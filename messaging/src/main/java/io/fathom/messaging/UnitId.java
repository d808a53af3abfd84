package io.fathom.messaging;

/** What a consumer aggregates: a suite of a run, or a whole run ({@code name} null). */
public record UnitId(String runId, String name) {

    @Override
    public String toString() {
        return name == null ? "run " + runId : "run " + runId + " suite " + name;
    }
}
