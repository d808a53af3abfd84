package io.fathom.cli;

import io.fathom.contracts.request.ModelMetadata;
import io.fathom.contracts.result.MixtureResult;
import io.fathom.contracts.result.ProbeSummary;
import io.fathom.contracts.result.ScoreSummary;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Ties an evaluation run back to the mixtures its models were fine-tuned on: each model that names
 * a mixture id in its metadata ({@code dataMixId}) gets the ratio of that mixture (from its mixture
 * result) and its epoch, its acceptability in the target (in-domain) and general domains with their
 * Wilson intervals, and its paired differences from the run's baseline (its first model, the
 * out-of-the-box one) with their bootstrap intervals. The recommendation is the ratio and epoch with
 * the highest target acceptability among those whose general acceptability is at most
 * {@code tolerance} below the baseline's (the point difference; whether the interval clears the
 * tolerance too, and whether the target gain is significant, are said beside it).
 */
final class MixtureLineage {

    static final String DEFAULT_TARGET_DOMAIN = "in-domain";
    static final String DEFAULT_GENERAL_DOMAIN = "general";
    /** How far general acceptability may fall below the baseline's for a ratio to be recommended. */
    static final double DEFAULT_TOLERANCE = 0.05;

    /** One fine-tuned model on the curve; {@code ratio} null when its mixture is not on fathom.results. */
    record Row(String model, String mixtureId, Double ratio, Integer epoch, ScoreSummary.DomainScores target,
            ScoreSummary.DomainScores general, ScoreSummary.Comparison targetChange,
            ScoreSummary.Comparison generalChange, Double probeAccuracy) {
    }

    /**
     * The chosen row, whether its general difference's 95% interval lies above -tolerance, and
     * whether its target difference's interval lies above 0.
     */
    record Recommendation(Row row, boolean generalKeptWithConfidence, boolean targetGainSignificant) {
    }

    private final ScoreSummary scores;
    private final String targetDomain;
    private final String generalDomain;
    private final List<Row> rows = new ArrayList<>();
    private final List<String> unlinked = new ArrayList<>();

    MixtureLineage(ScoreSummary scores, Map<String, MixtureResult> mixtures, List<ProbeSummary> probes,
            String targetDomain, String generalDomain) {
        this.scores = scores;
        this.targetDomain = targetDomain;
        this.generalDomain = generalDomain;
        Map<String, Double> probeBest = new HashMap<>();
        probes.forEach(p -> p.models().forEach(m -> probeBest.merge(m.model(), m.bestTestAccuracy(), Math::max)));
        for (ScoreSummary.ModelScores model : scores.models().subList(1, scores.models().size())) {
            ModelMetadata metadata = model.metadata();
            if (metadata == null || metadata.dataMixId() == null) {
                unlinked.add(model.model());
                continue;
            }
            MixtureResult mixture = mixtures.get(metadata.dataMixId());
            rows.add(new Row(model.model(), metadata.dataMixId(), mixture == null ? null : mixture.ratio(),
                    metadata.epoch(), domain(model, targetDomain), domain(model, generalDomain),
                    change(model.model(), targetDomain), change(model.model(), generalDomain),
                    probeBest.get(model.model())));
        }
        rows.sort(Comparator.comparing((Row r) -> r.ratio() == null ? Double.MAX_VALUE : r.ratio())
                .thenComparing(r -> r.epoch() == null ? Integer.MAX_VALUE : r.epoch()));
    }

    String baseline() {
        return scores.models().get(0).model();
    }

    List<Row> rows() {
        return rows;
    }

    /** The best eligible row; empty when no row has both domains scored within the tolerance. */
    Optional<Recommendation> recommend(double tolerance) {
        return rows.stream().filter(r -> r.ratio() != null && r.target() != null && r.generalChange() != null
                        && r.generalChange().difference() >= -tolerance)
                .max(Comparator.comparingDouble((Row r) -> r.target().rate())
                        .thenComparing(r -> -r.ratio()).thenComparing(r -> r.epoch() == null ? 0 : -r.epoch()))
                .map(r -> new Recommendation(r, r.generalChange().differenceLow() >= -tolerance,
                        r.targetChange() != null && r.targetChange().differenceLow() > 0));
    }

    void print(PrintStream out, double tolerance) {
        ScoreSummary.ModelScores base = scores.models().get(0);
        out.printf("mixture curve of run %s, suite %s: acceptability (Wilson 95%%) in %s and %s, and the paired"
                + " difference from the baseline %s (bootstrap 95%% over questions)%n", scores.runId(), scores.suite(),
                targetDomain, generalDomain, baseline());
        out.printf("  %-7s %-5s %-24s %-20s %-22s %-22s %-22s %-22s %s%n", "ratio", "epoch", "model", "mixture",
                targetDomain, "change", generalDomain, "change", "probe");
        out.printf("  %-7s %-5s %-24s %-20s %-22s %-22s %-22s %-22s %s%n", "-", "-", shorten(base.model()), "-",
                rate(domain(base, targetDomain)), "", rate(domain(base, generalDomain)), "", "");
        for (Row row : rows) {
            out.printf("  %-7s %-5s %-24s %-20s %-22s %-22s %-22s %-22s %s%n",
                    row.ratio() == null ? "?" : row.ratio(), row.epoch() == null ? "-" : row.epoch(),
                    shorten(row.model()), row.mixtureId(), rate(row.target()), change(row.targetChange()),
                    rate(row.general()), change(row.generalChange()),
                    row.probeAccuracy() == null ? "" : String.format("%.3f", row.probeAccuracy()));
        }
        if (rows.stream().anyMatch(r -> r.ratio() == null)) {
            out.println("  ?: the mixture is not on fathom.results (its datamix run was deleted or never ran)");
        }
        if (!unlinked.isEmpty()) {
            out.println("  models without a dataMixId in their metadata, left off the curve: " + unlinked);
        }
        out.println(recommendation(tolerance));
    }

    /** The recommendation in a sentence, or why there is none. */
    String recommendation(double tolerance) {
        Optional<Recommendation> recommendation = recommend(tolerance);
        if (recommendation.isEmpty()) {
            return String.format(Locale.ROOT, "no ratio keeps %s acceptability within %.3f of the baseline", generalDomain,
                    tolerance);
        }
        Recommendation r = recommendation.get();
        return String.format(Locale.ROOT, "recommended: ratio %s, epoch %s (%s): %s acceptability %.3f, %s %+.3f from the baseline"
                        + " (%swithin the tolerance of %.3f with 95%% confidence); %s gain %s", r.row().ratio(),
                r.row().epoch() == null ? "-" : r.row().epoch(), r.row().model(), targetDomain, r.row().target().rate(),
                generalDomain, r.row().generalChange().difference(), r.generalKeptWithConfidence() ? "" : "not ",
                tolerance, targetDomain, r.targetGainSignificant() ? "significant (its 95% interval is above 0)"
                        : "not significant (its 95% interval includes 0)");
    }

    private static ScoreSummary.DomainScores domain(ScoreSummary.ModelScores model, String domain) {
        return model.domains().stream().filter(d -> d.domain().equals(domain)).findFirst().orElse(null);
    }

    private ScoreSummary.Comparison change(String model, String domain) {
        return scores.comparisons().stream().filter(c -> c.candidate().equals(model) && c.domain().equals(domain)
                && c.baseline().equals(baseline())).findFirst().orElse(null);
    }

    static String rate(ScoreSummary.DomainScores scores) {
        return scores == null ? "-" : String.format(Locale.ROOT, "%.3f [%.3f, %.3f]", scores.rate(), scores.rateLow(),
                scores.rateHigh());
    }

    static String change(ScoreSummary.Comparison c) {
        return c == null ? "-" : String.format(Locale.ROOT, "%+.3f [%+.3f, %+.3f]", c.difference(), c.differenceLow(),
                c.differenceHigh());
    }

    private static String shorten(String model) {
        return model.length() <= 24 ? model : model.substring(0, 23) + "~";
    }
}
