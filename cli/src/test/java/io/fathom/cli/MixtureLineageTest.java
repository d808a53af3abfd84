package io.fathom.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fathom.contracts.request.ModelMetadata;
import io.fathom.contracts.result.MixtureResult;
import io.fathom.contracts.result.ScoreSummary;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MixtureLineageTest {

    static ScoreSummary.DomainScores domain(String domain, double rate) {
        return new ScoreSummary.DomainScores(domain, 40, (int) Math.round(rate * 40), 0, rate, rate - 0.1, rate + 0.1,
                rate, Map.of());
    }

    static ScoreSummary.Comparison change(String candidate, String domain, double base, double rate, double low,
            double high) {
        return new ScoreSummary.Comparison("base", candidate, domain, 40, base, rate, null, null, null, rate - base,
                low, high, 3, 5, 0.5);
    }

    static ModelMetadata trainedOn(String mixture, int epoch) {
        return new ModelMetadata("base", 7.0, "full", null, epoch, mixture, null);
    }

    /** The baseline: in-domain 0.40, general 0.80; three ratios, a model off the curve and one of an unknown mixture. */
    static MixtureLineage lineage() {
        Map<String, MixtureResult> mixtures = Map.of(
                "mix-25", mixture("mix-25", 0.25), "mix-50", mixture("mix-50", 0.5), "mix-75", mixture("mix-75", 0.75));
        return new MixtureLineage(scores(List.of()), mixtures, List.of(), "in-domain", "general");
    }

    /** The evaluation run {@link #lineage} traces: mixtures mix-25, mix-50, mix-75 and mix-gone. */
    static ScoreSummary scores(List<ScoreSummary.Group> groups) {
        List<ScoreSummary.ModelScores> models = new ArrayList<>();
        List<ScoreSummary.Comparison> comparisons = new ArrayList<>();
        models.add(new ScoreSummary.ModelScores("base", null, List.of(domain("in-domain", 0.40),
                domain("general", 0.80))));
        Object[][] tuned = {
                {"ft-25", "mix-25", 0.55, 0.05, 0.25, 0.79, -0.08, 0.06},
                {"ft-50", "mix-50", 0.70, 0.20, 0.40, 0.77, -0.12, 0.05},
                {"ft-75", "mix-75", 0.80, 0.30, 0.50, 0.70, -0.18, -0.02},
                {"ft-lost", "mix-gone", 0.90, 0.40, 0.60, 0.80, -0.05, 0.05}};
        for (Object[] t : tuned) {
            String model = (String) t[0];
            models.add(new ScoreSummary.ModelScores(model, trainedOn((String) t[1], 2), List.of(
                    domain("in-domain", (double) t[2]), domain("general", (double) t[5]))));
            comparisons.add(change(model, "in-domain", 0.40, (double) t[2], (double) t[3], (double) t[4]));
            comparisons.add(change(model, "general", 0.80, (double) t[5], (double) t[6], (double) t[7]));
        }
        models.add(new ScoreSummary.ModelScores("other", null, List.of(domain("general", 0.5))));
        return ScoreSummary.of("eval", "qs", "rubric", 0.7, List.of("accuracy"), models, comparisons, groups);
    }

    static MixtureResult mixture(String id, double ratio) {
        return MixtureResult.of("mixing", "blend", id, ratio, ratio, 100, Map.of(), Map.of(), Map.of(), 7,
                "/sink/" + id + ".jsonl", null);
    }

    @Test
    void rowsFollowTheMixtureRatioAndTheBaselineIsTheFirstModel() {
        MixtureLineage lineage = lineage();
        assertThat(lineage.baseline()).isEqualTo("base");
        assertThat(lineage.rows()).extracting(MixtureLineage.Row::model)
                .containsExactly("ft-25", "ft-50", "ft-75", "ft-lost");
        assertThat(lineage.rows()).extracting(MixtureLineage.Row::ratio).containsExactly(0.25, 0.5, 0.75, null);
        assertThat(lineage.rows().get(1).generalChange().difference()).isCloseTo(-0.03,
                org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void theRecommendationIsTheBestTargetScoreWhoseGeneralScoreStaysWithinTheTolerance() {
        MixtureLineage lineage = lineage();
        MixtureLineage.Recommendation at5 = lineage.recommend(0.05).orElseThrow();
        assertThat(at5.row().ratio()).isEqualTo(0.5);
        assertThat(at5.generalKeptWithConfidence()).as("-0.12 is below -0.05").isFalse();
        assertThat(at5.targetGainSignificant()).isTrue();
        assertThat(lineage.recommend(0.02).orElseThrow().row().ratio()).isEqualTo(0.25);
        assertThat(lineage.recommend(0.2).orElseThrow()).satisfies(r -> {
            assertThat(r.row().ratio()).isEqualTo(0.75);
            assertThat(r.generalKeptWithConfidence()).isTrue();
        });
        assertThat(lineage.recommend(0.0)).as("every ratio costs general skill").isEmpty();
    }

    @Test
    void theTableNamesTheUnlinkedModelsAndTheRecommendation() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        lineage().print(new PrintStream(bytes, true, StandardCharsets.UTF_8), 0.05);
        String printed = bytes.toString(StandardCharsets.UTF_8);
        assertThat(printed).contains("recommended: ratio 0.5, epoch 2 (ft-50)")
                .contains("not within the tolerance of 0.050 with 95% confidence")
                .contains("in-domain gain significant")
                .contains("left off the curve: [other]")
                .contains("mix-gone").contains("not on fathom.results");
    }
}
