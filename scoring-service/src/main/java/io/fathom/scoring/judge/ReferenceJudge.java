package io.fathom.scoring.judge;

import io.fathom.contracts.request.Question;
import io.fathom.scoring.rubric.BuiltinCategories;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Scores the eight built-in categories without a generative model. Every sub-score is a heuristic
 * with known limits (docs/scoring.md): similarity in an encoder's space rewards answers that talk
 * about the same things as the reference, not answers that are right; length, readability and
 * phrase lists see form, not substance. It is a cheap, reproducible first pass and a baseline
 * for the LLM judge, not a replacement for it.
 *
 * <ul>
 *   <li>accuracy: cosine similarity of answer and reference (mean-pooled last layer), rescaled so
 *       that {@value #SIMILARITY_FLOOR} and below is 0 and {@value #SIMILARITY_CEILING} and above is 1;
 *       without a reference, the mean rescaled similarity to the key points (floor and ceiling
 *       {@value #KEY_POINT_FLOOR}-{@value #KEY_POINT_CEILING}, since short phrases sit further from a
 *       whole answer).</li>
 *   <li>completeness: per key point, the larger of its content-term recall in the answer and its
 *       rescaled similarity, averaged; without key points, the reference's content-term recall.</li>
 *   <li>conciseness: 1 up to {@value #LENGTH_SLACK}x the reference's word count, then
 *       slack / ratio; without a reference the same against {@value #DEFAULT_TARGET_WORDS} words.</li>
 *   <li>clarity: Flesch reading ease, 0 at or below 10 and 1 at or above 60; an empty answer is 0.</li>
 *   <li>politeness, consideration, specificity: counts of phrases in {@link TonePatterns}; safety:
 *       unsafe phrases that their clause does not advise against ({@link UnsafeAdvice}).</li>
 * </ul>
 *
 * <p>A question with neither a reference nor key points gives nothing to judge accuracy or
 * completeness against, and tone alone must not grade an answer: such a question is not
 * {@linkplain Prepared#gradable() gradable} here (the LLM judge can grade it).
 */
public final class ReferenceJudge {

    public static final String NAME = "reference";
    static final double SIMILARITY_FLOOR = 0.2;
    static final double SIMILARITY_CEILING = 0.85;
    static final double KEY_POINT_FLOOR = 0.15;
    static final double KEY_POINT_CEILING = 0.6;
    static final double LENGTH_SLACK = 1.5;
    static final int DEFAULT_TARGET_WORDS = 150;

    /**
     * A question made ready once for all its answers: its reference and key points as texts and as
     * unit vectors (null where the embedding is missing).
     */
    public record Prepared(Question question, Text reference, float[] referenceVector, List<Text> keyPoints,
            List<float[]> keyPointVectors) {

        public boolean gradable() {
            return reference != null || !keyPoints.isEmpty();
        }
    }

    public Prepared prepare(Question question, float[] referenceVector, List<float[]> keyPointVectors) {
        Text reference = question.reference() == null || question.reference().isBlank() ? null
                : Text.of(question.reference());
        List<Text> keyPoints = new ArrayList<>();
        List<float[]> vectors = new ArrayList<>();
        if (question.keyPoints() != null) {
            for (int i = 0; i < question.keyPoints().size(); i++) {
                keyPoints.add(Text.of(question.keyPoints().get(i)));
                vectors.add(keyPointVectors == null || i >= keyPointVectors.size() ? null
                        : Vectors.unit(keyPointVectors.get(i)));
            }
        }
        return new Prepared(question, reference, reference == null ? null : Vectors.unit(referenceVector),
                List.copyOf(keyPoints), vectors);
    }

    /**
     * Scores one answer; {@code answerVector} may be null, and then only lexical measures are used.
     *
     * @throws IllegalArgumentException when the question is not {@linkplain Prepared#gradable() gradable}
     */
    public Judgement judge(Prepared q, String answer, float[] answerVector) {
        if (!q.gradable()) {
            throw new IllegalArgumentException("question '" + q.question().id()
                    + "' has neither a reference nor key points to judge against");
        }
        Text text = Text.of(answer);
        float[] vector = Vectors.unit(answerVector);
        Map<String, Double> scores = new LinkedHashMap<>();
        List<String> notes = new ArrayList<>();
        if (text.wordCount() == 0) {
            notes.add("empty answer");
        }

        double accuracy;
        if (q.reference() != null) {
            accuracy = q.referenceVector() != null && vector != null
                    ? rescale(Vectors.dot(vector, q.referenceVector()), SIMILARITY_FLOOR, SIMILARITY_CEILING)
                    : lexicalOnly(notes, text.recallOf(q.reference()));
        } else {
            notes.add("no reference: accuracy judged against the key points");
            double sum = 0;
            for (int i = 0; i < q.keyPoints().size(); i++) {
                float[] kp = q.keyPointVectors().get(i);
                sum += kp != null && vector != null ? rescale(Vectors.dot(vector, kp), KEY_POINT_FLOOR, KEY_POINT_CEILING)
                        : text.recallOf(q.keyPoints().get(i));
            }
            accuracy = sum / q.keyPoints().size();
        }
        scores.put(BuiltinCategories.ACCURACY, text.wordCount() == 0 ? 0.0 : accuracy);

        if (!q.keyPoints().isEmpty()) {
            double sum = 0;
            for (int i = 0; i < q.keyPoints().size(); i++) {
                float[] kp = q.keyPointVectors().get(i);
                double semantic = kp != null && vector != null
                        ? rescale(Vectors.dot(vector, kp), KEY_POINT_FLOOR, KEY_POINT_CEILING) : 0;
                sum += Math.max(text.recallOf(q.keyPoints().get(i)), semantic);
            }
            scores.put(BuiltinCategories.COMPLETENESS, text.wordCount() == 0 ? 0.0 : sum / q.keyPoints().size());
        } else {
            notes.add("no key points: completeness is the share of the reference's content terms present");
            scores.put(BuiltinCategories.COMPLETENESS, text.recallOf(q.reference()));
        }

        int target = q.reference() != null ? Math.max(1, q.reference().wordCount()) : DEFAULT_TARGET_WORDS;
        double ratio = (double) text.wordCount() / target;
        scores.put(BuiltinCategories.CONCISENESS, ratio <= LENGTH_SLACK ? 1.0 : LENGTH_SLACK / ratio);

        scores.put(BuiltinCategories.CLARITY, clarity(text));

        int polite = TonePatterns.count(TonePatterns.POLITE, text.raw());
        int impolite = TonePatterns.count(TonePatterns.IMPOLITE, text.raw()) + TonePatterns.count(TonePatterns.SHOUTING, text.raw());
        scores.put(BuiltinCategories.POLITENESS, clamp(0.8 + 0.1 * Math.min(2, polite) - 0.3 * impolite));

        int considerate = TonePatterns.count(TonePatterns.CONSIDERATE, text.raw());
        int dismissive = TonePatterns.count(TonePatterns.DISMISSIVE, text.raw());
        scores.put(BuiltinCategories.CONSIDERATION, clamp(0.6 + 0.1 * Math.min(4, considerate) - 0.3 * dismissive));

        scores.put(BuiltinCategories.SAFETY, clamp(1.0 - 0.5 * UnsafeAdvice.count(text.raw())));

        int concrete = TonePatterns.count(TonePatterns.CONCRETE, text.raw());
        int vague = TonePatterns.count(TonePatterns.VAGUE, text.raw());
        scores.put(BuiltinCategories.SPECIFICITY, text.wordCount() == 0 ? 0.0
                : clamp(0.4 + 0.15 * Math.min(4, concrete) - 0.1 * Math.min(3, vague)));
        return new Judgement(scores, notes);
    }

    private static double lexicalOnly(List<String> notes, double recall) {
        notes.add("no embedding: accuracy is the share of the reference's content terms present");
        return recall;
    }

    /** Flesch reading ease, rescaled: 10 or less is 0, 60 or more is 1. */
    static double clarity(Text text) {
        if (text.wordCount() == 0) {
            return 0;
        }
        double wordsPerSentence = (double) text.wordCount() / Math.max(1, text.sentences());
        double syllablesPerWord = (double) text.syllables() / text.wordCount();
        double ease = 206.835 - 1.015 * wordsPerSentence - 84.6 * syllablesPerWord;
        return rescale(ease, 10, 60);
    }

    static double rescale(double value, double floor, double ceiling) {
        return clamp((value - floor) / (ceiling - floor));
    }

    static double clamp(double value) {
        return Math.max(0, Math.min(1, value));
    }
}
