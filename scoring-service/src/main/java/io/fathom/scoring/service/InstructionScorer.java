package io.fathom.scoring.service;

import io.fathom.contracts.request.InstructionItem;
import io.fathom.contracts.request.InstructionTemplate;
import io.fathom.contracts.request.PrecomputedResponse;
import io.fathom.contracts.request.Suite;
import io.fathom.contracts.result.ErrorCode;
import io.fathom.contracts.result.ErrorEvent;
import io.fathom.contracts.result.RobustnessSummary;
import io.fathom.contracts.result.RobustnessSummary.ModelRobustness;
import io.fathom.contracts.result.RobustnessSummary.TemplateScore;
import io.fathom.scoring.robustness.QaMetrics;
import io.fathom.scoring.robustness.Triples;
import io.fathom.stats.MeanStd;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Robustness of an instructions suite: each model's metrics under every template, and for each
 * unseen template the performance drop rate against the mean of the seen ones.
 */
public final class InstructionScorer {

    public static final String QA = "qa";
    public static final String RE = "re";
    static final List<String> QA_METRICS = List.of("exact_match", "f1");
    static final List<String> RE_METRICS = List.of("relation_accuracy", "micro_f1");

    /** Summary (null when nothing could be scored) and the errors found on the way. */
    public record Outcome(RobustnessSummary summary, List<ErrorEvent> errors) {
    }

    /** @param answers the answers to score, each once per (model, item, template) */
    public Outcome score(String runId, Suite suite, List<PrecomputedResponse> answers, List<String> models) {
        List<ErrorEvent> errors = new ArrayList<>();
        boolean qa = QA.equals(suite.task());
        List<InstructionItem> items = suite.instructionItems();
        Map<String, InstructionItem> itemsById = items.stream()
                .collect(Collectors.toMap(InstructionItem::id, item -> item, (a, b) -> a, LinkedHashMap::new));
        boolean needsContext = items.stream().anyMatch(item -> item.context() != null);
        Map<String, InstructionTemplate> templates = new LinkedHashMap<>();
        for (InstructionTemplate template : suite.templates()) {
            String problem = !template.text().contains("{input}") ? "has no {input} placeholder"
                    : qa && needsContext && !template.text().contains("{context}")
                            ? "has no {context} placeholder, and the items carry passages" : null;
            if (problem != null) {
                errors.add(AnswerCheck.error(runId, ErrorCode.INVALID_TEMPLATE, "suite/" + suite.name() + "/template/"
                        + template.id(), "template '" + template.id() + "' of suite '" + suite.name() + "' " + problem
                        + "; its answers are not scored"));
            } else {
                templates.put(template.id(), template);
            }
        }
        List<AnswerCheck.Accepted> accepted = AnswerCheck.check(runId, suite.name(), answers, models,
                itemsById.keySet(), r -> r.templateId() == null ? "names no template"
                        : templates.containsKey(r.templateId()) ? null
                        : suite.templates().stream().anyMatch(t -> t.id().equals(r.templateId()))
                                ? "its template '" + r.templateId() + "' is invalid (see the template's error)"
                                : "names template '" + r.templateId() + "', which the suite does not have",
                errors);
        List<String> metrics = qa ? QA_METRICS : RE_METRICS;
        List<ModelRobustness> rows = new ArrayList<>();
        for (String model : models) {
            List<TemplateScore> scores = new ArrayList<>();
            for (InstructionTemplate template : templates.values()) {
                List<AnswerCheck.Accepted> mine = accepted.stream()
                        .filter(a -> a.response().model().equals(model)
                                && a.response().templateId().equals(template.id()))
                        .toList();
                if (!mine.isEmpty()) {
                    int unparsed = (int) mine.stream().filter(a -> qa ? QaMetrics.extract(a.response().answer())
                            .isEmpty() : !Triples.readable(a.response().answer())).count();
                    scores.add(new TemplateScore(template.id(), template.seen(), mine.size(), unparsed,
                            qa ? qaMetrics(mine, itemsById) : reMetrics(mine, itemsById), null));
                }
            }
            if (!scores.isEmpty()) {
                rows.add(withDropRates(model, scores, metrics));
            }
        }
        RobustnessSummary summary = rows.isEmpty() ? null
                : RobustnessSummary.of(runId, suite.name(), suite.task(), metrics, rows);
        return new Outcome(summary, errors);
    }

    private static Map<String, Double> qaMetrics(List<AnswerCheck.Accepted> answers,
            Map<String, InstructionItem> items) {
        double exact = 0;
        double f1 = 0;
        for (AnswerCheck.Accepted answer : answers) {
            List<String> gold = items.get(answer.response().questionId()).answers();
            List<String> golds = gold == null || gold.isEmpty() ? List.of("") : gold;
            String extracted = QaMetrics.extract(answer.response().answer());
            exact += QaMetrics.exactMatch(extracted, golds);
            f1 += QaMetrics.f1(extracted, golds);
        }
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("exact_match", exact / answers.size());
        metrics.put("f1", f1 / answers.size());
        return metrics;
    }

    /** Relation accuracy per item (same set of relation labels); micro-F1 over all triples of the template. */
    private static Map<String, Double> reMetrics(List<AnswerCheck.Accepted> answers,
            Map<String, InstructionItem> items) {
        int relationHits = 0;
        long truePositives = 0;
        long predicted = 0;
        long gold = 0;
        for (AnswerCheck.Accepted answer : answers) {
            Set<Triples.Triple> goldTriples = Triples.gold(items.get(answer.response().questionId()).triples());
            Set<Triples.Triple> predictedTriples = Triples.parse(answer.response().answer());
            if (Triples.relations(goldTriples).equals(Triples.relations(predictedTriples))) {
                relationHits++;
            }
            for (Triples.Triple triple : predictedTriples) {
                if (goldTriples.contains(triple)) {
                    truePositives++;
                }
            }
            predicted += predictedTriples.size();
            gold += goldTriples.size();
        }
        double precision = predicted == 0 ? 0 : (double) truePositives / predicted;
        double recall = gold == 0 ? 0 : (double) truePositives / gold;
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("relation_accuracy", (double) relationHits / answers.size());
        metrics.put("micro_f1", precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall));
        return metrics;
    }

    /** PDR = 1 - unseen / (mean over seen templates), per unseen template and metric. */
    static ModelRobustness withDropRates(String model, List<TemplateScore> scores, List<String> metrics) {
        Map<String, Double> seenMean = new LinkedHashMap<>();
        Map<String, Double> unseenMean = new LinkedHashMap<>();
        Map<String, Double> pdrMean = new LinkedHashMap<>();
        Map<String, Double> pdrStd = new LinkedHashMap<>();
        Map<String, List<Double>> drops = new LinkedHashMap<>();
        for (String metric : metrics) {
            List<Double> seen = scores.stream().filter(TemplateScore::seen).map(s -> s.metrics().get(metric)).toList();
            List<Double> unseen = scores.stream().filter(s -> !s.seen()).map(s -> s.metrics().get(metric)).toList();
            if (!seen.isEmpty()) {
                seenMean.put(metric, MeanStd.of(seen).mean());
            }
            if (!unseen.isEmpty()) {
                unseenMean.put(metric, MeanStd.of(unseen).mean());
            }
        }
        List<TemplateScore> withPdr = new ArrayList<>();
        for (TemplateScore score : scores) {
            if (score.seen()) {
                withPdr.add(score);
                continue;
            }
            Map<String, Double> pdr = new LinkedHashMap<>();
            for (String metric : metrics) {
                Double base = seenMean.get(metric);
                if (base != null && base > 0) {
                    double drop = 1 - score.metrics().get(metric) / base;
                    pdr.put(metric, drop);
                    drops.computeIfAbsent(metric, m -> new ArrayList<>()).add(drop);
                }
            }
            withPdr.add(new TemplateScore(score.template(), false, score.answers(), score.unparsed(), score.metrics(),
                    pdr));
        }
        drops.forEach((metric, values) -> {
            MeanStd summary = MeanStd.of(values);
            pdrMean.put(metric, summary.mean());
            if (summary.count() > 1) { // one unseen template gives a mean but no spread
                pdrStd.put(metric, summary.std());
            }
        });
        return new ModelRobustness(model, withPdr, seenMean, unseenMean, pdrMean, pdrStd);
    }
}
