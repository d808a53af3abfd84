package io.fathom.cli;

import io.fathom.contracts.request.CorpusSource;
import io.fathom.contracts.result.CorpusSummary;
import io.fathom.contracts.result.ErrorEvent;
import io.fathom.contracts.result.MixtureResult;
import io.fathom.contracts.result.ProbeLayerResult;
import io.fathom.contracts.result.ProbeSummary;
import io.fathom.contracts.result.RobustnessSummary;
import io.fathom.contracts.result.ScoreSummary;
import io.fathom.stats.McNemar;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A run's results as one HTML page with inline CSS and SVG: the figures of the terminal tables
 * (probe accuracy by layer, rubric scores, acceptability, PDR, mixtures) and their tables, from the
 * same reports and the same family of paired tests. Nothing is loaded from elsewhere, so the file
 * can be mailed, archived and opened offline; every text that came from an event is escaped.
 */
final class HtmlReport {

    private static final String MAJORITY = "#888888";
    private static final String LENGTH = "#b8860b";
    private static final String BAG_OF_WORDS = "#6a3d9a";
    private static final int MAX_ERRORS = 50;

    private static final String CSS = """
            body{font:15px/1.45 Helvetica,Arial,sans-serif;color:#222;margin:24px auto;max-width:1260px;padding:0 16px}
            h1{font-size:24px;margin-bottom:4px}h2{font-size:20px;border-bottom:1px solid #ccc;padding-bottom:4px;margin-top:36px}
            h3{font-size:16px;margin-top:24px}p.note{color:#444;max-width:1000px}
            .grid{display:flex;flex-wrap:wrap;gap:16px}
            figure{margin:0;border:1px solid #ddd;padding:8px;background:#fff;break-inside:avoid}
            figcaption{font-size:13px;max-width:600px;color:#444;margin-top:4px}
            table{border-collapse:collapse;font-size:13px;margin:8px 0 16px}
            th,td{border:1px solid #ccc;padding:3px 8px;text-align:left;vertical-align:top}
            th{background:#f3f3f3}td.n{text-align:right;font-variant-numeric:tabular-nums}td.nw{white-space:nowrap}
            .sig{font-weight:bold}code{font-size:14px}
            """;

    private final RunResults results;
    private final ComparisonFamily family;
    /** One colour per model throughout the page, in order of first appearance. */
    private final Map<String, String> colours = new LinkedHashMap<>();
    private final StringBuilder html = new StringBuilder();

    HtmlReport(RunResults results) {
        this.results = results;
        this.family = results.family();
    }

    String render() {
        String run = Svg.esc(results.runId);
        html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>fathom run ").append(run)
                .append("</title><style>").append(CSS).append("</style></head><body>\n");
        html.append("<h1>fathom run <code>").append(run).append("</code></h1>\n<p class=\"note\">")
                .append(results.events().size()).append(" result events read from fathom.results; written ")
                .append(Instant.now().truncatedTo(ChronoUnit.SECONDS)).append(". ");
        List<String> finals = results.finals().stream().map(p -> Svg.esc(p.service()) + " " + p.status() + " ("
                + p.done() + "/" + p.expected() + " done, " + p.failed() + " failed)").toList();
        html.append(finals.isEmpty() ? "No service has finished the run yet: what follows is what exists so far."
                : "Finished: " + String.join("; ", finals) + ".").append("</p>\n");
        probes();
        scores();
        robustness();
        mixtures();
        lineage();
        errors();
        if (family.size() > 0) {
            html.append(String.format(Locale.ROOT, "<p class=\"note\">Paired comparisons: %d in this run, their"
                    + " p-values Holm-adjusted across all of them (p<sub>holm</sub>); bold: significant at %.2f after"
                    + " adjustment.</p>\n", family.size(), ComparisonFamily.ALPHA));
        }
        return html.append("</body></html>\n").toString();
    }

    private void probes() {
        if (results.probes.summaries().isEmpty()) {
            return;
        }
        html.append("<h2>Probing: test accuracy by layer</h2>\n<p class=\"note\">A probe trained on each layer's"
                + " pooled hidden states (layer 0: the embeddings). Solid: test accuracy, the large marker at the"
                + " layer chosen on dev accuracy; dashed: the same probe on the control task (labels assigned per"
                + " word type at random), selectivity being the gap; dotted: what surface cues alone reach on the"
                + " same test items (length in words, a bag of unigrams and bigrams) and the majority class.</p>\n"
                + "<div class=\"grid\">\n");
        for (ProbeSummary summary : results.probes.summaries()) {
            Svg chart = Svg.lines(summary.suite() + " (" + summary.task() + "), " + summary.pooling() + " pooling, "
                    + summary.probe(), "layer", "test accuracy");
            for (ProbeSummary.ModelCurve model : summary.models()) {
                List<Svg.Point> points = new ArrayList<>();
                for (int layer = 0; layer < model.testAccuracy().size(); layer++) {
                    double accuracy = model.testAccuracy().get(layer);
                    points.add(new Svg.Point(layer, accuracy, null, null, layer == model.bestLayer(),
                            model.model() + ", layer " + layer + ": " + fixed(accuracy)));
                }
                chart.add(new Svg.Series(model.model(), colour(model.model()), Svg.Style.LINE, points));
            }
            for (ProbeSummary.ModelCurve model : summary.models()) {
                List<Double> control = results.probes.controlAccuracy(summary, model.model());
                List<Svg.Point> points = new ArrayList<>();
                for (int layer = 0; layer < control.size(); layer++) {
                    if (control.get(layer) != null) {
                        points.add(Svg.Point.of(layer, control.get(layer), model.model() + " control, layer " + layer
                                + ": " + fixed(control.get(layer))));
                    }
                }
                if (!points.isEmpty()) {
                    chart.add(new Svg.Series(model.model() + " control", colour(model.model()), Svg.Style.DASHED,
                            points));
                }
            }
            ProbeSummary.Baselines surface = summary.baselines();
            if (surface != null) {
                chart.rule(new Svg.Rule("length", surface.length(), LENGTH))
                        .rule(new Svg.Rule("bag of words", surface.bagOfWords(), BAG_OF_WORDS))
                        .rule(new Svg.Rule("majority", surface.majority(), MAJORITY));
            } else {
                results.probes.firstLayer(summary).ifPresent(l -> chart.rule(new Svg.Rule("majority",
                        l.majorityBaseline(), MAJORITY)));
            }
            StringBuilder caption = new StringBuilder();
            for (ProbeSummary.ModelCurve m : summary.models()) {
                caption.append(caption.isEmpty() ? "Best layer: " : "; ").append(Svg.esc(m.model())).append(" L")
                        .append(m.bestLayer()).append(' ').append(fixed(m.bestTestAccuracy()));
            }
            results.probes.firstLayer(summary).map(ProbeLayerResult::controlCeiling).ifPresent(c -> caption.append(
                    String.format(Locale.ROOT, ". Control task scored on the %.0f%% of test items whose last word"
                            + " occurs in training", 100 * c)));
            figure(chart, caption + ".");
        }
        html.append("</div>\n<h3>Best layers and paired tests</h3>\n<table><tr><th>suite (task)</th><th>pooling,"
                + " probe</th><th>best layer by dev: test accuracy</th><th>length / bag of words / majority</th>"
                + "<th>paired test at the best layers (McNemar, exact)</th><th>p</th><th>p<sub>holm</sub></th></tr>\n");
        for (ProbeSummary summary : results.probes.summaries()) {
            List<String> best = summary.models().stream().map(m -> Svg.esc(m.model()) + ": L" + m.bestLayer() + " "
                    + fixed(m.bestTestAccuracy())).toList();
            ProbeSummary.Baselines s = summary.baselines();
            String surface = s == null ? "-" : fixed(s.length()) + " / " + fixed(s.bagOfWords()) + " / "
                    + fixed(s.majority());
            List<String> tests = new ArrayList<>();
            List<String> ps = new ArrayList<>();
            List<String> holms = new ArrayList<>();
            for (ProbeSummary.Comparison c : summary.comparisons()) {
                double holm = ProbeReport.adjusted(family, summary, c);
                tests.add(String.format(Locale.ROOT, "%s L%d vs %s L%d on %d items: %.3f vs %.3f, right only in"
                        + " one: %d / %d", Svg.esc(c.modelA()), c.layerA(), Svg.esc(c.modelB()), c.layerB(),
                        c.items(), c.accuracyA(), c.accuracyB(), c.onlyA(), c.onlyB()));
                ps.add(McNemar.format(c.pValue()));
                holms.add(significant(holm));
            }
            html.append("<tr><td>").append(Svg.esc(summary.suite())).append(" (").append(Svg.esc(summary.task()))
                    .append(")</td><td>").append(Svg.esc(summary.pooling())).append(", ")
                    .append(Svg.esc(summary.probe())).append("</td><td class=\"nw\">").append(String.join("<br>", best))
                    .append("</td><td class=\"n\">").append(surface).append("</td><td>")
                    .append(tests.isEmpty() ? "one model: nothing to compare" : String.join("<br>", tests))
                    .append("</td><td class=\"n\">").append(String.join("<br>", ps)).append("</td><td class=\"n\">")
                    .append(String.join("<br>", holms)).append("</td></tr>\n");
        }
        html.append("</table>\n");
    }

    private void scores() {
        for (ScoreSummary summary : results.scores.scoreSummaries()) {
            html.append("<h2>Rubric <code>").append(Svg.esc(summary.rubric())).append("</code> on suite <code>")
                    .append(Svg.esc(summary.suite())).append("</code></h2>\n")
                    .append(String.format(Locale.ROOT, "<p class=\"note\">Mean score per rubric category and"
                            + " overall (0-1, over the answers the judge could grade), per model and question domain;"
                            + " an answer is acceptable when its overall score is at least %.2f.</p>\n",
                            summary.threshold()));
            Set<String> domains = new LinkedHashSet<>();
            summary.models().forEach(m -> m.domains().forEach(d -> domains.add(d.domain())));
            List<String> categories = new ArrayList<>(summary.categories());
            categories.add("overall");
            html.append("<div class=\"grid\">\n");
            for (String domain : domains) {
                Svg chart = Svg.groups("rubric scores, domain " + domain, "rubric category", "mean score",
                        categories).include(0, 1);
                for (ScoreSummary.ModelScores model : summary.models()) {
                    List<Svg.Point> points = new ArrayList<>();
                    model.domains().stream().filter(d -> d.domain().equals(domain)).findFirst().ifPresent(d -> {
                        for (int i = 0; i < summary.categories().size(); i++) {
                            Double mean = d.categories().get(summary.categories().get(i));
                            if (mean != null) {
                                points.add(Svg.Point.of(i, mean, model.model() + ", " + categories.get(i) + ": "
                                        + fixed(mean)));
                            }
                        }
                        if (!Double.isNaN(d.overall())) {
                            points.add(Svg.Point.of(summary.categories().size(), d.overall(), model.model()
                                    + ", overall: " + fixed(d.overall())));
                        }
                    });
                    chart.add(new Svg.Series(model.model(), colour(model.model()), Svg.Style.BARS, points));
                }
                figure(chart, null);
            }
            List<String> domainList = new ArrayList<>(domains);
            Svg acceptability = Svg.groups("acceptable answers (overall ≥ " + fixed(summary.threshold()) + ")",
                    "question domain", "acceptable share, 95% interval", domainList).include(0, 1);
            for (ScoreSummary.ModelScores model : summary.models()) {
                List<Svg.Point> points = model.domains().stream().map(d -> new Svg.Point(domainList.indexOf(d.domain()),
                        d.rate(), d.rateLow(), d.rateHigh(), false, String.format(Locale.ROOT,
                                "%s, %s: %.3f [%.3f, %.3f] of %d answers", model.model(), d.domain(), d.rate(),
                                d.rateLow(), d.rateHigh(), d.answers()))).toList();
                acceptability.add(new Svg.Series(model.model(), colour(model.model()), Svg.Style.DOTS, points));
            }
            figure(acceptability, "Share of acceptable answers with its Wilson 95% interval; answers the judge"
                    + " could not grade count as not acceptable.");
            html.append("</div>\n");
            if (!summary.comparisons().isEmpty()) {
                html.append("<h3>Acceptability, candidate vs baseline on the same questions</h3>\n<table><tr>"
                        + "<th>candidate vs baseline</th><th>domain</th><th>n</th><th>baseline</th><th>candidate</th>"
                        + "<th>relative change [95%]</th><th>difference [95%]</th><th>McNemar p</th>"
                        + "<th>p<sub>holm</sub></th></tr>\n");
                for (ScoreSummary.Comparison c : summary.comparisons()) {
                    String relative = c.relativeChange() == null ? "undefined (baseline 0)" : String.format(
                            Locale.ROOT, "%+.0f%% [%s, %s]", 100 * c.relativeChange(), ScoringReport.percent(c.relativeLow()),
                            ScoringReport.percent(c.relativeHigh()));
                    html.append("<tr><td>").append(Svg.esc(c.candidate())).append(" vs ")
                            .append(Svg.esc(c.baseline())).append("</td><td>").append(Svg.esc(c.domain()))
                            .append(String.format(Locale.ROOT, "</td><td class=\"n\">%d</td><td class=\"n\">%.2f</td>"
                                    + "<td class=\"n\">%.2f</td><td class=\"n\">%s</td><td class=\"n\">%+.2f [%+.2f,"
                                    + " %+.2f]</td><td class=\"n\">%s</td><td class=\"n\">%s</td></tr>\n",
                                    c.questions(), c.baselineRate(), c.candidateRate(), relative, c.difference(),
                                    c.differenceLow(), c.differenceHigh(), McNemar.format(c.pValue()),
                                    significant(ScoringReport.adjusted(family, summary, c))));
                }
                html.append("</table>\n");
            }
            groups(summary);
        }
    }

    /** Answers pooled by each metadata field on which the models differ (fine-tuning, size, base model). */
    private void groups(ScoreSummary summary) {
        if (summary.groups().isEmpty()) {
            return;
        }
        html.append("<h3>Grouped by model metadata</h3>\n<table><tr><th>field</th><th>value</th><th>models</th>"
                + "<th>answers</th><th>unjudged</th><th>acceptable</th><th>overall</th></tr>\n");
        for (ScoreSummary.Group g : summary.groups()) {
            html.append("<tr><td>").append(Svg.esc(g.field())).append("</td><td>").append(Svg.esc(g.value()))
                    .append("</td><td>").append(Svg.esc(String.join(", ", g.models())))
                    .append(String.format(Locale.ROOT, "</td><td class=\"n\">%d</td><td class=\"n\">%d</td>"
                            + "<td class=\"n\">%.3f</td><td class=\"n\">%s</td></tr>\n", g.answers(), g.unjudged(),
                            g.rate(), Double.isNaN(g.overall()) ? "-" : fixed(g.overall())));
        }
        html.append("</table>\n");
    }

    private void robustness() {
        if (results.scores.robustnessSummaries().isEmpty()) {
            return;
        }
        html.append("<h2>Robustness to instructions: performance drop rate</h2>\n<p class=\"note\">PDR = 1 -"
                + " unseen / seen mean of the task's main metric, per template the model did not see in its"
                + " instruction tuning, on the items answered under every template; below zero the new wording"
                + " helped.</p>\n<div class=\"grid\">\n");
        for (RobustnessSummary summary : results.scores.robustnessSummaries()) {
            String metric = ScoringReport.mainMetric(summary);
            List<String> templates = new ArrayList<>();
            summary.models().forEach(m -> m.templates().forEach(t -> {
                if (!t.seen() && !templates.contains(t.template())) {
                    templates.add(t.template());
                }
            }));
            Svg chart = Svg.groups("PDR per template, " + summary.task().toUpperCase(Locale.ROOT) + " "
                    + summary.suite() + " (" + metric + ")", "unseen instruction template", "PDR of " + metric,
                    templates);
            for (RobustnessSummary.ModelRobustness model : summary.models()) {
                List<Svg.Point> points = new ArrayList<>();
                model.templates().stream().filter(t -> t.pdr() != null && t.pdr().get(metric) != null)
                        .forEach(t -> points.add(Svg.Point.of(templates.indexOf(t.template()), t.pdr().get(metric),
                                model.model() + ", " + t.template() + ": PDR " + fixed(t.pdr().get(metric)))));
                chart.add(new Svg.Series(model.model(), colour(model.model()), Svg.Style.BARS, points));
            }
            StringBuilder caption = new StringBuilder("PDR mean ± std over unseen templates [bootstrap 95%]: ");
            for (RobustnessSummary.ModelRobustness m : summary.models()) {
                caption.append(Svg.esc(m.model())).append(' ').append(m.pdrMean().get(metric) == null ? "undefined"
                        : Svg.esc(ScoringReport.pdr(m, metric))).append(" on ").append(m.pairedItems()).append(" of ")
                        .append(m.items()).append(" items; ");
            }
            figure(chart, caption.substring(0, caption.length() - 2) + ".");
        }
        html.append("</div>\n");
    }

    private void mixtures() {
        for (CorpusSummary corpus : results.mixtures.corpora()) {
            html.append("<h2>Data mixtures of corpus suite <code>").append(Svg.esc(corpus.suite()))
                    .append("</code></h2>\n<p class=\"note\">Embedded by ").append(Svg.esc(corpus.embedder()))
                    .append(String.format(Locale.ROOT, "; near duplicates from cosine %.2f. ",
                            corpus.nearDuplicateCosine()));
            CorpusSummary.DomainClassifier classifier = corpus.classifier();
            html.append(classifier == null ? "Domain classifier not trained (too few labelled examples of a domain)."
                    : String.format(Locale.ROOT, "Domain classifier: held-out accuracy %.3f on %d labelled examples"
                            + " (majority %.3f).", classifier.heldOutAccuracy(), classifier.labelledExamples(),
                            classifier.majority())).append("</p>\n");
            html.append("<table><tr><th>source</th><th>domain</th><th>examples</th><th>exact duplicates</th>"
                    + "<th>near duplicates</th><th>kept</th></tr>\n");
            corpus.sources().forEach((name, c) -> html.append("<tr><td>").append(Svg.esc(name)).append("</td><td>")
                    .append(Svg.esc(c.domain())).append(c.mixed() ? "" : " (seed, not mixed)")
                    .append(String.format(Locale.ROOT, "</td><td class=\"n\">%d</td><td class=\"n\">%d</td>"
                            + "<td class=\"n\">%d</td><td class=\"n\">%d</td></tr>\n", c.examples(),
                            c.exactDuplicates(), c.nearDuplicates(), c.kept())));
            html.append("</table>\n");
            List<MixtureResult> mixtures = results.mixtures.mixturesOf(corpus).stream()
                    .filter(m -> m.ratio() != null).toList();
            if (!mixtures.isEmpty()) {
                Svg chart = Svg.lines("mixture composition by ratio, " + corpus.suite(), "in-domain share asked",
                        "examples in the mixture").include(0);
                int next = 0;
                for (String source : corpus.sources().keySet()) {
                    List<Svg.Point> points = mixtures.stream().map(m -> Svg.Point.of(m.ratio(), m.perSource()
                            .getOrDefault(source, 0L), source + " at ratio " + m.ratio() + ": " + m.perSource()
                            .getOrDefault(source, 0L))).toList();
                    chart.add(new Svg.Series(source, Svg.COLOURS.get(next++ % Svg.COLOURS.size()), Svg.Style.LINE,
                            points));
                }
                html.append("<div class=\"grid\">\n");
                figure(chart, "Examples each source gives to the mixture at each in-domain share asked (sources"
                        + " without a domain label count under the domain the classifier gave them); the shares"
                        + " achieved are in the table.");
                html.append("</div>\n");
            }
            html.append("<table><tr><th>ratio</th><th>mixture</th><th>size</th><th>in-domain</th><th>general</th>"
                    + "<th>achieved</th><th>per source</th></tr>\n");
            for (MixtureResult m : results.mixtures.mixturesOf(corpus)) {
                html.append("<tr><td class=\"n\">").append(m.ratio() == null ? "weights" : m.ratio().toString())
                        .append("</td><td><code>").append(Svg.esc(m.mixtureId())).append("</code>")
                        .append(String.format(Locale.ROOT, "</td><td class=\"n\">%d</td><td class=\"n\">%d</td>"
                                + "<td class=\"n\">%d</td><td class=\"n\">%.3f</td><td>", m.size(),
                                m.perDomain().getOrDefault(CorpusSource.IN_DOMAIN, 0L),
                                m.perDomain().getOrDefault(CorpusSource.GENERAL, 0L), m.achievedRatio()))
                        .append(Svg.esc(MixtureReport.perSource(m))).append("</td></tr>\n");
            }
            html.append("</table>\n");
        }
    }

    /**
     * Per score summary whose models name the mixtures they were fine-tuned on: acceptability in the
     * target and general domains against the mixture's in-domain ratio (one line per epoch), the
     * baseline's as rules, the table of paired differences and the recommended ratio.
     */
    private void lineage() {
        for (ScoreSummary summary : results.scores.scoreSummaries()) {
            MixtureLineage lineage = results.lineage(summary, MixtureLineage.DEFAULT_TARGET_DOMAIN,
                    MixtureLineage.DEFAULT_GENERAL_DOMAIN);
            List<MixtureLineage.Row> onCurve = lineage.rows().stream().filter(r -> r.ratio() != null).toList();
            if (onCurve.isEmpty()) {
                continue;
            }
            String target = MixtureLineage.DEFAULT_TARGET_DOMAIN;
            String general = MixtureLineage.DEFAULT_GENERAL_DOMAIN;
            html.append("<h2>Mixture lineage of suite <code>").append(Svg.esc(summary.suite()))
                    .append("</code></h2>\n<p class=\"note\">Each fine-tuned model placed at the in-domain ratio of"
                            + " the mixture its metadata names (dataMixId), against the baseline <code>")
                    .append(Svg.esc(lineage.baseline())).append("</code>, the run's first model.</p>\n")
                    .append("<div class=\"grid\">\n");
            Svg chart = Svg.lines("acceptability by mixture ratio, " + summary.suite(), "in-domain ratio of the"
                    + " mixture", "acceptable share, 95% interval").include(0, 1);
            Map<Integer, List<MixtureLineage.Row>> byEpoch = new java.util.TreeMap<>();
            onCurve.forEach(r -> byEpoch.computeIfAbsent(r.epoch() == null ? -1 : r.epoch(), e -> new ArrayList<>())
                    .add(r));
            int next = 0;
            for (Map.Entry<Integer, List<MixtureLineage.Row>> epoch : byEpoch.entrySet()) {
                String suffix = byEpoch.size() == 1 || epoch.getKey() < 0 ? "" : ", epoch " + epoch.getKey();
                String colour = Svg.COLOURS.get(next++ % Svg.COLOURS.size());
                chart.add(new Svg.Series(target + suffix, colour, Svg.Style.LINE,
                        rates(epoch.getValue(), MixtureLineage.Row::target, target)));
                chart.add(new Svg.Series(general + suffix, colour, Svg.Style.DASHED,
                        rates(epoch.getValue(), MixtureLineage.Row::general, general)));
            }
            ScoreSummary.ModelScores base = summary.models().get(0);
            base.domains().stream().filter(d -> d.domain().equals(target)).findFirst().ifPresent(d ->
                    chart.rule(new Svg.Rule("baseline " + target, d.rate(), MAJORITY)));
            base.domains().stream().filter(d -> d.domain().equals(general)).findFirst().ifPresent(d ->
                    chart.rule(new Svg.Rule("baseline " + general, d.rate(), LENGTH)));
            figure(chart, "Solid: " + target + " questions, dashed: " + general + " questions; Wilson 95% intervals;"
                    + " horizontal lines: the baseline's acceptability.");
            html.append("</div>\n<table><tr><th>ratio</th><th>epoch</th><th>model</th><th>mixture</th><th>")
                    .append(Svg.esc(target)).append("</th><th>change [95%]</th><th>").append(Svg.esc(general))
                    .append("</th><th>change [95%]</th></tr>\n");
            for (MixtureLineage.Row row : lineage.rows()) {
                html.append("<tr><td class=\"n\">").append(row.ratio() == null ? "?" : fixed(row.ratio()))
                        .append("</td><td class=\"n\">").append(row.epoch() == null ? "-" : row.epoch())
                        .append("</td><td>").append(Svg.esc(row.model())).append("</td><td><code>")
                        .append(Svg.esc(row.mixtureId())).append("</code></td><td class=\"n nw\">")
                        .append(MixtureLineage.rate(row.target())).append("</td><td class=\"n nw\">")
                        .append(MixtureLineage.change(row.targetChange())).append("</td><td class=\"n nw\">")
                        .append(MixtureLineage.rate(row.general())).append("</td><td class=\"n nw\">")
                        .append(MixtureLineage.change(row.generalChange())).append("</td></tr>\n");
            }
            html.append("</table>\n<p>").append(Svg.esc(lineage.recommendation(MixtureLineage.DEFAULT_TOLERANCE)))
                    .append("</p>\n");
        }
    }

    private static List<Svg.Point> rates(List<MixtureLineage.Row> rows,
            java.util.function.Function<MixtureLineage.Row, ScoreSummary.DomainScores> domain, String name) {
        return rows.stream().filter(r -> domain.apply(r) != null).map(r -> {
            ScoreSummary.DomainScores d = domain.apply(r);
            return new Svg.Point(r.ratio(), d.rate(), d.rateLow(), d.rateHigh(), false, String.format(Locale.ROOT,
                    "%s at ratio %s, %s: %.3f [%.3f, %.3f]", r.model(), fixed(r.ratio()), name, d.rate(), d.rateLow(),
                    d.rateHigh()));
        }).toList();
    }

    private void errors() {
        List<ErrorEvent> errors = results.errors();
        if (errors.isEmpty()) {
            return;
        }
        html.append("<h2>Errors</h2>\n<table><tr><th>service</th><th>code</th><th>scope</th><th>message</th></tr>\n");
        errors.stream().limit(MAX_ERRORS).forEach(e -> html.append("<tr><td>").append(Svg.esc(e.service()))
                .append("</td><td>").append(e.code()).append("</td><td>").append(Svg.esc(e.scope())).append("</td><td>")
                .append(Svg.esc(e.message())).append("</td></tr>\n"));
        html.append("</table>\n");
        if (errors.size() > MAX_ERRORS) {
            html.append("<p class=\"note\">and ").append(errors.size() - MAX_ERRORS)
                    .append(" more (fathom results --json lists them all).</p>\n");
        }
    }

    private void figure(Svg chart, String caption) {
        html.append("<figure>").append(chart.render());
        if (caption != null) {
            html.append("<figcaption>").append(caption).append("</figcaption>");
        }
        html.append("</figure>\n");
    }

    private String colour(String model) {
        return colours.computeIfAbsent(model, m -> Svg.COLOURS.get(colours.size() % Svg.COLOURS.size()));
    }

    /** A Holm-adjusted p-value, bold where significant. */
    private static String significant(double holm) {
        String p = McNemar.format(holm);
        return holm <= ComparisonFamily.ALPHA ? "<span class=\"sig\">" + p + "</span>" : p;
    }

    private static String fixed(double value) {
        return String.format(Locale.ROOT, "%.3f", value);
    }
}
