package io.fathom.cli;

import io.fathom.contracts.result.ResultEvent;
import io.fathom.contracts.result.RobustnessSummary;
import io.fathom.contracts.result.ScoreSummary;
import io.fathom.stats.McNemar;
import java.io.PrintStream;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Tables of a run's scored suites: the rubric table (per model and domain: answers, those the judge
 * could not grade, acceptability with its interval, overall and category means), the acceptability
 * comparison against the baseline, rows grouped by model metadata, and the robustness table
 * (metrics per template with missing answers, PDR on the paired items with its coverage, mean, std
 * and bootstrap interval).
 */
final class ScoringReport {

    /** Latest summary per key: a redelivery replaces, never doubles, the first. */
    private final Map<String, ScoreSummary> scores = new TreeMap<>();
    private final Map<String, RobustnessSummary> robustness = new TreeMap<>();

    void add(ResultEvent event) {
        if (event instanceof ScoreSummary summary) {
            scores.put(summary.key(), summary);
        } else if (event instanceof RobustnessSummary summary) {
            robustness.put(summary.key(), summary);
        }
    }

    /** Each acceptability comparison's raw p-value, by its key in the run's family. */
    Map<String, Double> pValues() {
        Map<String, Double> pValues = new LinkedHashMap<>();
        scores.values().forEach(s -> s.comparisons().forEach(c -> pValues.put(key(s, c), c.pValue())));
        return pValues;
    }

    private static String key(ScoreSummary summary, ScoreSummary.Comparison c) {
        return summary.key() + "/" + c.candidate() + "/" + c.baseline() + "/" + c.domain();
    }

    Collection<ScoreSummary> scoreSummaries() {
        return scores.values();
    }

    Collection<RobustnessSummary> robustnessSummaries() {
        return robustness.values();
    }

    /** The comparison's p-value Holm-adjusted within the run's family. */
    static double adjusted(ComparisonFamily family, ScoreSummary summary, ScoreSummary.Comparison c) {
        return family.adjusted(key(summary, c));
    }

    /** A task's main metric, the one its PDR is quoted for: the last (f1 for QA, micro_f1 for RE). */
    static String mainMetric(RobustnessSummary summary) {
        return summary.metrics().get(summary.metrics().size() - 1);
    }

    void print(PrintStream out, ComparisonFamily family) {
        scores.values().forEach(summary -> printScores(summary, family, out));
        robustness.values().forEach(summary -> printRobustness(summary, out));
        if (robustness.size() > 1) {
            printSideBySide(out);
        }
    }

    /** Each task's main metric (its last: f1 for QA, micro_f1 for RE) side by side, per model. */
    private void printSideBySide(PrintStream out) {
        out.println();
        out.println("PDR side by side (mean +- std over unseen templates, bootstrap 95% over paired items):");
        StringBuilder header = new StringBuilder(String.format("  %-16s", "model"));
        robustness.values().forEach(r -> header.append(String.format(" %36s", r.task().toUpperCase(
                java.util.Locale.ROOT) + " " + mainMetric(r))));
        out.println(header);
        robustness.values().stream().flatMap(r -> r.models().stream()).map(RobustnessSummary.ModelRobustness::model)
                .distinct().forEach(model -> {
                    StringBuilder line = new StringBuilder(String.format("  %-16s", shorten(model, 16)));
                    for (RobustnessSummary r : robustness.values()) {
                        String metric = mainMetric(r);
                        line.append(r.models().stream().filter(m -> m.model().equals(model)
                                && m.pdrMean().get(metric) != null).findFirst()
                                .map(m -> String.format(" %36s", pdr(m, metric)))
                                .orElse(String.format(" %36s", "-")));
                    }
                    out.println(line);
                });
    }

    /** PDR mean +- std [interval]; one unseen template has no std, an unbounded end prints as ?. */
    static String pdr(RobustnessSummary.ModelRobustness model, String metric) {
        Double std = model.pdrStd().get(metric);
        return String.format("%.3f", model.pdrMean().get(metric)) + (std == null ? " (one unseen, no std)"
                : String.format(" +- %.3f", std)) + " [" + bound(model.pdrLow().get(metric)) + ","
                + bound(model.pdrHigh().get(metric)) + "]";
    }

    private static String bound(Double value) {
        return value == null ? "?" : String.format("%.2f", value);
    }

    private static void printScores(ScoreSummary summary, ComparisonFamily family, PrintStream out) {
        out.println();
        out.printf("rubric %s on suite %s: acceptable = overall >= %.2f; scores 0-1%n", summary.rubric(),
                summary.suite(), summary.threshold());
        StringBuilder header = new StringBuilder(String.format("%-16s %-10s %4s %8s %-18s %7s", "model", "domain",
                "n", "unjudged", "acceptable [95%]", "overall"));
        summary.categories().forEach(c -> header.append(String.format(" %8s", abbreviate(c))));
        out.println(header);
        for (ScoreSummary.ModelScores model : summary.models()) {
            for (ScoreSummary.DomainScores row : model.domains()) {
                StringBuilder line = new StringBuilder(String.format("%-16s %-10s %4d %8d %4.2f [%4.2f,%4.2f] %7s",
                        shorten(model.model(), 16), row.domain(), row.answers(), row.unjudged(), row.rate(),
                        row.rateLow(), row.rateHigh(), mean(row.overall())));
                summary.categories().forEach(c -> {
                    Double mean = row.categories().get(c);
                    line.append(mean == null ? String.format(" %8s", "-") : String.format(" %8.3f", mean));
                });
                out.println(line);
            }
        }
        if (summary.models().stream().anyMatch(m -> m.domains().stream().anyMatch(d -> d.unjudged() > 0))) {
            out.println("unjudged: answers the judge could not grade (errors above), counted as not acceptable");
        }
        if (!summary.comparisons().isEmpty()) {
            out.println();
            out.println("acceptability, candidate vs baseline on the same questions (McNemar exact, bootstrap 95%):");
            out.printf("%-30s %-10s %4s %6s %6s %-24s %-20s %9s %9s%n", "candidate vs baseline", "domain", "n",
                    "base", "cand", "relative change [95%]", "difference [95%]", "p", "p_holm");
            for (ScoreSummary.Comparison c : summary.comparisons()) {
                String relative = c.relativeChange() == null ? "undefined (base 0)"
                        : String.format("%+5.0f%% [%s,%s]", 100 * c.relativeChange(), percent(c.relativeLow()),
                                percent(c.relativeHigh()));
                out.printf("%-30s %-10s %4d %6.2f %6.2f %-24s %+5.2f [%+5.2f,%+5.2f] %9s %9s%n",
                        shorten(c.candidate() + " vs " + c.baseline(), 30), c.domain(), c.questions(),
                        c.baselineRate(), c.candidateRate(), relative, c.difference(), c.differenceLow(),
                        c.differenceHigh(), McNemar.format(c.pValue()), McNemar.format(adjusted(family,
                                summary, c)));
            }
        }
        if (!summary.groups().isEmpty()) {
            out.println();
            out.println("grouped by model metadata:");
            for (ScoreSummary.Group g : summary.groups()) {
                out.printf("  %-12s = %-16s %4d answers (%d unjudged)  acceptable %.2f  overall %s  %s%n",
                        g.field(), g.value(), g.answers(), g.unjudged(), g.rate(), mean(g.overall()).trim(),
                        g.models());
            }
        }
    }

    private static void printRobustness(RobustnessSummary summary, PrintStream out) {
        out.println();
        out.printf("robustness %s (%s): metrics per template over all items; PDR = 1 - unseen / seen mean on the"
                + " paired items%n", summary.suite(), summary.task().toUpperCase(java.util.Locale.ROOT));
        List<String> metrics = summary.metrics();
        for (RobustnessSummary.ModelRobustness model : summary.models()) {
            out.printf("  %s: PDR on %d of %d items (those answered under every template)%n", model.model(),
                    model.pairedItems(), model.items());
            StringBuilder header = new StringBuilder(String.format("    %-14s %-6s %4s %7s", "template", "seen", "n",
                    "missing"));
            metrics.forEach(m -> header.append(String.format(" %17s", m)));
            metrics.forEach(m -> header.append(String.format(" %17s", "PDR " + m)));
            out.println(header);
            for (RobustnessSummary.TemplateScore t : model.templates()) {
                StringBuilder line = new StringBuilder(String.format("    %-14s %-6s %4d %7d",
                        shorten(t.template(), 14), t.seen() ? "seen" : "unseen", t.answers(), t.missing()));
                metrics.forEach(m -> line.append(String.format(" %17.3f", t.metrics().get(m))));
                metrics.forEach(m -> line.append(t.pdr() == null || t.pdr().get(m) == null
                        ? String.format(" %17s", "-") : String.format(" %17.3f", t.pdr().get(m))));
                out.println(line);
            }
            StringBuilder pdr = new StringBuilder("    PDR mean +- std [95%]:");
            metrics.forEach(m -> pdr.append(model.pdrMean().get(m) == null ? "  " + m + " undefined"
                    : "  " + m + " " + pdr(model, m)));
            out.println(pdr);
        }
    }

    /** A mean, or "-" where there was nothing to average (NaN). */
    private static String mean(double value) {
        return Double.isNaN(value) ? String.format("%7s", "-") : String.format("%7.3f", value);
    }

    static String percent(Double value) {
        return value == null ? "?" : String.format("%+.0f%%", 100 * value);
    }

    private static String abbreviate(String category) {
        return category.length() <= 8 ? category : category.substring(0, 8);
    }

    private static String shorten(String text, int width) {
        return text.length() <= width ? text : text.substring(0, width - 1) + "~";
    }
}
