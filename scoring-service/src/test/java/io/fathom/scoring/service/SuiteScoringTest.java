package io.fathom.scoring.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.fathom.contracts.SchemaVersion;
import io.fathom.contracts.generation.GenerationEvent;
import io.fathom.contracts.generation.SuiteDefinition;
import io.fathom.contracts.hidden.SuiteRef;
import io.fathom.contracts.request.RunOptions;
import io.fathom.contracts.request.Suite;
import io.fathom.contracts.request.SuiteKind;
import io.fathom.contracts.result.ScoreItem;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What grading takes from the generation events themselves, beyond their answers. */
class SuiteScoringTest {

    static GenerationEvent generated(String model, String answer, String finishReason) {
        return new GenerationEvent(SchemaVersion.CURRENT, "r", model, "qs", "q1", null, "How are refunds handled?",
                answer, GenerationEvent.Source.GENERATED, "triton:m", 12, 64, finishReason, 40L, null);
    }

    @Test
    void anAnswerWhoseGenerationHitTheTokenLimitIsFlaggedTruncated() {
        Suite suite = QuestionScorerTest.suite(null, List.of(QuestionScorerTest.Q1), null);
        SuiteDefinition definition = new SuiteDefinition(SchemaVersion.CURRENT, "r", "qs", SuiteKind.QUESTIONS,
                suite, QuestionScorerTest.MODELS, RunOptions.DEFAULTS, List.of("base", "tuned"), "embedder",
                List.of(new SuiteRef("qs", SuiteKind.QUESTIONS)));
        List<GenerationEvent> answers = List.of(generated("base", "Refunds are issued within 5 working", "length"),
                generated("tuned", QuestionScorerTest.Q1.reference(), "stop"));
        List<ScoreItem> items = new SuiteScoring(null).score(definition, answers, id -> null).stream()
                .filter(r -> r instanceof ScoreItem).map(r -> (ScoreItem) r).toList();
        assertThat(items).extracting(ScoreItem::model, ScoreItem::truncated)
                .containsExactly(tuple("base", true), tuple("tuned", false));
    }
}
