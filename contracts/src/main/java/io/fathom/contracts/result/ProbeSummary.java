package io.fathom.contracts.result;

import io.fathom.contracts.SchemaVersion;
import java.time.Instant;
import java.util.List;

/**
 * All models of a run on one probing suite, for one pooling and probe kind: each model's accuracy
 * curve over layers and its best layer (chosen by dev accuracy, so the test figures stay unbiased),
 * and every pair of models compared at their best layers on the same test items.
 */
public record ProbeSummary(int schemaVersion, String key, String runId, String service, String suite, String task,
        String pooling, String probe, List<ModelCurve> models, List<Comparison> comparisons, Baselines baselines,
        Instant at) implements ResultEvent {

    /** One model's curve: index i is layer i. */
    public record ModelCurve(String model, int bestLayer, double bestTestAccuracy, List<Double> testAccuracy,
            List<Double> devAccuracy, List<Double> selectivity) {
    }

    /**
     * A paired comparison on the test items both models have: {@code onlyA}/{@code onlyB} count the
     * items exactly one of them got right, {@code pValue} is the exact two-sided McNemar test.
     */
    public record Comparison(String modelA, String modelB, int layerA, int layerB, double accuracyA, double accuracyB,
            int items, int onlyA, int onlyB, double pValue) {
    }

    /**
     * What surface cues alone get on the suite's test split, trained on the probes' training split:
     * the majority class, a logistic regression on the length in words, and one on unigram and bigram
     * counts (its vocabulary of {@code features} n-grams). The same for every pooling and probe.
     */
    public record Baselines(double majority, double length, double bagOfWords, int features) {
    }

    /** @param baselines null where they could not be computed (no texts) */
    public static ProbeSummary of(String runId, String suite, String task, String pooling, String probe,
            List<ModelCurve> models, List<Comparison> comparisons, Baselines baselines) {
        return new ProbeSummary(SchemaVersion.CURRENT, "probe-summary/" + runId + "/" + suite + "/" + pooling + "/"
                + probe, runId, ProbeLayerResult.SERVICE, suite, task, pooling, probe, models, comparisons,
                baselines, Instant.now());
    }
}
