package io.fathom.scoring.service;

import io.fathom.contracts.request.InstructionItem;
import io.fathom.contracts.request.InstructionTemplate;
import io.fathom.contracts.request.PrecomputedResponse;
import io.fathom.contracts.request.RunOptions;
import io.fathom.contracts.request.Suite;
import io.fathom.contracts.result.ErrorCode;
import io.fathom.contracts.result.ErrorEvent;
import io.fathom.contracts.result.RobustnessSummary;
import io.fathom.contracts.result.RobustnessSummary.ModelRobustness;
import io.fathom.contracts.result.RobustnessSummary.TemplateScore;
import io.fathom.scoring.robustness.DropRates;
import io.fathom.scoring.robustness.InstructionTask;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Robustness of an instructions suite: each model's metrics under every template over all the
 * suite's items (an item it did not answer under a template counts as wrong there), and the
 * performance drop rate of each template the model has not seen, on the items it answered under
 * every template ({@link DropRates}).
 */
public final class InstructionScorer {

    /** Summary (null when nothing could be scored) and the errors found on the way. */
    public record Outcome(RobustnessSummary summary, List<ErrorEvent> errors) {
    }

    /** @param answers the answers to score, each once per (model, item, template) */
    public Outcome score(String runId, Suite suite, List<PrecomputedResponse> answers, List<String> models,
            RunOptions options) {
        List<ErrorEvent> errors = new ArrayList<>();
        InstructionTask task = InstructionTask.of(suite.task());
        Map<String, InstructionItem> items = suite.instructionItems().stream()
                .collect(Collectors.toMap(InstructionItem::id, item -> item, (a, b) -> a, LinkedHashMap::new));
        boolean needsContext = items.values().stream().anyMatch(item -> item.context() != null);
        Map<String, InstructionTemplate> templates = new LinkedHashMap<>();
        for (InstructionTemplate template : suite.templates()) {
            List<String> strangers = template.seenBy() == null ? List.of()
                    : template.seenBy().stream().filter(m -> !models.contains(m)).toList();
            String problem = !template.text().contains("{input}") ? "has no {input} placeholder"
                    : task == InstructionTask.QA && needsContext && !template.text().contains("{context}")
                            ? "has no {context} placeholder, and the items carry passages"
                            : !strangers.isEmpty() ? "lists " + strangers + " in seenBy, which the run " + models
                                    + " does not have" : null;
            if (problem != null) {
                errors.add(AnswerCheck.error(runId, ErrorCode.INVALID_TEMPLATE, "suite/" + suite.name() + "/template/"
                        + template.id(), "template '" + template.id() + "' of suite '" + suite.name() + "' " + problem
                        + "; its answers are not scored"));
            } else {
                templates.put(template.id(), template);
            }
        }
        List<AnswerCheck.Accepted> accepted = AnswerCheck.check(runId, suite.name(), answers, models,
                items.keySet(), r -> r.templateId() == null ? "names no template"
                        : templates.containsKey(r.templateId()) ? null
                        : suite.templates().stream().anyMatch(t -> t.id().equals(r.templateId()))
                                ? "its template '" + r.templateId() + "' is invalid (see the template's error)"
                                : "names template '" + r.templateId() + "', which the suite does not have",
                errors);
        // model -> template -> item -> answer text
        Map<String, Map<String, Map<String, String>>> byModel = new HashMap<>();
        for (AnswerCheck.Accepted answer : accepted) {
            PrecomputedResponse r = answer.response();
            byModel.computeIfAbsent(r.model(), m -> new HashMap<>())
                    .computeIfAbsent(r.templateId(), t -> new HashMap<>()).put(r.questionId(), r.answer());
        }
        List<ModelRobustness> rows = new ArrayList<>();
        for (String model : models) {
            Map<String, Map<String, String>> mine = byModel.get(model);
            if (mine != null) {
                rows.add(robustness(model, task, items, templates.values(), mine, options));
            }
        }
        RobustnessSummary summary = rows.isEmpty() ? null
                : RobustnessSummary.of(runId, suite.name(), task.json(), task.metrics(), rows);
        return new Outcome(summary, errors);
    }

    private static ModelRobustness robustness(String model, InstructionTask task, Map<String, InstructionItem> items,
            Collection<InstructionTemplate> templates, Map<String, Map<String, String>> answers, RunOptions options) {
        List<String> paired = items.keySet().stream().filter(id -> templates.stream()
                .allMatch(t -> answers.getOrDefault(t.id(), Map.of()).containsKey(id))).toList();
        List<TemplateScore> scores = new ArrayList<>();
        List<DropRates.TemplateRows> pairedRows = new ArrayList<>();
        for (InstructionTemplate template : templates) {
            Map<String, String> answered = answers.getOrDefault(template.id(), Map.of());
            Map<String, double[]> outcomes = new LinkedHashMap<>();
            int unparsed = 0;
            for (InstructionItem item : items.values()) {
                String answer = answered.get(item.id());
                outcomes.put(item.id(), task.outcome(item, answer));
                if (answer != null && !task.readable(answer)) {
                    unparsed++;
                }
            }
            boolean seen = template.isSeenBy(model);
            scores.add(new TemplateScore(template.id(), seen, answered.size(), unparsed,
                    items.size() - answered.size(), task.metrics(outcomes.values().toArray(double[][]::new)), null));
            pairedRows.add(new DropRates.TemplateRows(template.id(), seen,
                    paired.stream().map(outcomes::get).toArray(double[][]::new)));
        }
        DropRates.Result drops = DropRates.of(task, pairedRows, options.scoring().bootstrapSamples(), options.seed());
        List<TemplateScore> withPdr = scores.stream().map(s -> s.seen() ? s : new TemplateScore(s.template(), false,
                s.answers(), s.unparsed(), s.missing(), s.metrics(), drops.pdr().get(s.template()))).toList();
        return new ModelRobustness(model, withPdr, drops.seenMean(), drops.unseenMean(), drops.pdrMean(),
                drops.pdrStd(), items.size(), paired.size(), drops.pdrLow(), drops.pdrHigh());
    }
}
