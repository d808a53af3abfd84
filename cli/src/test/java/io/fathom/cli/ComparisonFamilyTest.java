package io.fathom.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fathom.contracts.result.ProbeSummary;
import io.fathom.contracts.result.ScoreSummary;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The report adjusts every paired comparison of a run together, probing and scoring alike. */
class ComparisonFamilyTest {

    @Test
    void probingAndScoringComparisonsAreHolmAdjustedAsOneFamily() {
        ProbeReport probes = new ProbeReport();
        probes.add(probeSummary("tense", 0.01));
        probes.add(probeSummary("bshift", 0.04));
        ScoringReport scores = new ScoringReport();
        scores.add(ScoreSummary.of("run", "qa", "default", 0.7, List.of(), List.of(), List.of(
                new ScoreSummary.Comparison("base", "tuned", "all", 50, 0.4, 0.6, 0.5, 0.1, 0.9, 0.2, 0.05, 0.35, 3,
                        13, 0.03)), List.of()));

        Map<String, Double> raw = new LinkedHashMap<>(probes.pValues());
        raw.putAll(scores.pValues());
        ComparisonFamily family = new ComparisonFamily(raw);
        String report = print(out -> {
            probes.print(out, family);
            scores.print(out, family);
            family.printSummary(out);
        });

        // three tests: 0.01 x 3 = 0.03, 0.03 x 2 = 0.06, 0.04 x 1 raised to 0.06
        assertThat(report).contains("McNemar p = 0.0100, p_holm = 0.0300")
                .contains("McNemar p = 0.0400, p_holm = 0.0600")
                .containsPattern("tuned vs base +all .* 0\\.0300 +0\\.0600")
                .contains("paired comparisons: 3 in this run").contains("1 significant at 0.05 after adjustment");
    }

    @Test
    void aPValueAtTheFloorPrintsAsABound() {
        ProbeReport probes = new ProbeReport();
        probes.add(probeSummary("tense", io.fathom.stats.McNemar.exact(60_000, 40_000).pValue()));
        ComparisonFamily family = new ComparisonFamily(probes.pValues());
        assertThat(print(out -> probes.print(out, family))).contains("McNemar p = < 1e-300, p_holm = < 1e-300");
    }

    private static ProbeSummary probeSummary(String suite, double p) {
        List<ProbeSummary.ModelCurve> models = List.of(
                new ProbeSummary.ModelCurve("a", 0, 0.8, List.of(0.8), List.of(0.8), java.util.Arrays.asList(
                        (Double) null)),
                new ProbeSummary.ModelCurve("b", 0, 0.7, List.of(0.7), List.of(0.7), java.util.Arrays.asList(
                        (Double) null)));
        return ProbeSummary.of("run", suite, suite, "mean", "linear", models, List.of(
                new ProbeSummary.Comparison("a", "b", 0, 0, 0.8, 0.7, 100, 20, 10, p)), null);
    }

    private static String print(java.util.function.Consumer<PrintStream> printer) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            printer.accept(out);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
