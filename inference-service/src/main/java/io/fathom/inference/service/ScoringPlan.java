package io.fathom.inference.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.fathom.contracts.Json;
import io.fathom.contracts.hidden.ScoringTexts;
import io.fathom.contracts.request.ModelRef;
import io.fathom.contracts.request.PrecomputedResponse;
import io.fathom.contracts.request.Question;
import io.fathom.contracts.request.Suite;
import io.fathom.contracts.request.SuiteKind;
import io.fathom.contracts.result.ErrorCode;
import io.fathom.contracts.result.ErrorEvent;
import io.fathom.inference.domain.WorkItem;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What the inference service does for a scored suite: a questions suite's references, key points
 * and precomputed answers are encoded by the embedder, so the scoring-service can measure their
 * similarity (instructions suites need no embeddings); a model of the run with no precomputed
 * answers would need generation, which the embedded backend cannot do, so it gets a notice and the
 * rest of the run goes on. Which answers are valid is the scoring-service's call.
 */
final class ScoringPlan {

    private ScoringPlan() {
    }

    static List<WorkItem> texts(Suite suite) {
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
        List<PrecomputedResponse> responses = suite.responses() == null ? List.of() : suite.responses();
        for (int i = 0; i < responses.size(); i++) {
            // an empty answer is still graded (and scores low); the encoder needs some text
            String answer = responses.get(i).answer();
            texts.add(text(suite, ScoringTexts.answer(i), answer == null || answer.isBlank() ? "." : answer));
        }
        return texts;
    }

    static int definitionBytes(Suite suite) {
        try {
            return Json.MAPPER.writeValueAsBytes(suite).length;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("suite '" + suite.name() + "' cannot be written as JSON", e);
        }
    }

    private static WorkItem text(Suite suite, String id, String text) {
        return new WorkItem(suite.name(), id, text, null, null, Map.of());
    }

    static List<ErrorEvent> missingAnswers(String runId, Suite suite, List<ModelRef> models) {
        List<ErrorEvent> notices = new ArrayList<>();
        for (ModelRef model : models) {
            boolean answered = suite.responses() != null
                    && suite.responses().stream().anyMatch(r -> r.model().equals(model.id()));
            if (!answered) {
                notices.add(ErrorEvent.of(runId, RunPlanner.SERVICE, ErrorCode.UNSUPPORTED, model.id() + "/"
                        + suite.name(), "model " + model.id() + " has no precomputed answers in suite '" + suite.name()
                        + "', and the embedded backend cannot generate them (generation needs the Triton backend);"
                        + " the suite is graded without this model", List.of()));
            }
        }
        return notices;
    }
}
