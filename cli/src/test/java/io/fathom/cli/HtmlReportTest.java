package io.fathom.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fathom.contracts.result.CorpusSummary;
import io.fathom.contracts.result.ErrorCode;
import io.fathom.contracts.result.ErrorEvent;
import io.fathom.contracts.result.MixtureResult;
import io.fathom.contracts.result.ProbeLayerResult;
import io.fathom.contracts.result.ProbeSummary;
import io.fathom.contracts.result.ProgressEvent;
import io.fathom.contracts.result.RobustnessSummary;
import io.fathom.contracts.result.ScoreSummary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The HTML report of a run made of result events as the services write them. */
class HtmlReportTest {

    static final String MINILM = "all-minilm-l6-v2@1";
    static final String BGE = "bge-small-en-v1.5@1";
    /** A model name that would run a script and break out of an attribute if it were not escaped. */
    static final String EVIL = "evil\"><script>alert(1)</script>@1";

    /** Two probing tasks (one of them named to inject markup), a rubric, PDR, a mixture sweep and an error. */
    static RunResults run() {
        RunResults run = new RunResults("paper-run");
        probing(run, "senteval-sentlen", "sentlen", new int[] {7, 13});
        probing(run, "<i>roles</i>", "roles</svg><img src=x onerror=alert(2)>", new int[] {7, 13});
        List<String> categories = List.of("accuracy", "completeness", "tone");
        List<ScoreSummary.ModelScores> models = new ArrayList<>();
        double shift = 0;
        for (String model : List.of(MINILM, EVIL)) {
            List<ScoreSummary.DomainScores> domains = new ArrayList<>();
            for (String domain : List.of("general", "in-domain", ScoreSummary.ALL_DOMAINS)) {
                double rate = 0.45 + shift;
                domains.add(new ScoreSummary.DomainScores(domain, 15, (int) (rate * 15), 1, rate, rate - 0.2,
                        rate + 0.2, 0.6 + shift, Map.of("accuracy", 0.7, "completeness", 0.5 + shift, "tone", 0.8)));
            }
            models.add(new ScoreSummary.ModelScores(model, null, domains));
            shift += 0.2;
        }
        run.add(ScoreSummary.of("paper-run", "questions", "support-rubric", 0.6, categories, models, List.of(
                new ScoreSummary.Comparison(MINILM, EVIL, "in-domain", 15, 0.45, 0.65, 0.44, 0.0, 1.2, 0.2, -0.1, 0.5,
                        1, 4, 0.375)), List.of()));
        List<RobustnessSummary.ModelRobustness> robust = new ArrayList<>();
        for (String model : List.of(MINILM, BGE)) {
            List<RobustnessSummary.TemplateScore> templates = new ArrayList<>();
            templates.add(new RobustnessSummary.TemplateScore("seen-1", true, 20, 0, 0, Map.of("f1", 0.8), null));
            for (int t = 1; t <= 3; t++) {
                double pdr = model.equals(MINILM) ? 0.1 * t : -0.05 * t;
                templates.add(new RobustnessSummary.TemplateScore("unseen-" + t, false, 20, 0, 0,
                        Map.of("f1", 0.8 * (1 - pdr)), Map.of("f1", pdr)));
            }
            robust.add(new RobustnessSummary.ModelRobustness(model, templates, Map.of("f1", 0.8), Map.of("f1", 0.7),
                    Map.of("f1", 0.1), Map.of("f1", 0.05), 20, 20, Map.of("f1", 0.02), Map.of("f1", 0.2)));
        }
        run.add(RobustnessSummary.of("paper-run", "qa", "qa", List.of("f1"), robust));
        Map<String, CorpusSummary.SourceCounts> sources = new LinkedHashMap<>();
        sources.put("support", new CorpusSummary.SourceCounts("in-domain", true, 120, 6, 4, 110, Map.of()));
        sources.put("forum", new CorpusSummary.SourceCounts("unlabelled", true, 80, 2, 1, 77, Map.of()));
        run.add(CorpusSummary.of("paper-run", "blend", MINILM, sources, Map.of("in-domain", 150L, "general", 37L),
                new CorpusSummary.DomainClassifier(110, 0.93, 0.6, List.of(1.0, 1.0), 40, 37), 0.95, null));
        for (double ratio : new double[] {0.1, 0.3, 0.5, 0.7, 0.9}) {
            run.add(MixtureResult.of("paper-run", "blend", "mix-" + ratio, ratio, ratio - 0.01, 100,
                    Map.of("support", (long) (100 * ratio)), Map.of("in-domain", (long) (100 * ratio)), Map.of(), 42,
                    "/sink/mix-" + ratio + ".jsonl", null));
        }
        run.add(ErrorEvent.of("paper-run", "scoring", ErrorCode.SCHEMA_VIOLATION, "questions/<q7>",
                "answer <b>unreadable</b>", List.of()));
        run.add(ProgressEvent.of("paper-run", "probe", null, null, ProgressEvent.Status.COMPLETED, 10, 10, 0, 0));
        return run;
    }

    /** Per model a rising then falling curve, a control task below it and the surface baselines. */
    private static void probing(RunResults run, String suite, String task, int[] depths) {
        List<ProbeSummary.ModelCurve> curves = new ArrayList<>();
        String[] models = {MINILM, BGE};
        for (int m = 0; m < models.length; m++) {
            List<Double> test = new ArrayList<>();
            List<Double> selectivity = new ArrayList<>();
            for (int layer = 0; layer < depths[m]; layer++) {
                double x = (double) layer / (depths[m] - 1);
                double accuracy = 0.55 + 0.3 * Math.sin(Math.PI * x * 0.8) + 0.02 * m;
                double control = 0.4 + 0.1 * x;
                run.add(ProbeLayerResult.of("paper-run", models[m], suite, task, "mean", layer, "linear", accuracy,
                        accuracy - 0.05, accuracy + 0.05, accuracy, 0.34, 0.9, control, 1.0, 3, 400, 100, 100));
                test.add(accuracy);
                selectivity.add(accuracy - control);
            }
            int best = (int) Math.round(0.6 * (depths[m] - 1));
            curves.add(new ProbeSummary.ModelCurve(models[m], best, test.get(best), test, test, selectivity));
        }
        run.add(ProbeSummary.of("paper-run", suite, task, "mean", "linear", curves, List.of(
                new ProbeSummary.Comparison(MINILM, BGE, 4, 7, 0.84, 0.86, 100, 5, 7, 0.77)),
                new ProbeSummary.Baselines(0.34, 0.41, 0.62, 880)));
    }

    @Test
    void everyProbingTaskHasAChartWithOneLinePerModelBesideItsControlAndBaselines() throws Exception {
        String html = new HtmlReport(run()).render();
        Files.writeString(Path.of("target", "html-report-test.html"), html); // to look at: deploy/local/render-report.sh

        List<String> charts = svgs(html);
        assertThat(charts).hasSize(2 + 4 + 1 + 1); // two tasks; three rubric domains and acceptability; PDR; mixture
        String sentlen = charts.get(0);
        assertThat(count(sentlen, "<polyline[^>]*stroke-width=\"2\"/>")).as("solid: one per model").isEqualTo(2);
        assertThat(count(sentlen, "<polyline[^>]*stroke-dasharray")).as("dashed: each model's control").isEqualTo(2);
        assertThat(sentlen).contains(">length</text>").contains(">bag of words</text>").contains(">majority</text>")
                .contains(">layer</text>").contains(">test accuracy</text>").contains(">" + MINILM + "</text>");
        assertThat(count(sentlen, "<circle[^>]*r=\"6\"")).as("each model's best layer marked").isEqualTo(2);
        assertThat(html).contains("L4 vs " + BGE + " L7 on 100 items").contains("0.770");
    }

    @Test
    void textFromEventsCannotInjectMarkupAndNothingIsLoadedFromElsewhere() {
        String html = new HtmlReport(run()).render();
        assertThat(html).doesNotContain("<script").doesNotContain("<img").doesNotContain("<i>roles")
                .doesNotContain("<b>unreadable").doesNotContain("<q7>")
                .contains("evil&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;@1")
                .contains("roles&lt;/svg&gt;&lt;img src=x onerror=alert(2)&gt;");
        assertThat(html).as("no external resource").doesNotContain("http").doesNotContain("src=\"")
                .doesNotContain("href").doesNotContain("url(").doesNotContain("@import");
        assertThat(count(html, "<svg")).isEqualTo(count(html, "</svg>"));
    }

    @Test
    void scoringRobustnessAndMixturesAreDrawnWithTheirIntervalsAndTables() {
        String html = new HtmlReport(run()).render();
        List<String> charts = svgs(html);
        String acceptability = charts.get(5);
        assertThat(acceptability).contains("acceptable share, 95% interval").contains(">general</text>")
                .contains(">in-domain</text>");
        assertThat(count(acceptability, "<path d=\"M")).as("an interval per model and domain").isEqualTo(6);
        assertThat(charts.get(6)).contains("PDR of f1").contains(">unseen-3</text>");
        assertThat(count(charts.get(6), "<rect[^>]*><title>")).as("a bar per model and unseen template").isEqualTo(6);
        assertThat(charts.get(7)).contains("in-domain share asked");
        assertThat(html).contains("mix-0.5").contains("probe COMPLETED").contains("+44% [+0%, +120%]")
                .contains("Errors");
    }

    @Test
    void fineTunedModelsAreDrawnAtTheirMixturesRatioWithTheMetadataGroups() {
        RunResults run = new RunResults("eval");
        // the mixtures were made by another run (the datamix sweep); the evaluation's models name them
        for (double ratio : new double[] {0.25, 0.5, 0.75}) {
            run.add(MixtureLineageTest.mixture("mix-" + Math.round(100 * ratio), ratio));
        }
        run.add(MixtureLineageTest.mixture("unrelated", 0.1));
        run.add(MixtureLineageTest.scores(List.of(new ScoreSummary.Group("fineTuning", "full",
                List.of("ft-25", "ft-50"), 80, 2, 0.61, 0.7, Map.of()))));
        String html = new HtmlReport(run).render();

        String lineage = svgs(html).stream().filter(c -> c.contains("acceptability by mixture ratio")).findFirst()
                .orElseThrow();
        assertThat(lineage).contains("in-domain ratio of the mixture").contains("baseline general");
        assertThat(count(lineage, "<title>ft-(25|50|75) at ratio")).as("three models in two domains").isEqualTo(6);
        assertThat(count(lineage, "<path d=\"M")).as("an interval per point").isGreaterThanOrEqualTo(6);
        assertThat(lineage).as("its mixture is on no topic").doesNotContain("ft-lost");
        assertThat(html).contains("<code>mix-gone</code>").contains("recommended: ratio 0.5, epoch 2 (ft-50)")
                .contains("Grouped by model metadata").contains("<td>fineTuning</td><td>full</td><td>ft-25, ft-50</td>")
                .doesNotContain("Data mixtures of corpus").doesNotContain("unrelated");
    }

    private static List<String> svgs(String html) {
        List<String> charts = new ArrayList<>();
        Matcher m = Pattern.compile("<svg.*?</svg>", Pattern.DOTALL).matcher(html);
        while (m.find()) {
            charts.add(m.group());
        }
        return charts;
    }

    private static int count(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }
}
