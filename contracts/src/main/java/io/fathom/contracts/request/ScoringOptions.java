package io.fathom.contracts.request;

/**
 * How the scoring-service grades: the encoder whose hidden states give similarities, the
 * acceptability threshold (overriding the rubric's), bootstrap resamples, the judge and, for the
 * llm judge, the judge model (one the scoring-service has configured; null: its default). Absent
 * fields take the defaults below; the threshold stays null so the rubric's can apply.
 */
public record ScoringOptions(String embedder, Double threshold, Integer bootstrapSamples, String judge,
        String judgeModel) {

    public static final String DEFAULT_EMBEDDER = "all-minilm-l6-v2";
    public static final int DEFAULT_BOOTSTRAP_SAMPLES = 2000;
    public static final String REFERENCE_JUDGE = "reference";
    public static final String LLM_JUDGE = "llm";
    public static final ScoringOptions DEFAULTS = new ScoringOptions(DEFAULT_EMBEDDER, null,
            DEFAULT_BOOTSTRAP_SAMPLES, REFERENCE_JUDGE, null);

    ScoringOptions withDefaults() {
        return new ScoringOptions(embedder == null ? DEFAULT_EMBEDDER : embedder, threshold,
                bootstrapSamples == null ? DEFAULT_BOOTSTRAP_SAMPLES : bootstrapSamples,
                judge == null ? REFERENCE_JUDGE : judge, judgeModel);
    }
}
