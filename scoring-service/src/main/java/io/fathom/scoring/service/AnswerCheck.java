package io.fathom.scoring.service;

import io.fathom.contracts.generation.GenerationEvent;
import io.fathom.contracts.request.PrecomputedResponse;
import io.fathom.contracts.result.ErrorCode;
import io.fathom.contracts.result.ErrorEvent;
import io.fathom.contracts.result.ScoreItem;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Sorts a suite's answers into the gradable and the rejected: an answer for a model that is not in
 * the run, for a question the suite lacks, or under a bad template gets an error result naming it,
 * and the others go on. (Each answer id comes once: repeats are redeliveries, dropped on arrival.)
 */
final class AnswerCheck {

    /** An answer that passed, with its id (which keys its embedding). */
    record Accepted(String answerId, PrecomputedResponse response) {
    }

    private AnswerCheck() {
    }

    /**
     * @param templateProblem what is wrong with an answer's template, or null when it is fine
     */
    static List<Accepted> check(String runId, String suite, List<PrecomputedResponse> responses, List<String> models,
            Set<String> questionIds, Function<PrecomputedResponse, String> templateProblem, List<ErrorEvent> errors) {
        List<Accepted> accepted = new ArrayList<>();
        for (PrecomputedResponse r : responses) {
            String id = GenerationEvent.answerId(r.model(), r.questionId(), r.templateId());
            String scope = "suite/" + suite + "/" + id;
            String what = "answer " + id + " of suite '" + suite + "'";
            if (!models.contains(r.model())) {
                errors.add(error(runId, ErrorCode.MODEL_NOT_IN_RUN, scope, what + " is attributed to model '"
                        + r.model() + "', which is not in the run " + models));
                continue;
            }
            if (!questionIds.contains(r.questionId())) {
                errors.add(error(runId, ErrorCode.UNKNOWN_QUESTION, scope, what + " answers question '"
                        + r.questionId() + "', which the suite does not have"));
                continue;
            }
            String problem = templateProblem.apply(r);
            if (problem != null) {
                errors.add(error(runId, ErrorCode.INVALID_TEMPLATE, scope, what + ": " + problem));
                continue;
            }
            accepted.add(new Accepted(id, r));
        }
        return accepted;
    }

    static ErrorEvent error(String runId, ErrorCode code, String scope, String message) {
        return ErrorEvent.of(runId, ScoreItem.SERVICE, code, scope, message, List.of());
    }
}
