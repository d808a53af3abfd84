package io.fathom.contracts;

/** Kafka topic names, the one place they are spelled. */
public final class Topics {
    /** Run requests from producers (JSON, {@code schemas/evaluation-request.schema.json}). */
    public static final String REQUESTS = "fathom.requests";
    /** Pooled per-layer hidden states, one binary event per (run, model, suite, item). */
    public static final String HIDDEN_STATES = "fathom.hidden-states";
    /** Generated text, one JSON event per (run, model, suite, item, template). */
    public static final String GENERATIONS = "fathom.generations";
    /** Progress, errors and every service's results (JSON, typed by "type"). */
    public static final String RESULTS = "fathom.results";
    /**
     * Internal: one record per suite a downstream service finished or gave up, keyed by run id, so
     * that whichever instance of that service reads the run's partition can tell when the whole run
     * is done and publish its run-level final progress.
     */
    public static final String SUITE_OUTCOMES = "fathom.suite-outcomes";
    /**
     * Internal, compacted: the content each run id was first submitted with, keyed by run id, so that
     * a run id names one request (the inference-service reads it whole at start-up).
     */
    public static final String RUNS = "fathom.runs";
    /** Records that could not be processed at all, with the reason in headers. */
    public static final String DEAD_LETTER = "fathom.dead-letter";

    private Topics() {
    }
}
