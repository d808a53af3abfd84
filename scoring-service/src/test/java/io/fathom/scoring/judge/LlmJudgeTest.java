package io.fathom.scoring.judge;

import io.fathom.contracts.request.Question;
import io.fathom.contracts.request.Rubric;
import io.fathom.scoring.rubric.RubricSpec;
import java.util.List;
import org.junit.jupiter.api.Test;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;


/** The LLM judge's prompting and parsing, against generators whose verdicts are known. */
class LlmJudgeTest {

    static final Question QUESTION = new Question("q1", "in-domain", null, "How do I cancel my plan?",
            "Go to Settings > Billing and choose Cancel.", List.of("Settings > Billing"), null);

    private static RubricSpec rubric() {
        return RubricSpec.resolve(new Rubric("two", 0.5, List.of(
                new Rubric.Category("accuracy", null, 1.0, new Rubric.Scale(1, 5)),
                new Rubric.Category("empathy", "Acknowledges how the customer feels.", 1.0,
                        new Rubric.Scale(0, 10)))), null);
    }

    @Test
    void oneScoredPromptPerCategoryOnItsOwnScale() {
        KnownVerdicts generator = new KnownVerdicts(prompt -> prompt.contains("Criterion: accuracy")
                ? "The answer names the right menu.\nScore: 4" : "It is curt.\n**Score: 2.5**");
        Judgement judgement = new LlmJudge(generator).judge(rubric(), QUESTION, "Settings, then Billing.");
        assertThat(judgement.scores()).containsEntry("accuracy", 0.75).containsEntry("empathy", 0.25);
        assertThat(generator.prompts).hasSize(2);
        assertThat(generator.prompts.get(0)).contains("Scale: 1 (worst) to 5 (best)")
                .contains("Reference answer:\nGo to Settings > Billing").contains("- Settings > Billing")
                .contains("Answer to grade:\nSettings, then Billing.");
        assertThat(generator.prompts.get(1)).contains("Acknowledges how the customer feels.").contains("0 (worst) to 10");
    }

    @Test
    void verdictsAreReadOnlyFromTheLastLine() {
        // a judge that echoes the prompt: the prompt's own "Score:" instruction is never read as a score
        KnownVerdicts echo = new KnownVerdicts(prompt -> prompt);
        assertThatThrownBy(() -> new LlmJudge(echo).judge(rubric(), QUESTION, "Cancel it."))
                .isInstanceOf(UnparseableVerdictException.class).hasMessageContaining("category 'accuracy'");
        KnownVerdicts early = new KnownVerdicts(prompt -> "Score: 5\nOn reflection the answer is vague.");
        assertThatThrownBy(() -> new LlmJudge(early).judge(rubric(), QUESTION, "Cancel it."))
                .hasMessageContaining("not 'Score: <number>'").hasMessageContaining("On reflection");
        KnownVerdicts outOfScale = new KnownVerdicts(prompt -> "Score: 9");
        assertThatThrownBy(() -> new LlmJudge(outOfScale).judge(rubric(), QUESTION, "Cancel it."))
                .hasMessageContaining("outside the scale [1.0, 5.0]");
        assertThatThrownBy(() -> Verdicts.score("", 1, 5)).hasMessageContaining("(empty output)");
        assertThat(Verdicts.score("Reasoning: fine.\n\nScore: 3.\n", 1, 5)).isEqualTo(3.0);
    }

    @Test
    void pairwiseComparisonsRunInBothOrdersToCancelPositionBias() {
        String better = "Go to Settings > Billing and choose Cancel; you keep access until the period ends.";
        String worse = "Just stop paying.";
        // always prefers the first answer shown: the two orders disagree, so neither wins
        KnownVerdicts firstBiased = new KnownVerdicts(prompt -> "Winner: A");
        LlmJudge.Pairwise biased = new LlmJudge(firstBiased).compare(QUESTION, better, worse);
        assertThat(biased.winner()).isEqualTo("tie");
        assertThat(biased.consistent()).isFalse();
        assertThat(firstBiased.prompts).hasSize(2);
        assertThat(firstBiased.prompts.get(0).indexOf(better)).isLessThan(firstBiased.prompts.get(0).indexOf(worse));
        assertThat(firstBiased.prompts.get(1).indexOf(worse)).isLessThan(firstBiased.prompts.get(1).indexOf(better));
        // prefers the longer answer wherever it is shown: the same winner in both orders
        KnownVerdicts fair = new KnownVerdicts(prompt -> {
            int a = prompt.indexOf("Answer A:\n" + better);
            return a >= 0 ? "A is complete.\nWinner: A" : "B is complete.\nWinner: B";
        });
        LlmJudge.Pairwise judged = new LlmJudge(fair).compare(QUESTION, better, worse);
        assertThat(judged.winner()).isEqualTo("A");
        assertThat(judged.consistent()).isTrue();
        assertThat(new LlmJudge(fair).compare(QUESTION, worse, better).winner()).isEqualTo("B");
        // a preference in one order and a tie in the other is not "preferred in both orders"
        KnownVerdicts halfway = new KnownVerdicts(prompt -> prompt.indexOf("Answer A:\n" + better) >= 0
                ? "Winner: A" : "Winner: tie");
        LlmJudge.Pairwise split = new LlmJudge(halfway).compare(QUESTION, better, worse);
        assertThat(split.winner()).isEqualTo("tie");
        assertThat(split.consistent()).isFalse();
        assertThatThrownBy(() -> new LlmJudge(new KnownVerdicts(p -> "Both are fine."))
                .compare(QUESTION, better, worse)).isInstanceOf(UnparseableVerdictException.class);
    }
}
