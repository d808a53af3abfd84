package io.fathom.scoring.service;

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
import java.util.Map;
import java.util.function.Function;

/**
 * Grades every answer of a questions suite against its rubric and summarises acceptability. Bad
 * parts of the input (the rubric, one question's weights, one answer) become error results and
 * the rest is graded.
 */
public final class QuestionScorer {

    private final ReferenceJudge referenceJudge = new ReferenceJudge();
    private final LlmJudge llmJudge;

    /** @param generator the judge model for {@code judge: llm}; null where none is configured */
    public QuestionScorer(Generator generator) {
        this.llmJudge = generator == null ? null : new LlmJudge(generator);
    }

    /** Graded answers, the summary (null when nothing could be graded) and the errors. */
    public record Outcome(List<ScoreItem> items, ScoreSummary summary, List<ErrorEvent> errors) {
    }

    /**
     * @param answers the answers to grade, each once per (model, question)
     * @param embeddings the embedder's vector of each encoded text by item id ({@link ScoringTexts})
     */
    public Outcome score(String runId, Suite suite, List<PrecomputedResponse> answers, List<ModelRef> runModels,
            RunOptions options, Function<String, float[]> embeddings) {
        List<ErrorEvent> errors = new ArrayList<>();
        ScoringOptions scoring = options.scoring();
        String suiteScope = "suite/" + suite.name();
        RubricSpec rubric;
        try {
            rubric = RubricSpec.resolve(suite.rubric(), scoring.threshold());
        } catch (RubricException e) {
            errors.add(ErrorEvent.of(runId, ScoreItem.SERVICE, ErrorCode.INVALID_RUBRIC, suiteScope,
                    "suite '" + suite.name() + "': " + e.getMessage() + "; nothing in the suite is scored", e.details()));
            return new Outcome(List.of(), null, errors);
        }
        boolean llm = ScoringOptions.LLM_JUDGE.equals(scoring.judge());
        if (llm && llmJudge == null) {
            errors.add(AnswerCheck.error(runId, ErrorCode.UNSUPPORTED, suiteScope, "suite '" + suite.name()
                    + "' asks for the llm judge, but the run names no judge model (options.scoring.judgeModel) and"
                    + " this scoring-service has no default (fathom.scoring.judge-model); use judge 'reference' or"
                    + " name one"));
            return new Outcome(List.of(), null, errors);
        }
        if (!llm) {
            List<String> custom = rubric.names().stream().filter(n -> !BuiltinCategories.isBuiltin(n)).toList();
            if (!custom.isEmpty()) {
                errors.add(AnswerCheck.error(runId, ErrorCode.INVALID_RUBRIC, suiteScope, "suite '" + suite.name()
                        + "': the reference judge scores only the built-in categories "
                        + BuiltinCategories.DESCRIPTIONS.keySet() + ", not " + custom
                        + "; use judge 'llm' for custom categories"));
                return new Outcome(List.of(), null, errors);
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
            prepared.put(question.id(), referenceJudge.prepare(question,
                    embeddings.apply(ScoringTexts.reference(question.id())), keyPointVectors(question, embeddings)));
        }
        List<String> modelIds = runModels.stream().map(ModelRef::id).toList();
        List<AnswerCheck.Accepted> accepted = AnswerCheck.check(runId, suite.name(), answers, modelIds,
                questions.keySet(), r -> null, errors);
        List<ScoreItem> items = new ArrayList<>();
        String judgeName = llm ? LlmJudge.NAME : ReferenceJudge.NAME;
        for (AnswerCheck.Accepted answer : accepted) {
            ReferenceJudge.Prepared q = prepared.get(answer.response().questionId());
            if (q == null) {
                continue; // the question's weights were rejected above
            }
            String scope = suiteScope + "/" + answer.response().model() + "/" + answer.response().questionId();
            Judgement judgement;
            try {
                judgement = llm ? llmJudge.judge(rubric, q.question(), answer.response().answer())
                        : referenceJudge.judge(q, answer.response().answer(),
                                embeddings.apply(ScoringTexts.answer(answer.answerId())));
            } catch (UnparseableVerdictException e) {
                errors.add(AnswerCheck.error(runId, ErrorCode.UNPARSEABLE_VERDICT, scope, "answer of "
                        + answer.response().model() + " to '" + q.question().id() + "': " + e.getMessage()
                        + "; the answer has no score"));
                continue;
            } catch (BackendException e) {
                errors.add(AnswerCheck.error(runId, ErrorCode.BACKEND_FAILURE, scope, "judge failed on the answer of "
                        + answer.response().model() + " to '" + q.question().id() + "': " + e.getMessage()));
                continue;
            }
            items.add(grade(runId, suite.name(), answer.response().model(), q.question(), judgeName, rubric,
                    judgement.scores(), judgement.notes()));
        }
        ScoreSummary summary = items.isEmpty() ? null : Acceptability.summarize(runId, suite.name(), rubric.name(),
                rubric.threshold(), rubric.names(), items, runModels, scoring.bootstrapSamples(), options.seed());
        return new Outcome(items, summary, errors);
    }

    /** Weights, overall score and acceptability of one judged answer; also how rescoring regrades. */
    public static ScoreItem grade(String runId, String suite, String model, Question question, String judge,
            RubricSpec rubric, Map<String, Double> scores, List<String> notes) {
        Map<String, Double> weights = rubric.effectiveWeights(question, scores);
        double overall = RubricSpec.overall(weights, scores);
        Map<String, Double> scaled = new LinkedHashMap<>();
        for (Category category : rubric.categories()) {
            Double score = scores.get(category.name());
            if (score != null) {
                scaled.put(category.name(), category.toScale(score));
            }
        }
        return ScoreItem.of(runId, suite, model, question.id(), question.domain(), question.topic(), judge, scores,
                scaled, weights, overall, !weights.isEmpty() && overall >= rubric.threshold(), notes);
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
