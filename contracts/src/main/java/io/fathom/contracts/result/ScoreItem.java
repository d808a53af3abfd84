package io.fathom.contracts.result;

import io.fathom.contracts.SchemaVersion;
import io.fathom.contracts.Services;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One answer graded against a rubric. {@code scores} holds every category the judge scored, on
 * 0-1 (1 best), including categories the rubric gives no weight, so that rescoring with other
 * weights needs nothing but these events; {@code scaled} holds the same scores on each rubric
 * category's own scale. {@code weights} are the effective weights after per-question overrides and
 * renormalisation over the categories that apply; {@code overall} is their weighted mean.
 *
 * <p>{@code acceptable}: {@code overall} at or above the rubric's threshold, and, where accuracy or
 * completeness carries weight, their mean at or above a floor (docs/scoring.md), so that tone
 * cannot carry a wrong answer. An answer that could not be judged has no score item at all.
 *
 * @param notes how a category was judged when it differs from the usual, e.g. no reference
 * @param truncated the answer stopped at the generation's token limit (finish reason {@code length}), so
 *        its scores judge a cut-off text; false when it stopped on its own or the reason is unknown
 */
public record ScoreItem(int schemaVersion, String key, String runId, String service, String suite, String model,
        String questionId, String domain, String topic, String judge, Map<String, Double> scores,
        Map<String, Double> scaled, Map<String, Double> weights, double overall, boolean acceptable, List<String> notes,
        boolean truncated, Instant at) implements ResultEvent {

    public static final String SERVICE = Services.SCORING;

    public static ScoreItem of(String runId, String suite, String model, String questionId, String domain, String topic,
            String judge, Map<String, Double> scores, Map<String, Double> scaled, Map<String, Double> weights,
            double overall, boolean acceptable, List<String> notes, boolean truncated) {
        return new ScoreItem(SchemaVersion.CURRENT, "score/" + runId + "/" + suite + "/" + model + "/" + questionId,
                runId, SERVICE, suite, model, questionId, domain, topic, judge, scores, scaled, weights, overall,
                acceptable, notes, truncated, Instant.now());
    }
}
