package io.fathom.scoring.service;

import io.fathom.contracts.request.PrecomputedResponse;
import io.fathom.contracts.result.ErrorCode;
import io.fathom.contracts.result.ErrorEvent;
import io.fathom.contracts.result.ScoreItem;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Sorts a suite's precomputed answers into the gradable and the rejected: an answer for a model
 * that is not in the run, for a question the suite lacks, under a bad template, or a repeat of an
 * earlier answer gets an error result naming it, and the others go on.
 */
final class AnswerCheck {

    /** An answer that passed, with its position in the suite's list (which keys its embedding). */
    record Accepted(int index, PrecomputedResponse response) {
    }

    private AnswerCheck() {
    }

    /**
     * @param templateProblem what is wrong with an answer's template, or null when it is fine
     */
    static List<Accepted> check(String runId, String suite, List<PrecomputedResponse> responses, List<String> models,
            Set<String> questionIds, Function<PrecomputedResponse, String> templateProblem, List<ErrorEvent> errors) {
        List<Accepted> accepted = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        if (responses == null) {
            return accepted;
        }
        for (int i = 0; i < responses.size(); i++) {
            PrecomputedResponse r = responses.get(i);
            String scope = "suite/" + suite + "/responses[" + i + "]";
            if (!models.contains(r.model())) {
                errors.add(error(runId, ErrorCode.MODEL_NOT_IN_RUN, scope, "answer " + i + " of suite '" + suite
                        + "' is attributed to model '" + r.model() + "', which is not in the run " + models));
                continue;
            }
            if (!questionIds.contains(r.questionId())) {
                errors.add(error(runId, ErrorCode.UNKNOWN_QUESTION, scope, "answer " + i + " of suite '" + suite
                        + "' (model " + r.model() + ") answers question '" + r.questionId()
                        + "', which the suite does not have"));
                continue;
            }
            String problem = templateProblem.apply(r);
            if (problem != null) {
                errors.add(error(runId, ErrorCode.INVALID_TEMPLATE, scope, "answer " + i + " of suite '" + suite
                        + "' (model " + r.model() + ", question " + r.questionId() + "): " + problem));
                continue;
            }
            if (!seen.add(r.model() + "\u0000" + r.questionId() + "\u0000" + r.templateId())) {
                errors.add(error(runId, ErrorCode.DUPLICATE_ANSWER, scope, "answer " + i + " of suite '" + suite
                        + "' repeats model " + r.model() + ", question " + r.questionId()
                        + (r.templateId() == null ? "" : ", template " + r.templateId())
                        + "; the first answer is kept"));
                continue;
            }
            accepted.add(new Accepted(i, r));
        }
        return accepted;
    }

    static ErrorEvent error(String runId, ErrorCode code, String scope, String message) {
        return ErrorEvent.of(runId, ScoreItem.SERVICE, code, scope, message, List.of());
    }
}
