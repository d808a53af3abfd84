package io.fathom.contracts.request;

import java.util.List;

/** A run: the models to compare and the suites to evaluate them on. */
public record EvaluationRequest(int schemaVersion, String runId, List<ModelRef> models, List<Suite> suites,
        RunOptions options) {

    public EvaluationRequest {
        options = options == null ? RunOptions.DEFAULTS : options.withDefaults();
    }
}
