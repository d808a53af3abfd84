package io.fathom.contracts.result;

import io.fathom.contracts.SchemaVersion;
import io.fathom.contracts.request.ModelMetadata;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A questions suite graded for every model: per model and domain the acceptability rate (with its
 * Wilson 95% interval) and mean scores per category and overall; every pair of models compared on
 * the questions both answered; and rows grouped by model metadata (e.g. one row per epoch).
 * Scores are on 0-1.
 *
 * <p>An answer the judge could not grade (a judge failure, an unreadable verdict, or a question the
 * reference judge cannot grade) counts among the answers as not acceptable, so that every model's
 * rate covers the questions it answered; means are over the judged answers only.
 */
public record ScoreSummary(int schemaVersion, String key, String runId, String service, String suite, String rubric,
        double threshold, List<String> categories, List<ModelScores> models, List<Comparison> comparisons,
        List<Group> groups, Instant at) implements ResultEvent {

    /** The domain label of rows that cover every question. */
    public static final String ALL_DOMAINS = "all";

    public record ModelScores(String model, ModelMetadata metadata, List<DomainScores> domains) {
    }

    /**
     * @param answers every answer of the model in the domain, judged or not
     * @param unjudged those of them that could not be judged, counted as not acceptable (0 in
     *        summaries written before the field existed)
     * @param overall the mean over the judged answers; NaN when none was judged
     */
    public record DomainScores(String domain, int answers, int acceptable, int unjudged, double rate, double rateLow,
            double rateHigh, double overall, Map<String, Double> categories) {
    }

    /**
     * {@code candidate} against {@code baseline} on the questions of {@code domain} both answered
     * (an answer that could not be judged counts as not acceptable, as in the rates).
     * {@code relativeChange} is candidate rate / baseline rate - 1 (null when the baseline accepts
     * nothing), with a percentile bootstrap 95% interval over questions; the difference of rates has
     * its own interval; {@code pValue} is the exact McNemar test on the discordant questions.
     */
    public record Comparison(String baseline, String candidate, String domain, int questions, double baselineRate,
            double candidateRate, Double relativeChange, Double relativeLow, Double relativeHigh, double difference,
            double differenceLow, double differenceHigh, int onlyBaseline, int onlyCandidate, double pValue) {
    }

    /**
     * Models sharing one value of a metadata field, pooled over their answers; {@code unjudged} as
     * in {@link DomainScores}.
     */
    public record Group(String field, String value, List<String> models, int answers, int unjudged, double rate,
            double overall, Map<String, Double> categories) {
    }

    public static ScoreSummary of(String runId, String suite, String rubric, double threshold, List<String> categories,
            List<ModelScores> models, List<Comparison> comparisons, List<Group> groups) {
        return new ScoreSummary(SchemaVersion.CURRENT, "score-summary/" + runId + "/" + suite, runId,
                ScoreItem.SERVICE, suite, rubric, threshold, categories, models, comparisons, groups, Instant.now());
    }
}
