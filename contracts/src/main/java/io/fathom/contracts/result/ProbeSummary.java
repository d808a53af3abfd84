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
        String pooling, String probe, List<ModelCurve> models, List<Comparison> comparisons, Instant at)
        implements ResultEvent {

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

    public static ProbeSummary of(String runId, String suite, String task, String pooling, String probe,
            List<ModelCurve> models, List<Comparison> comparisons) {
        return new ProbeSummary(SchemaVersion.CURRENT, "probe-summary/" + runId + "/" + suite + "/" + pooling + "/"
                + probe, runId, ProbeLayerResult.SERVICE, suite, task, pooling, probe, models, comparisons,
                Instant.now());
    }
}
