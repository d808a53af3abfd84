package io.fathom.scoring.service;

import io.fathom.contracts.generation.GenerationEvent;
import io.fathom.contracts.generation.SuiteDefinition;
import io.fathom.contracts.request.ModelRef;
import io.fathom.contracts.request.PrecomputedResponse;
import io.fathom.contracts.request.ScoringOptions;
import io.fathom.contracts.request.SuiteKind;
import io.fathom.contracts.result.ErrorCode;
import io.fathom.contracts.result.ErrorEvent;
import io.fathom.contracts.result.ResultEvent;
import io.fathom.contracts.result.RobustnessSummary;
import io.fathom.contracts.result.ScoreItem;
import io.fathom.scoring.judge.JudgeModels;
import io.fathom.triton.BackendException;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Grades one finished suite from its definition, its answers and the embeddings collected with
 * them: questions suites by rubric, instructions suites by robustness. Errors come first in the
 * result list, then graded answers, then the summary.
 */
@ApplicationScoped
public class SuiteScoring {

    /** The finish reason of an answer cut at the generation's token limit (maxNewTokens). */
    static final String HIT_TOKEN_LIMIT = "length";

    private final QuestionScorer referenceJudged = new QuestionScorer(null);
    private final InstructionScorer instructions = new InstructionScorer();
    private final JudgeModels judges;

    SuiteScoring(JudgeModels judges) {
        this.judges = judges;
    }

    /** @param generations the suite's answers as they arrived on fathom.generations, each once */
    public List<ResultEvent> score(SuiteDefinition suite, List<GenerationEvent> generations,
            Function<String, float[]> embeddings) {
        List<PrecomputedResponse> answers = generations.stream()
                .map(g -> new PrecomputedResponse(g.model(), g.itemId(), g.template(), g.answer())).toList();
        Set<String> truncated = generations.stream().filter(g -> HIT_TOKEN_LIMIT.equals(g.finishReason()))
                .map(GenerationEvent::answerId).collect(Collectors.toSet());
        List<ResultEvent> results = new ArrayList<>();
        List<ModelRef> runModels = suite.runModels();
        if (suite.kind() == SuiteKind.QUESTIONS) {
            QuestionScorer questions = referenceJudged;
            ScoringOptions scoring = suite.options().scoring();
            if (ScoringOptions.LLM_JUDGE.equals(scoring.judge())) {
                String judge = judges.choose(scoring.judgeModel());
                String scope = "suite/" + suite.suite();
                try {
                    questions = new QuestionScorer(judge == null ? null : judges.judge(judge));
                } catch (IllegalArgumentException e) {
                    results.add(ErrorEvent.of(suite.runId(), ScoreItem.SERVICE, ErrorCode.UNSUPPORTED, scope,
                            "suite '" + suite.suite() + "' asks for the llm judge: " + e.getMessage(), List.of()));
                    return results;
                } catch (BackendException e) {
                    results.add(ErrorEvent.of(suite.runId(), ScoreItem.SERVICE, ErrorCode.BACKEND_FAILURE, scope,
                            "suite '" + suite.suite() + "': judge model '" + judge + "' cannot be reached: "
                                    + e.getMessage() + "; nothing in the suite is scored", List.of()));
                    return results;
                }
            }
            QuestionScorer.Outcome outcome = questions.score(suite.runId(), suite.definition(), answers, runModels,
                    suite.options(), embeddings, truncated::contains);
            results.addAll(outcome.errors());
            results.addAll(outcome.items());
            if (outcome.summary() != null) {
                results.add(outcome.summary());
            }
        } else if (suite.kind() == SuiteKind.INSTRUCTIONS) {
            InstructionScorer.Outcome outcome = instructions.score(suite.runId(), suite.definition(), answers,
                    runModels.stream().map(ModelRef::id).toList(), suite.options());
            results.addAll(outcome.errors());
            if (outcome.summary() != null) {
                results.add(outcome.summary());
            }
        }
        return results;
    }

    /** Answers that got a score: graded questions answers, or the answers behind a robustness summary. */
    public static long answersScored(List<ResultEvent> results) {
        long count = 0;
        for (ResultEvent result : results) {
            if (result instanceof ScoreItem) {
                count++;
            } else if (result instanceof RobustnessSummary summary) {
                count += summary.models().stream().flatMap(m -> m.templates().stream())
                        .mapToLong(RobustnessSummary.TemplateScore::answers).sum();
            }
        }
        return count;
    }
}
