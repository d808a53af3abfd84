package io.fathom.contracts.result;

import io.fathom.contracts.SchemaVersion;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * An instructions suite (QA or RE) for every model: each metric per template, the mean over seen
 * templates, and the performance drop rate of each unseen template, PDR = 1 - unseen / seen mean,
 * with the mean and standard deviation of PDR over unseen templates. A negative PDR means the new
 * wording helped. Metrics are on 0-1: {@code exact_match} and {@code f1} for QA,
 * {@code relation_accuracy} and {@code micro_f1} for RE.
 */
public record RobustnessSummary(int schemaVersion, String key, String runId, String service, String suite,
        String task, List<String> metrics, List<ModelRobustness> models, Instant at) implements ResultEvent {

    /** PDR statistics are null where the seen mean is zero (the drop rate is undefined). */
    public record ModelRobustness(String model, List<TemplateScore> templates, Map<String, Double> seenMean,
            Map<String, Double> unseenMean, Map<String, Double> pdrMean, Map<String, Double> pdrStd) {
    }

    /**
     * {@code unparsed} counts the answers from which no answer (QA) or no triple line (RE) could be
     * read; they are scored as wrong, not dropped. {@code pdr} is null for seen templates.
     */
    public record TemplateScore(String template, boolean seen, int answers, int unparsed, Map<String, Double> metrics,
            Map<String, Double> pdr) {
    }

    public static RobustnessSummary of(String runId, String suite, String task, List<String> metrics,
            List<ModelRobustness> models) {
        return new RobustnessSummary(SchemaVersion.CURRENT, "robustness/" + runId + "/" + suite, runId,
                ScoreItem.SERVICE, suite, task, metrics, models, Instant.now());
    }
}
