package io.fathom.scoring.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.fathom.contracts.Json;
import io.fathom.contracts.request.ModelMetadata;
import io.fathom.contracts.request.ModelRef;
import io.fathom.contracts.request.PrecomputedResponse;
import io.fathom.contracts.request.Question;
import io.fathom.contracts.request.Rubric;
import io.fathom.contracts.request.RunOptions;
import io.fathom.contracts.request.ScoringOptions;
import io.fathom.contracts.request.Suite;
import io.fathom.contracts.request.SuiteKind;
import io.fathom.contracts.result.ErrorCode;
import io.fathom.contracts.result.ErrorEvent;
import io.fathom.contracts.result.ResultEvent;
import io.fathom.contracts.result.ScoreItem;
import io.fathom.contracts.result.ScoreSummary;
import io.fathom.contracts.result.ScoreSummary.Comparison;
import io.fathom.scoring.judge.KnownVerdicts;
import io.fathom.scoring.report.Acceptability;
import io.fathom.scoring.rubric.RubricSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.Assertions;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class QuestionScorerTest {

    static final List<ModelRef> MODELS = List.of(new ModelRef("base", null), new ModelRef("tuned", null));
    static final Question Q1 = new Question("q1", "in-domain", "refunds", "How are refunds handled?",
            "Refunds are issued within 5 working days after the return arrives.", null, null);
    static final Question Q2 = new Question("q2", "general", "cooking", "How long do I boil an egg?",
            "Boil a large egg for 9 minutes for a firm yolk.", null, Map.of("accuracy", 3.0));

    static Suite suite(Rubric rubric, List<Question> questions, List<PrecomputedResponse> responses) {
        return new Suite("qs", SuiteKind.QUESTIONS, null, null, null, null, null, questions, rubric, null, null, null,
                responses, null);
    }

    /** Grades a suite's own responses with the reference judge and no embeddings. */
    static QuestionScorer.Outcome score(Suite suite, RunOptions options) {
        return new QuestionScorer(null).score("r", suite, suite.responses(), MODELS, options, id -> null);
    }

    @Test
    void badAnswersAndBadWeightsAreErrorsAndTheRestIsGraded() {
        Question badWeights = new Question("q3", "general", null, "?", "x", null, Map.of("accuracy", -1.0));
        List<PrecomputedResponse> responses = List.of(
                new PrecomputedResponse("base", "q1", null, Q1.reference()),
                new PrecomputedResponse("tuned", "q1", null, Q1.reference()),
                new PrecomputedResponse("tuned", "q404", null, "?"),
                new PrecomputedResponse("nobody", "q1", null, "?"),
                new PrecomputedResponse("tuned", "q3", null, "x"));
        QuestionScorer.Outcome outcome = score(suite(null, List.of(Q1, Q2, badWeights), responses),
                RunOptions.DEFAULTS);
        assertThat(outcome.errors()).extracting(ErrorEvent::code).containsExactly(ErrorCode.INVALID_RUBRIC,
                ErrorCode.UNKNOWN_QUESTION, ErrorCode.MODEL_NOT_IN_RUN);
        assertThat(outcome.errors().get(0).message()).contains("question 'q3'").contains("weight -1.0");
        assertThat(outcome.errors().get(1).message()).contains("'q404'");
        assertThat(outcome.errors().get(2).message()).contains("model 'nobody'").contains("[base, tuned]");
        assertThat(outcome.items()).extracting(ScoreItem::model).containsExactly("base", "tuned");
        assertThat(outcome.summary().models()).hasSize(2);
    }

    @Test
    void aRubricWithNegativeOrZeroWeightsFailsTheSuiteOnly() {
        Rubric zero = new Rubric("zero", null, List.of(new Rubric.Category("accuracy", null, 0.0, null)));
        QuestionScorer.Outcome outcome = score(suite(zero, List.of(Q1),
                List.of(new PrecomputedResponse("base", "q1", null, "x"))), RunOptions.DEFAULTS);
        assertThat(outcome.items()).isEmpty();
        assertThat(outcome.errors()).singleElement().satisfies(e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.INVALID_RUBRIC);
            assertThat(e.message()).contains("sum to 0.0").contains("nothing in the suite is scored");
        });
        Rubric custom = new Rubric("c", null, List.of(new Rubric.Category("humour", "Funny.", 1.0, null)));
        assertThat(score(suite(custom, List.of(Q1), List.of()), RunOptions.DEFAULTS).errors().get(0).message())
                .contains("use judge 'llm'");
        RunOptions llm = new RunOptions(null, null, null, null, null, new ScoringOptions(null, null, null, "llm", null))
                .withDefaults();
        assertThat(score(suite(null, List.of(Q1), List.of()), llm).errors().get(0).code())
                .isEqualTo(ErrorCode.UNSUPPORTED);
    }

    @Test
    void overallIsTheWeightedMeanAndTheThresholdDecidesAcceptability() {
        RubricSpec rubric = RubricSpec.resolve(new Rubric("r", 0.6, List.of(
                new Rubric.Category("accuracy", null, 1.0, new Rubric.Scale(1, 5)),
                new Rubric.Category("politeness", null, 1.0, null))), null);
        // q2 weighs accuracy 3 against politeness 1: 0.75 * 0.5 + 0.25 * 1.0 = 0.625
        ScoreItem item = QuestionScorer.grade("r", "qs", "base", Q2, "reference", rubric,
                Map.of("accuracy", 0.5, "politeness", 1.0, "clarity", 0.0), List.of(), false);
        assertThat(item.overall()).isCloseTo(0.625, Offset.offset(1e-12));
        assertThat(item.acceptable()).isTrue();
        assertThat(item.scaled()).containsEntry("accuracy", 3.0).containsEntry("politeness", 1.0)
                .doesNotContainKey("clarity");
        assertThat(item.scores()).containsKey("clarity"); // kept for rescoring with another rubric
        ScoreItem below = QuestionScorer.grade("r", "qs", "base", Q2, "reference", rubric,
                Map.of("accuracy", 0.4, "politeness", 1.0), List.of(), false);
        assertThat(below.acceptable()).isFalse(); // 0.55 < 0.6
    }

    private static ScoreItem item(String model, String question, String domain, boolean acceptable) {
        return ScoreItem.of("r", "qs", model, question, domain, null, "reference", Map.of("accuracy", 0.5),
                Map.of("accuracy", 0.5), Map.of("accuracy", 1.0), acceptable ? 0.9 : 0.2, acceptable, List.of(), false);
    }

    @Test
    void acceptabilityComparisonIsPairedWithRelativeChangeMcNemarAndBootstrap() {
        List<ScoreItem> items = new ArrayList<>();
        // 20 in-domain questions: base accepts 5 (q0-q4), tuned accepts 15 (q0-q14): +200%, 10 discordant for tuned
        for (int i = 0; i < 20; i++) {
            items.add(item("base", "q" + i, "in-domain", i < 5));
            items.add(item("tuned", "q" + i, "in-domain", i < 15));
        }
        // 10 general questions: base 8, tuned 6 (q0-q5 vs q0-q7)
        for (int i = 0; i < 10; i++) {
            items.add(item("base", "g" + i, "general", i < 8));
            items.add(item("tuned", "g" + i, "general", i < 6));
        }
        List<ModelRef> models = List.of(new ModelRef("base", new ModelMetadata("b", 7.0, "none", null, 0, null, null)),
                new ModelRef("tuned", new ModelMetadata("b", 7.0, "peft", "lora", 3, "mix", null)));
        ScoreSummary summary = Acceptability.summarize("r", "qs", "rubric", 0.7, List.of("accuracy"), items,
                List.of(), models, 1000, 42);
        Comparison inDomain = summary.comparisons().stream().filter(c -> c.domain().equals("in-domain")).findFirst()
                .orElseThrow();
        assertThat(inDomain.baseline()).isEqualTo("base");
        assertThat(inDomain.baselineRate()).isEqualTo(0.25);
        assertThat(inDomain.candidateRate()).isEqualTo(0.75);
        assertThat(inDomain.relativeChange()).isCloseTo(2.0, Offset.offset(1e-12));
        assertThat(inDomain.onlyCandidate()).isEqualTo(10);
        assertThat(inDomain.onlyBaseline()).isZero();
        assertThat(inDomain.pValue()).isCloseTo(2.0 / 1024, Offset.offset(1e-12)); // 2 * 0.5^10
        assertThat(inDomain.relativeLow()).isLessThan(2.0);
        assertThat(inDomain.relativeHigh()).isGreaterThan(2.0);
        assertThat(inDomain.differenceLow()).isGreaterThan(0);
        Comparison general = summary.comparisons().stream().filter(c -> c.domain().equals("general")).findFirst()
                .orElseThrow();
        assertThat(general.relativeChange()).isCloseTo(-0.25, Offset.offset(1e-12));
        assertThat(general.pValue()).isEqualTo(0.5); // 2 discordant: 2 * 0.25
        assertThat(Acceptability.summarize("r", "qs", "rubric", 0.7, List.of("accuracy"), items, List.of(), models,
                1000, 42).comparisons()).isEqualTo(summary.comparisons());
        // per model and domain
        ScoreSummary.DomainScores all = summary.models().get(1).domains().get(0);
        assertThat(all.domain()).isEqualTo("all");
        assertThat(all.answers()).isEqualTo(30);
        assertThat(all.acceptable()).isEqualTo(21);
        // grouped by the metadata that differs: epoch 0 vs 3, fineTuning none vs peft, ...
        assertThat(summary.groups()).extracting(ScoreSummary.Group::field).contains("epoch", "fineTuning")
                .doesNotContain("baseModel", "sizeBillions");
        assertThat(summary.groups().stream().filter(g -> g.field().equals("epoch") && g.value().equals("3"))
                .findFirst().orElseThrow().rate()).isEqualTo(0.7);
    }

    @Test
    void lowAccuracyAndCompletenessKeepAnAnswerUnacceptableWhateverItsTone() {
        RubricSpec rubric = RubricSpec.defaults(null);
        Map<String, Double> scores = new LinkedHashMap<>();
        rubric.names().forEach(name -> scores.put(name, 1.0));
        scores.put("accuracy", 0.1);
        scores.put("completeness", 0.2);
        // perfect tone: (0.1 + 0.2 + 6) / 8 = 0.7875 clears the threshold, substance (0.15) does not
        ScoreItem wrong = QuestionScorer.grade("r", "qs", "base", Q1, "reference", rubric, scores, List.of(), false);
        assertThat(wrong.overall()).isCloseTo(0.7875, Offset.offset(1e-12));
        assertThat(wrong.acceptable()).isFalse();
        assertThat(wrong.notes()).anySatisfy(n -> assertThat(n).contains("0.15 is below 0.50"));
        scores.put("accuracy", 0.6);
        scores.put("completeness", 0.4);
        assertThat(QuestionScorer.grade("r", "qs", "base", Q1, "reference", rubric, scores, List.of(), false)
                .acceptable()).as("substance at the floor").isTrue();
        // a question that weighs neither accuracy nor completeness is graded on what it weighs
        Question toneOnly = new Question("thanks", "general", null, "Thank the customer.", "Thank you!", null,
                Map.of("accuracy", 0.0, "completeness", 0.0));
        scores.put("accuracy", 0.0);
        scores.put("completeness", 0.0);
        assertThat(QuestionScorer.grade("r", "qs", "base", toneOnly, "reference", rubric, scores, List.of(), false)
                .acceptable()).isTrue();
    }

    @Test
    void anAnswerToAQuestionWithoutReferenceOrKeyPointsIsUnjudgedAndNotAcceptable() throws Exception {
        Question open = new Question("open", "general", null, "What should I do about my bill?", null, null, null);
        List<PrecomputedResponse> responses = List.of(
                new PrecomputedResponse("base", "q1", null, Q1.reference()),
                new PrecomputedResponse("base", "open", null, "I don't know."),
                new PrecomputedResponse("tuned", "q1", null, Q1.reference()),
                new PrecomputedResponse("tuned", "open", null, "Thank you for asking! Please check it."));
        QuestionScorer.Outcome outcome = score(suite(null, List.of(Q1, open), responses), RunOptions.DEFAULTS);

        assertThat(outcome.items()).extracting(ScoreItem::questionId).containsOnly("q1");
        assertThat(outcome.unjudged()).extracting(Acceptability.Unjudged::model).containsExactly("base", "tuned");
        assertThat(outcome.errors()).singleElement().satisfies(e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.UNSUPPORTED);
            assertThat(e.message()).contains("question 'open'").contains("neither a reference nor key points");
        });
        ScoreSummary.DomainScores general = domain(outcome.summary(), "base", "general");
        assertThat(general.answers()).isEqualTo(1);
        assertThat(general.unjudged()).isEqualTo(1);
        assertThat(general.acceptable()).isZero();
        assertThat(general.overall()).as("no judged answer to average").isNaN();
        ScoreSummary.DomainScores all = domain(outcome.summary(), "base", "all");
        assertThat(all.answers()).isEqualTo(2);
        assertThat(all.rate()).isEqualTo(0.5);
        // the summary, NaN included, travels as JSON
        ResultEvent read = Json.MAPPER.readValue(Json.MAPPER.writeValueAsBytes(outcome.summary()), ResultEvent.class);
        assertThat(read).isEqualTo(outcome.summary());
    }

    @Test
    void anAnswerTheJudgeCouldNotReadCountsAsNotAcceptableSoBothRatesCoverTheSameQuestions() {
        // every verdict is top marks, except on the answer the judge cannot make sense of
        KnownVerdicts judge = new KnownVerdicts(prompt -> prompt.contains("garbled") ? "I cannot say." : "Score: 1");
        RunOptions llm = new RunOptions(null, null, null, null, null, new ScoringOptions(null, null, null, "llm",
                null)).withDefaults();
        List<PrecomputedResponse> responses = List.of(
                new PrecomputedResponse("base", "q1", null, Q1.reference()),
                new PrecomputedResponse("base", "q2", null, Q2.reference()),
                new PrecomputedResponse("tuned", "q1", null, "garbled"),
                new PrecomputedResponse("tuned", "q2", null, Q2.reference()));
        QuestionScorer.Outcome outcome = new QuestionScorer(judge).score("r", suite(null, List.of(Q1, Q2),
                responses), responses, MODELS, llm, id -> null);

        assertThat(outcome.errors()).singleElement().satisfies(e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.UNPARSEABLE_VERDICT);
            assertThat(e.message()).contains("counts as unjudged, not acceptable");
        });
        ScoreSummary.DomainScores tuned = domain(outcome.summary(), "tuned", "all");
        assertThat(tuned.answers()).isEqualTo(2);
        assertThat(tuned.unjudged()).isEqualTo(1);
        assertThat(tuned.rate()).as("1 of 2, not 1 of 1").isEqualTo(0.5);
        Comparison comparison = outcome.summary().comparisons().stream().filter(c -> c.domain().equals("all"))
                .findFirst().orElseThrow();
        assertThat(comparison.questions()).isEqualTo(2);
        assertThat(comparison.onlyBaseline()).isEqualTo(1);
        assertThat(comparison.candidateRate()).isEqualTo(tuned.rate());
    }

    @Test
    void anAnswerCutAtTheTokenLimitIsFlagged() {
        List<PrecomputedResponse> responses = List.of(new PrecomputedResponse("base", "q1", null, "Refunds are"),
                new PrecomputedResponse("tuned", "q1", null, Q1.reference()));
        QuestionScorer.Outcome outcome = new QuestionScorer(null).score("r", suite(null, List.of(Q1), responses),
                responses, MODELS, RunOptions.DEFAULTS, id -> null, "base/q1"::equals);
        assertThat(outcome.items()).extracting(ScoreItem::model, ScoreItem::truncated)
                .containsExactly(Assertions.tuple("base", true), Assertions.tuple("tuned", false));
    }

    static ScoreSummary.DomainScores domain(ScoreSummary summary, String model, String domain) {
        return summary.models().stream().filter(m -> m.model().equals(model)).flatMap(m -> m.domains().stream())
                .filter(d -> d.domain().equals(domain)).findFirst().orElseThrow();
    }
}
