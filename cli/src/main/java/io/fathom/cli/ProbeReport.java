package io.fathom.cli;

import io.fathom.contracts.result.ProbeLayerResult;
import io.fathom.contracts.result.ProbeSummary;
import io.fathom.contracts.result.ResultEvent;
import io.fathom.stats.McNemar;
import java.io.PrintStream;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Per-layer tables of a run's probes: for each probing suite (and pooling), test accuracy and
 * selectivity of every model at every layer, each model's best layer, and the paired comparison.
 */
final class ProbeReport {

    /** Latest result per key: a redelivered result replaces, never doubles, the first. */
    private final Map<String, ProbeLayerResult> layers = new TreeMap<>();
    private final Map<String, ProbeSummary> summaries = new TreeMap<>();

    void add(ResultEvent event) {
        if (event instanceof ProbeLayerResult layer) {
            layers.put(layer.key(), layer);
        } else if (event instanceof ProbeSummary summary) {
            summaries.put(summary.key(), summary);
        }
    }

    /** Each paired comparison's raw p-value, by its key in the run's family. */
    Map<String, Double> pValues() {
        Map<String, Double> pValues = new LinkedHashMap<>();
        summaries.values().forEach(s -> s.comparisons().forEach(c -> pValues.put(key(s, c), c.pValue())));
        return pValues;
    }

    private static String key(ProbeSummary summary, ProbeSummary.Comparison c) {
        return summary.key() + "/" + c.modelA() + "/" + c.modelB();
    }

    Collection<ProbeSummary> summaries() {
        return summaries.values();
    }

    /** The comparison's p-value Holm-adjusted within the run's family. */
    static double adjusted(ComparisonFamily family, ProbeSummary summary, ProbeSummary.Comparison c) {
        return family.adjusted(key(summary, c));
    }

    /** A model's control-task accuracy at each layer of the summary's suite, pooling and probe (null: no control). */
    List<Double> controlAccuracy(ProbeSummary summary, String model) {
        return layers.values().stream().filter(l -> l.model().equals(model) && matches(l, summary))
                .sorted(Comparator.comparingInt(ProbeLayerResult::layer)).map(ProbeLayerResult::controlAccuracy)
                .toList();
    }

    void print(PrintStream out, ComparisonFamily family) {
        for (ProbeSummary summary : summaries.values()) {
            out.println();
            out.printf("probing %s (%s), %s pooling, %s probe: test accuracy [selectivity]%n", summary.suite(),
                    summary.task(), summary.pooling(), summary.probe());
            List<ProbeSummary.ModelCurve> models = summary.models();
            StringBuilder header = new StringBuilder(String.format("%-6s", "layer"));
            models.forEach(m -> header.append(String.format(" %24s", shorten(m.model()))));
            out.println(header);
            int depth = models.stream().mapToInt(m -> m.testAccuracy().size()).max().orElse(0);
            for (int layer = 0; layer < depth; layer++) {
                StringBuilder row = new StringBuilder(String.format("%-6d", layer));
                for (ProbeSummary.ModelCurve model : models) {
                    row.append(layer < model.testAccuracy().size() ? String.format(" %24s", cell(model, layer))
                            : String.format(" %24s", ""));
                }
                out.println(row);
            }
            StringBuilder best = new StringBuilder(String.format("%-6s", "best"));
            models.forEach(m -> best.append(String.format(" %24s",
                    String.format("L%d %.3f", m.bestLayer(), m.bestTestAccuracy()))));
            out.println(best);
            ProbeSummary.Baselines surface = summary.baselines();
            if (surface != null) {
                out.printf("surface baselines on test: majority %.3f, length %.3f, bag of words %.3f (%d n-grams)%n",
                        surface.majority(), surface.length(), surface.bagOfWords(), surface.features());
            } else {
                firstLayer(summary).ifPresent(l -> out.printf("majority baseline %.3f%n", l.majorityBaseline()));
            }
            firstLayer(summary).map(ProbeLayerResult::controlCeiling).ifPresent(ceiling -> out.printf(
                    "control task: scored on the %.0f%% of test items whose last word occurs in training%n",
                    100 * ceiling));
            for (ProbeSummary.Comparison c : summary.comparisons()) {
                out.printf("%s L%d vs %s L%d on %d test items: %.3f vs %.3f, right only in one: %d / %d,"
                        + " McNemar p = %s, p_holm = %s%n", shorten(c.modelA()), c.layerA(), shorten(c.modelB()),
                        c.layerB(), c.items(), c.accuracyA(), c.accuracyB(), c.onlyA(), c.onlyB(),
                        McNemar.format(c.pValue()), McNemar.format(adjusted(family, summary, c)));
            }
        }
    }

    private static String cell(ProbeSummary.ModelCurve model, int layer) {
        Double selectivity = model.selectivity().get(layer);
        String accuracy = String.format("%.3f", model.testAccuracy().get(layer));
        return selectivity == null ? accuracy : String.format("%s [%+.2f]", accuracy, selectivity);
    }

    /** Any layer result of the summary: what every layer shares (majority baseline, control ceiling). */
    Optional<ProbeLayerResult> firstLayer(ProbeSummary summary) {
        return layers.values().stream().filter(layer -> matches(layer, summary)).findFirst();
    }

    private static boolean matches(ProbeLayerResult layer, ProbeSummary summary) {
        return layer.suite().equals(summary.suite()) && layer.pooling().equals(summary.pooling())
                && layer.probe().equals(summary.probe());
    }

    private static String shorten(String model) {
        return model.length() <= 24 ? model : model.substring(0, 23) + "~";
    }
}
