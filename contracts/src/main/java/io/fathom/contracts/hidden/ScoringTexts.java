package io.fathom.contracts.hidden;

/**
 * Item ids of the texts the inference service encodes for a questions suite, so that the
 * scoring-service can find each embedding: a question's reference, each of its key points, and each
 * answer by its generation event's answer id (model, question, template).
 */
public final class ScoringTexts {

    private ScoringTexts() {
    }

    public static String reference(String questionId) {
        return "ref/" + questionId;
    }

    public static String keyPoint(String questionId, int index) {
        return "kp/" + questionId + "/" + index;
    }

    public static String answer(String answerId) {
        return "ans/" + answerId;
    }
}
