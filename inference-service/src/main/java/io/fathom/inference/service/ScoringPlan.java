package io.fathom.inference.service;

import io.fathom.contracts.SchemaVersion;
import io.fathom.contracts.generation.GenerationEvent;
import io.fathom.contracts.hidden.ScoringTexts;
import io.fathom.contracts.request.InstructionItem;
import io.fathom.contracts.request.InstructionTemplate;
import io.fathom.contracts.request.ModelRef;
import io.fathom.contracts.request.PrecomputedResponse;
import io.fathom.contracts.request.Question;
import io.fathom.contracts.request.Suite;
import io.fathom.contracts.request.SuiteKind;
import io.fathom.contracts.result.ErrorCode;
import io.fathom.contracts.result.ErrorEvent;
import io.fathom.inference.domain.WorkItem;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the inference service does for a scored suite: answers recorded in the request become
 * generation events of source {@code recorded}; a model of the run without recorded answers that
 * generates is given the suite's prompts; a questions suite's references, key points and answers
 * are encoded by the embedder, so the scoring-service can measure their similarity (instructions
 * suites need no embeddings). A model with neither answers nor generation gets a notice, and the
 * rest of the run goes on. Which answers are gradable is the scoring-service's call.
 */
final class ScoringPlan {

    private ScoringPlan() {
    }

    /** A suite's recorded answers as generation events, and notices for those that cannot be kept. */
    record Recorded(List<GenerationEvent> answers, List<ErrorEvent> notices) {
    }

    static Recorded recorded(String runId, Suite suite, List<ModelRef> models) {
        List<GenerationEvent> answers = new ArrayList<>();
        List<ErrorEvent> notices = new ArrayList<>();
        List<PrecomputedResponse> responses = suite.responses() == null ? List.of() : suite.responses();
        Set<String> ids = new HashSet<>();
        RecordedPrompts prompts = new RecordedPrompts(suite);
        for (int i = 0; i < responses.size(); i++) {
            PrecomputedResponse r = responses.get(i);
            String scope = "suite/" + suite.name() + "/responses[" + i + "]";
            String what = "answer " + i + " of suite '" + suite.name() + "'";
            if (models.stream().noneMatch(m -> m.id().equals(r.model()))) {
                notices.add(notice(runId, ErrorCode.MODEL_NOT_IN_RUN, scope, what + " is attributed to model '"
                        + r.model() + "', which is not in the run; it is not graded"));
                continue;
            }
            String id = GenerationEvent.answerId(r.model(), r.questionId(), r.templateId());
            if (!ids.add(id)) {
                notices.add(notice(runId, ErrorCode.DUPLICATE_ANSWER, scope, what + " repeats model " + r.model()
                        + ", question " + r.questionId() + (r.templateId() == null ? "" : ", template "
                        + r.templateId()) + "; the first answer is kept"));
                continue;
            }
            answers.add(new GenerationEvent(SchemaVersion.CURRENT, runId, r.model(), suite.name(), r.questionId(),
                    r.templateId(), prompts.of(r), r.answer() == null ? "" : r.answer(),
                    GenerationEvent.Source.RECORDED, null, null, null, null, null, null));
        }
        return new Recorded(answers, notices);
    }

    /**
     * The prompts recorded answers respond to, as fathom would send them, looked up by question or
     * item id and template id; null where the suite lacks the question or the template.
     */
    private static final class RecordedPrompts {
        private final Suite suite;
        private final Map<String, Question> questions = new HashMap<>();
        private final Map<String, InstructionTemplate> templates = new HashMap<>();
        private final Map<String, InstructionItem> items = new HashMap<>();

        RecordedPrompts(Suite suite) {
            this.suite = suite;
            if (suite.kind() == SuiteKind.QUESTIONS) {
                suite.questions().forEach(q -> questions.putIfAbsent(q.id(), q));
            } else {
                if (suite.templates() != null) {
                    suite.templates().forEach(t -> templates.putIfAbsent(t.id(), t));
                }
                suite.instructionItems().forEach(it -> items.putIfAbsent(it.id(), it));
            }
        }

        String of(PrecomputedResponse r) {
            if (suite.kind() == SuiteKind.QUESTIONS) {
                Question question = questions.get(r.questionId());
                return question == null ? null : Prompts.question(question);
            }
            InstructionTemplate template = r.templateId() == null ? null : templates.get(r.templateId());
            InstructionItem item = items.get(r.questionId());
            return template == null || item == null ? null : Prompts.instruction(template, item);
        }
    }

    /** One prompt of a suite: the item it asks about, the template (instructions suites), the text. */
    record Prompt(String itemId, String template, String text) {
    }

    /**
     * Every prompt a generating model answers: each question, or each item under each template that
     * has its {@code {input}} placeholder (the scoring-service rejects the others' answers anyway).
     */
    static List<Prompt> prompts(Suite suite) {
        List<Prompt> prompts = new ArrayList<>();
        if (suite.kind() == SuiteKind.QUESTIONS) {
            suite.questions().forEach(q -> prompts.add(new Prompt(q.id(), null, Prompts.question(q))));
            return prompts;
        }
        for (InstructionTemplate template : suite.templates()) {
            if (template.text().contains("{input}")) {
                suite.instructionItems().forEach(item -> prompts.add(new Prompt(item.id(), template.id(),
                        Prompts.instruction(template, item))));
            }
        }
        return prompts;
    }

    /** Whether the request gives answers of this model in the suite. */
    static boolean answered(Suite suite, String model) {
        return suite.responses() != null && suite.responses().stream().anyMatch(r -> r.model().equals(model));
    }

    /** The texts a questions suite needs embedded: references, key points and answers; none for other kinds. */
    static List<WorkItem> texts(Suite suite, List<GenerationEvent> answers) {
        List<WorkItem> texts = new ArrayList<>();
        if (suite.kind() != SuiteKind.QUESTIONS) {
            return texts;
        }
        for (Question question : suite.questions()) {
            if (question.reference() != null && !question.reference().isBlank()) {
                texts.add(text(suite, ScoringTexts.reference(question.id()), question.reference()));
            }
            if (question.keyPoints() != null) {
                for (int i = 0; i < question.keyPoints().size(); i++) {
                    texts.add(text(suite, ScoringTexts.keyPoint(question.id(), i), question.keyPoints().get(i)));
                }
            }
        }
        for (GenerationEvent answer : answers) {
            // an empty answer is still graded (and scores low); the encoder needs some text
            String text = answer.answer().isBlank() ? "." : answer.answer();
            texts.add(text(suite, ScoringTexts.answer(answer.answerId()), text));
        }
        return texts;
    }

    private static WorkItem text(Suite suite, String id, String text) {
        return new WorkItem(suite.name(), id, text, null, null, Map.of());
    }

    /** Notices for the models that have no answers in the suite and do not generate. */
    static List<ErrorEvent> missingAnswers(String runId, Suite suite, List<ModelRef> models,
            Map<String, String> generators) {
        List<ErrorEvent> notices = new ArrayList<>();
        for (ModelRef model : models) {
            if (!answered(suite, model.id()) && !generators.containsKey(model.id())) {
                notices.add(notice(runId, ErrorCode.UNSUPPORTED, model.id() + "/" + suite.name(), "model "
                        + model.id() + " has no recorded answers in suite '" + suite.name() + "' and does not"
                        + " generate text (embedded models encode only; generation needs a model served by Triton"
                        + " with triton.generation set); the suite is graded without this model"));
            }
        }
        return notices;
    }

    private static ErrorEvent notice(String runId, ErrorCode code, String scope, String message) {
        return ErrorEvent.of(runId, RunPlanner.SERVICE, code, scope, message, List.of());
    }
}
