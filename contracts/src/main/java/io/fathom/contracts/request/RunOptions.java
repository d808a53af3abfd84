package io.fathom.contracts.request;

import java.util.List;

/** Run-wide options; absent fields take the defaults below. */
public record RunOptions(Integer batchSize, List<String> poolings, Integer maxTokens, Long seed, ProbeOptions probe,
        ScoringOptions scoring) {

    public static final int DEFAULT_BATCH_SIZE = 32;
    public static final List<String> DEFAULT_POOLINGS = List.of("mean");
    public static final long DEFAULT_SEED = 42L;
    public static final RunOptions DEFAULTS = new RunOptions(DEFAULT_BATCH_SIZE, DEFAULT_POOLINGS, null,
            DEFAULT_SEED, ProbeOptions.DEFAULTS, ScoringOptions.DEFAULTS);

    public RunOptions withDefaults() {
        return new RunOptions(batchSize == null ? DEFAULT_BATCH_SIZE : batchSize,
                poolings == null ? DEFAULT_POOLINGS : poolings, maxTokens, seed == null ? DEFAULT_SEED : seed,
                probe == null ? ProbeOptions.DEFAULTS : probe.withDefaults(),
                scoring == null ? ScoringOptions.DEFAULTS : scoring.withDefaults());
    }
}
