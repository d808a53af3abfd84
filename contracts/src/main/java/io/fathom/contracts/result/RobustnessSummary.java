package io.fathom.contracts.result;

import io.fathom.contracts.SchemaVersion;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * An instructions suite (QA or RE) for every model: each metric per template over all the suite's
 * items, and the performance drop rate of each template the model has not seen, PDR = 1 - unseen /
 * seen mean, computed on the items the model answered under every template. A negative PDR means
 * the new wording helped. Metrics are on 0-1: {@code exact_match} and {@code f1} for QA,
 * {@code relation_accuracy} and {@code micro_f1} for RE.
 */
public record RobustnessSummary(int schemaVersion, String key, String runId, String service, String suite,
        String task, List<String> metrics, List<ModelRobustness> models, Instant at) implements ResultEvent {

    /**
     * One model's robustness. {@code seenMean}, {@code unseenMean} and every PDR are computed on the
     * {@code pairedItems} items the model answered under every template (of the {@code items} in
     * the suite), so that all templates are compared on the same items; they are empty when no item
     * is answered under every template. {@code pdrMean} and {@code pdrStd} are over unseen
     * templates; {@code pdrLow} and {@code pdrHigh} are the percentile bootstrap 95% interval of
     * {@code pdrMean}, resampling paired items (a low end that is unbounded, because resamples whose
     * seen mean is zero have an unseen template above it, is absent). PDR statistics are absent
     * where the seen mean is zero (the drop rate is undefined). Summaries written before
     * {@code items}, {@code pairedItems}, {@code pdrLow} and {@code pdrHigh} existed read as 0 and
     * empty.
     */
    public record ModelRobustness(String model, List<TemplateScore> templates, Map<String, Double> seenMean,
            Map<String, Double> unseenMean, Map<String, Double> pdrMean, Map<String, Double> pdrStd, int items,
            int pairedItems, Map<String, Double> pdrLow, Map<String, Double> pdrHigh) {

        public ModelRobustness {
            pdrLow = pdrLow == null ? Map.of() : pdrLow;
            pdrHigh = pdrHigh == null ? Map.of() : pdrHigh;
        }
    }

    /**
     * One template for one model: {@code seen} says whether this model saw the template in its
     * instruction tuning. {@code metrics} cover every item of the suite: an item the model did not
     * answer under this template ({@code missing}) counts as wrong, as does an answer from which no
     * answer (QA) or no triple line (RE) could be read ({@code unparsed}, among {@code answers}).
     * {@code pdr} is null for seen templates.
     */
    public record TemplateScore(String template, boolean seen, int answers, int unparsed, int missing,
            Map<String, Double> metrics, Map<String, Double> pdr) {
    }

    public static RobustnessSummary of(String runId, String suite, String task, List<String> metrics,
            List<ModelRobustness> models) {
        return new RobustnessSummary(SchemaVersion.CURRENT, "robustness/" + runId + "/" + suite, runId,
                ScoreItem.SERVICE, suite, task, metrics, models, Instant.now());
    }
}
