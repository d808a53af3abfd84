package io.fathom.scoring.service;

import io.fathom.contracts.generation.GenerationEvent;
import io.fathom.contracts.hidden.ScoringTexts;
import io.fathom.contracts.request.ModelRef;
import io.fathom.contracts.request.PrecomputedResponse;
import io.fathom.contracts.request.Question;
import io.fathom.contracts.request.RunOptions;
import io.fathom.contracts.request.ScoringOptions;
import io.fathom.contracts.request.Suite;
import io.fathom.contracts.result.ErrorCode;
import io.fathom.contracts.result.ErrorEvent;
import io.fathom.contracts.result.ScoreItem;
import io.fathom.contracts.result.ScoreSummary;
import io.fathom.scoring.judge.Judgement;
import io.fathom.scoring.judge.LlmJudge;
import io.fathom.scoring.judge.ReferenceJudge;
import io.fathom.scoring.judge.UnparseableVerdictException;
import io.fathom.scoring.report.Acceptability;
import io.fathom.scoring.rubric.BuiltinCategories;
import io.fathom.scoring.rubric.Category;
import io.fathom.scoring.rubric.RubricException;
import io.fathom.scoring.rubric.RubricSpec;
import io.fathom.triton.BackendException;
import io.fathom.triton.Generator;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Grades every answer of a questions suite against its rubric and summarises acceptability. Bad
 * parts of the input (the rubric, one question's weights, one answer) become error results and
 * the rest is graded. An answer the judge cannot grade (a judge failure, an unreadable verdict, a
 * question the reference judge cannot grade) gets no score item: it is reported and counted as
 * unjudged, not acceptable, in the summary.
 */
public final class QuestionScorer {

    private final ReferenceJudge referenceJudge = new ReferenceJudge();
    private final LlmJudge llmJudge;

    /** @param generator the judge model for {@code judge: llm}; null where none is configured */
    public QuestionScorer(Generator generator) {
        this.llmJudge = generator == null ? null : new LlmJudge(generator);
    }

    /** Graded answers, those that could not be judged, the summary (null when there is no answer) and the errors. */
    public record Outcome(List<ScoreItem> items, List<Acceptability.Unjudged> unjudged, ScoreSummary summary,
            List<ErrorEvent> errors) {
    }

    /** Grades recorded answers, whose finish reason is unknown (none is flagged truncated). */
    public Outcome score(String runId, Suite suite, List<PrecomputedResponse> answers, List<ModelRef> runModels,
            RunOptions options, Function<String, float[]> embeddings) {
        return score(runId, suite, answers, runModels, options, embeddings, answerId -> false);
    }

    /**
     * @param answers the answers to grade, each once per (model, question)
     * @param embeddings the embedder's vector of each encoded text by item id ({@link ScoringTexts})
     * @param truncated whether the answer of this id ({@link GenerationEvent#answerId}) stopped at the token limit
     */
    public Outcome score(String runId, Suite suite, List<PrecomputedResponse> answers, List<ModelRef> runModels,
            RunOptions options, Function<String, float[]> embeddings, Predicate<String> truncated) {
        List<ErrorEvent> errors = new ArrayList<>();
        ScoringOptions scoring = options.scoring();
        String suiteScope = "suite/" + suite.name();
        RubricSpec rubric;
        try {
            rubric = RubricSpec.resolve(suite.rubric(), scoring.threshold());
        } catch (RubricException e) {
            errors.add(ErrorEvent.of(runId, ScoreItem.SERVICE, ErrorCode.INVALID_RUBRIC, suiteScope,
                    "suite '" + suite.name() + "': " + e.getMessage() + "; nothing in the suite is scored", e.details()));
            return new Outcome(List.of(), List.of(), null, errors);
        }
        boolean llm = ScoringOptions.LLM_JUDGE.equals(scoring.judge());
        if (llm && llmJudge == null) {
            errors.add(AnswerCheck.error(runId, ErrorCode.UNSUPPORTED, suiteScope, "suite '" + suite.name()
                    + "' asks for the llm judge, but the run names no judge model (options.scoring.judgeModel) and"
                    + " this scoring-service has no default (fathom.scoring.judge-model); use judge 'reference' or"
                    + " name one"));
            return new Outcome(List.of(), List.of(), null, errors);
        }
        if (!llm) {
            List<String> custom = rubric.names().stream().filter(n -> !BuiltinCategories.isBuiltin(n)).toList();
            if (!custom.isEmpty()) {
                errors.add(AnswerCheck.error(runId, ErrorCode.INVALID_RUBRIC, suiteScope, "suite '" + suite.name()
                        + "': the reference judge scores only the built-in categories "
                        + BuiltinCategories.DESCRIPTIONS.keySet() + ", not " + custom
                        + "; use judge 'llm' for custom categories"));
                return new Outcome(List.of(), List.of(), null, errors);
            }
        }
        Map<String, Question> questions = new LinkedHashMap<>();
        Map<String, ReferenceJudge.Prepared> prepared = new LinkedHashMap<>();
        for (Question question : suite.questions()) {
            if (questions.containsKey(question.id())) {
                errors.add(AnswerCheck.error(runId, ErrorCode.DUPLICATE_ITEM, suiteScope + "/" + question.id(),
                        "suite '" + suite.name() + "' has two questions with id '" + question.id()
                                + "'; the first is used"));
                continue;
            }
            questions.put(question.id(), question);
            try {
                rubric.checkOverrides(question);
            } catch (RubricException e) {
                errors.add(ErrorEvent.of(runId, ScoreItem.SERVICE, ErrorCode.INVALID_RUBRIC, suiteScope + "/"
                        + question.id(), "suite '" + suite.name() + "', " + e.getMessage()
                        + "; its answers are not scored", e.details()));
                continue;
            }
            ReferenceJudge.Prepared q = referenceJudge.prepare(question,
                    embeddings.apply(ScoringTexts.reference(question.id())), keyPointVectors(question, embeddings));
            if (!llm && !q.gradable()) {
                errors.add(AnswerCheck.error(runId, ErrorCode.UNSUPPORTED, suiteScope + "/" + question.id(),
                        "suite '" + suite.name() + "', question '" + question.id() + "' has neither a reference nor"
                                + " key points, so the reference judge does not grade its answers: they count as"
                                + " unjudged, not acceptable; give it either, or use judge 'llm'"));
            }
            prepared.put(question.id(), q);
        }
        List<String> modelIds = runModels.stream().map(ModelRef::id).toList();
        List<AnswerCheck.Accepted> accepted = AnswerCheck.check(runId, suite.name(), answers, modelIds,
                questions.keySet(), r -> null, errors);
        List<ScoreItem> items = new ArrayList<>();
        List<Acceptability.Unjudged> unjudged = new ArrayList<>();
        String judgeName = llm ? LlmJudge.NAME : ReferenceJudge.NAME;
        for (AnswerCheck.Accepted answer : accepted) {
            PrecomputedResponse response = answer.response();
            ReferenceJudge.Prepared q = prepared.get(response.questionId());
            if (q == null) {
                continue; // the question's weights were rejected above, for every model alike
            }
            Acceptability.Unjudged notJudged = new Acceptability.Unjudged(response.model(), q.question().id(),
                    q.question().domain());
            if (!llm && !q.gradable()) {
                unjudged.add(notJudged); // reported once for its question above
                continue;
            }
            String scope = suiteScope + "/" + response.model() + "/" + response.questionId();
            Judgement judgement;
            try {
                judgement = llm ? llmJudge.judge(rubric, q.question(), response.answer())
                        : referenceJudge.judge(q, response.answer(),
                                embeddings.apply(ScoringTexts.answer(answer.answerId())));
            } catch (UnparseableVerdictException e) {
                errors.add(AnswerCheck.error(runId, ErrorCode.UNPARSEABLE_VERDICT, scope, "answer of "
                        + response.model() + " to '" + q.question().id() + "': " + e.getMessage()
                        + "; the answer has no score and counts as unjudged, not acceptable"));
                unjudged.add(notJudged);
                continue;
            } catch (BackendException e) {
                errors.add(AnswerCheck.error(runId, ErrorCode.BACKEND_FAILURE, scope, "judge failed on the answer of "
                        + response.model() + " to '" + q.question().id() + "': " + e.getMessage()
                        + "; the answer counts as unjudged, not acceptable"));
                unjudged.add(notJudged);
                continue;
            }
            items.add(grade(runId, suite.name(), response.model(), q.question(), judgeName, rubric,
                    judgement.scores(), judgement.notes(), truncated.test(answer.answerId())));
        }
        ScoreSummary summary = items.isEmpty() && unjudged.isEmpty() ? null : Acceptability.summarize(runId,
                suite.name(), rubric.name(), rubric.threshold(), rubric.names(), items, unjudged, runModels,
                scoring.bootstrapSamples(), options.seed());
        return new Outcome(items, unjudged, summary, errors);
    }

    /**
     * Weights, overall score and acceptability of one judged answer; also how rescoring regrades.
     *
     * @param truncated the answer stopped at the generation's token limit (flagged, not penalised)
     */
    public static ScoreItem grade(String runId, String suite, String model, Question question, String judge,
            RubricSpec rubric, Map<String, Double> scores, List<String> notes, boolean truncated) {
        Map<String, Double> weights = rubric.effectiveWeights(question, scores);
        double overall = RubricSpec.overall(weights, scores);
        Double substance = RubricSpec.substance(weights, scores);
        List<String> allNotes = new ArrayList<>(notes);
        if (substance != null && substance < RubricSpec.SUBSTANCE_FLOOR) {
            allNotes.add(String.format(Locale.ROOT, "substance (mean of the weighted accuracy and completeness) %.2f"
                    + " is below %.2f: not acceptable whatever the overall score", substance,
                    RubricSpec.SUBSTANCE_FLOOR));
        }
        Map<String, Double> scaled = new LinkedHashMap<>();
        for (Category category : rubric.categories()) {
            Double score = scores.get(category.name());
            if (score != null) {
                scaled.put(category.name(), category.toScale(score));
            }
        }
        return ScoreItem.of(runId, suite, model, question.id(), question.domain(), question.topic(), judge, scores,
                scaled, weights, overall, rubric.acceptable(weights, overall, substance), List.copyOf(allNotes),
                truncated);
    }

    private static List<float[]> keyPointVectors(Question question, Function<String, float[]> embeddings) {
        List<float[]> vectors = new ArrayList<>();
        if (question.keyPoints() != null) {
            for (int i = 0; i < question.keyPoints().size(); i++) {
                vectors.add(embeddings.apply(ScoringTexts.keyPoint(question.id(), i)));
            }
        }
        return vectors;
    }
}
