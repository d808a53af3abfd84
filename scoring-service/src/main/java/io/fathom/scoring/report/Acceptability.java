package io.fathom.scoring.report;

import io.fathom.contracts.request.ModelMetadata;
import io.fathom.contracts.request.ModelRef;
import io.fathom.contracts.result.ScoreItem;
import io.fathom.contracts.result.ScoreSummary;
import io.fathom.contracts.result.ScoreSummary.Comparison;
import io.fathom.contracts.result.ScoreSummary.DomainScores;
import io.fathom.contracts.result.ScoreSummary.Group;
import io.fathom.contracts.result.ScoreSummary.ModelScores;
import io.fathom.stats.McNemar;
import io.fathom.stats.PairedBootstrap;
import io.fathom.stats.Proportion;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Turns graded answers into a {@link ScoreSummary}: per model and domain the acceptability rate and
 * mean scores; every other model against the run's first model (list the baseline, e.g. the
 * out-of-the-box model, first) on the questions both answered, with McNemar and bootstrap
 * intervals; and pooled rows for each metadata field on which the models differ. An answer that
 * could not be judged counts as answered and not acceptable everywhere (rates, comparisons,
 * groups), so that a judge failing on one model's answers cannot shrink that model's denominator;
 * means are over judged answers. The service and offline rescoring share it, so both give the same
 * figures for the same items.
 */
public final class Acceptability {

    private Acceptability() {
    }

    /** An answer that the judge could not grade. */
    public record Unjudged(String model, String questionId, String domain) {
    }

    /** One answer as acceptability sees it: its judged item, or null when it could not be judged. */
    private record Answer(String questionId, String domain, ScoreItem item) {

        boolean acceptable() {
            return item != null && item.acceptable();
        }
    }

    public static ScoreSummary summarize(String runId, String suite, String rubric, double threshold,
            List<String> categories, List<ScoreItem> items, List<Unjudged> unjudged, List<ModelRef> runModels,
            int bootstrapSamples, long seed) {
        Map<String, List<Answer>> byModel = new LinkedHashMap<>();
        for (ModelRef model : runModels) {
            List<Answer> mine = Stream.concat(
                    items.stream().filter(i -> i.model().equals(model.id()))
                            .map(i -> new Answer(i.questionId(), i.domain(), i)),
                    unjudged.stream().filter(u -> u.model().equals(model.id()))
                            .map(u -> new Answer(u.questionId(), u.domain(), null)))
                    .toList();
            if (!mine.isEmpty()) {
                byModel.put(model.id(), mine);
            }
        }
        Set<String> domains = new LinkedHashSet<>();
        domains.add(ScoreSummary.ALL_DOMAINS);
        byModel.values().stream().flatMap(List::stream).map(Answer::domain).filter(Objects::nonNull).sorted()
                .forEach(domains::add);

        List<ModelScores> models = new ArrayList<>();
        for (ModelRef model : runModels) {
            List<Answer> mine = byModel.get(model.id());
            if (mine == null) {
                continue;
            }
            List<DomainScores> rows = new ArrayList<>();
            for (String domain : domains) {
                List<Answer> inDomain = inDomain(mine, domain);
                if (!inDomain.isEmpty()) {
                    rows.add(domainScores(domain, inDomain, categories));
                }
            }
            models.add(new ModelScores(model.id(), model.metadata(), rows));
        }

        List<Comparison> comparisons = new ArrayList<>();
        List<String> ids = new ArrayList<>(byModel.keySet());
        for (int c = 1; c < ids.size(); c++) {
            for (String domain : domains) {
                Comparison comparison = compare(ids.get(0), ids.get(c), domain, byModel, bootstrapSamples, seed);
                if (comparison != null) {
                    comparisons.add(comparison);
                }
            }
        }
        return ScoreSummary.of(runId, suite, rubric, threshold, categories, models, comparisons,
                groups(runModels, byModel, categories));
    }

    private static List<Answer> inDomain(List<Answer> answers, String domain) {
        return ScoreSummary.ALL_DOMAINS.equals(domain) ? answers
                : answers.stream().filter(a -> domain.equals(a.domain())).toList();
    }

    private static DomainScores domainScores(String domain, List<Answer> answers, List<String> categories) {
        int acceptable = (int) answers.stream().filter(Answer::acceptable).count();
        List<ScoreItem> judged = judged(answers);
        Proportion rate = Proportion.wilson95(acceptable, answers.size());
        return new DomainScores(domain, answers.size(), acceptable, answers.size() - judged.size(), rate.value(),
                rate.low(), rate.high(), meanOverall(judged), categoryMeans(judged, categories));
    }

    private static List<ScoreItem> judged(List<Answer> answers) {
        return answers.stream().map(Answer::item).filter(Objects::nonNull).toList();
    }

    /** NaN when no answer was judged. */
    private static double meanOverall(List<ScoreItem> judged) {
        return judged.stream().mapToDouble(ScoreItem::overall).average().orElse(Double.NaN);
    }

    /** Means over the judged answers that have each category with a weight. */
    private static Map<String, Double> categoryMeans(List<ScoreItem> judged, List<String> categories) {
        Map<String, Double> means = new LinkedHashMap<>();
        for (String category : categories) {
            double sum = 0;
            int count = 0;
            for (ScoreItem item : judged) {
                Double score = item.scores().get(category);
                if (score != null && item.weights().containsKey(category)) {
                    sum += score;
                    count++;
                }
            }
            if (count > 0) {
                means.put(category, sum / count);
            }
        }
        return means;
    }

    private static Comparison compare(String baseline, String candidate, String domain,
            Map<String, List<Answer>> byModel, int bootstrapSamples, long seed) {
        Map<String, Boolean> base = new LinkedHashMap<>();
        inDomain(byModel.get(baseline), domain).forEach(a -> base.put(a.questionId(), a.acceptable()));
        Map<String, Boolean> cand = new LinkedHashMap<>();
        inDomain(byModel.get(candidate), domain).forEach(a -> cand.put(a.questionId(), a.acceptable()));
        List<String> paired = base.keySet().stream().filter(cand::containsKey).sorted().toList();
        if (paired.isEmpty()) {
            return null;
        }
        boolean[] a = new boolean[paired.size()];
        boolean[] b = new boolean[paired.size()];
        int passA = 0;
        int passB = 0;
        int onlyA = 0;
        int onlyB = 0;
        for (int i = 0; i < paired.size(); i++) {
            a[i] = base.get(paired.get(i));
            b[i] = cand.get(paired.get(i));
            passA += a[i] ? 1 : 0;
            passB += b[i] ? 1 : 0;
            onlyA += a[i] && !b[i] ? 1 : 0;
            onlyB += b[i] && !a[i] ? 1 : 0;
        }
        int n = paired.size();
        double rateA = (double) passA / n;
        double rateB = (double) passB / n;
        // the same seed for every domain and pair keeps the figures reproducible run to run
        PairedBootstrap interval = PairedBootstrap.rates(a, b, bootstrapSamples, seed);
        return new Comparison(baseline, candidate, domain, n, rateA, rateB, passA == 0 ? null : rateB / rateA - 1,
                interval.relativeLow(), interval.relativeHigh(), rateB - rateA, interval.differenceLow(),
                interval.differenceHigh(), onlyA, onlyB, McNemar.exact(onlyA, onlyB).pValue());
    }

    private static final Map<String, Function<ModelMetadata, Object>> FIELDS = fields();

    private static Map<String, Function<ModelMetadata, Object>> fields() {
        Map<String, Function<ModelMetadata, Object>> fields = new LinkedHashMap<>();
        fields.put("baseModel", ModelMetadata::baseModel);
        fields.put("sizeBillions", ModelMetadata::sizeBillions);
        fields.put("fineTuning", ModelMetadata::fineTuning);
        fields.put("adapter", ModelMetadata::adapter);
        fields.put("epoch", ModelMetadata::epoch);
        fields.put("dataMixId", ModelMetadata::dataMixId);
        return fields;
    }

    /** One row per value of each metadata field (and tag) on which the scored models differ. */
    private static List<Group> groups(List<ModelRef> runModels, Map<String, List<Answer>> byModel,
            List<String> categories) {
        Map<String, Map<String, List<String>>> valuesByField = new LinkedHashMap<>();
        for (ModelRef model : runModels) {
            if (model.metadata() == null || !byModel.containsKey(model.id())) {
                continue;
            }
            FIELDS.forEach((field, getter) -> {
                Object value = getter.apply(model.metadata());
                if (value != null) {
                    valuesByField.computeIfAbsent(field, f -> new TreeMap<>())
                            .computeIfAbsent(String.valueOf(value), v -> new ArrayList<>()).add(model.id());
                }
            });
            if (model.metadata().tags() != null) {
                model.metadata().tags().forEach((tag, value) -> valuesByField
                        .computeIfAbsent("tags." + tag, f -> new TreeMap<>())
                        .computeIfAbsent(value, v -> new ArrayList<>()).add(model.id()));
            }
        }
        List<Group> groups = new ArrayList<>();
        valuesByField.forEach((field, values) -> {
            if (values.size() < 2) {
                return;
            }
            values.forEach((value, models) -> {
                List<Answer> pooled = models.stream().flatMap(m -> byModel.get(m).stream()).toList();
                List<ScoreItem> judged = judged(pooled);
                groups.add(new Group(field, value, models, pooled.size(), pooled.size() - judged.size(),
                        pooled.stream().filter(Answer::acceptable).count() / (double) pooled.size(),
                        meanOverall(judged), categoryMeans(judged, categories)));
            });
        });
        return groups;
    }
}
