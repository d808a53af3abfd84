package io.fathom.scoring.service;

import io.fathom.contracts.generation.SuiteDefinition;
import io.fathom.contracts.request.ModelRef;
import io.fathom.contracts.request.PrecomputedResponse;
import io.fathom.contracts.request.SuiteKind;
import io.fathom.contracts.result.ResultEvent;
import io.fathom.contracts.result.RobustnessSummary;
import io.fathom.contracts.result.ScoreItem;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Grades one finished suite from its definition, its answers and the embeddings collected with
 * them: questions suites by rubric, instructions suites by robustness. Errors come first in the
 * result list, then graded answers, then the summary.
 */
@ApplicationScoped
public class SuiteScoring {

    private final QuestionScorer questions = new QuestionScorer(null);
    private final InstructionScorer instructions = new InstructionScorer();

    public List<ResultEvent> score(SuiteDefinition suite, List<PrecomputedResponse> answers,
            Function<String, float[]> embeddings) {
        List<ResultEvent> results = new ArrayList<>();
        List<ModelRef> runModels = suite.runModels();
        if (suite.kind() == SuiteKind.QUESTIONS) {
            QuestionScorer.Outcome outcome = questions.score(suite.runId(), suite.definition(), answers, runModels,
                    suite.options(), embeddings);
            results.addAll(outcome.errors());
            results.addAll(outcome.items());
            if (outcome.summary() != null) {
                results.add(outcome.summary());
            }
        } else if (suite.kind() == SuiteKind.INSTRUCTIONS) {
            InstructionScorer.Outcome outcome = instructions.score(suite.runId(), suite.definition(), answers,
                    runModels.stream().map(ModelRef::id).toList());
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
