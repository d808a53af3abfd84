package io.fathom.scoring;

import io.fathom.contracts.SchemaVersion;
import io.fathom.contracts.Topics;
import io.fathom.contracts.generation.GenerationEnd;
import io.fathom.contracts.generation.GenerationRecords;
import io.fathom.contracts.generation.SuiteDefinition;
import io.fathom.contracts.hidden.SuiteRef;
import io.fathom.contracts.request.PrecomputedResponse;
import io.fathom.contracts.request.Question;
import io.fathom.contracts.request.Rubric;
import io.fathom.contracts.request.RunOptions;
import io.fathom.contracts.request.ScoringOptions;
import io.fathom.contracts.request.Suite;
import io.fathom.contracts.request.SuiteKind;
import io.fathom.contracts.result.ErrorCode;
import io.fathom.contracts.result.ErrorEvent;
import io.fathom.contracts.result.ProgressEvent;
import io.fathom.contracts.result.ResultEvent;
import io.fathom.contracts.result.ScoreItem;
import io.fathom.contracts.result.ScoreSummary;
import io.fathom.testsupport.EmbeddedKafka;
import io.fathom.testsupport.FakeTritonResource;
import io.fathom.testsupport.TopicReader;
import io.fathom.triton.FakeTriton;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import static org.assertj.core.api.Assertions.assertThat;


/**
 * {@code judge: llm} through the generation path: the judge is a model served by Triton (a
 * {@link FakeTriton} answering each criterion prompt with a verdict line), named in the run. Its
 * verdicts become the scores; an unreadable verdict and a judge that is not configured give error
 * results, never a default score.
 */
@QuarkusTest
@WithTestResource(EmbeddedKafka.class)
@TestProfile(LlmJudgeServiceTest.WithJudge.class)
class LlmJudgeServiceTest {

    static final String REFERENCE = "Go to Settings, then Billing, and choose Cancel.";

    public static class FakeJudge extends FakeTritonResource {
        @Override
        protected FakeTriton server() throws IOException {
            FakeTriton server = new FakeTriton(null, "FP16").serving("judge").start(0);
            // the right answer gets the top of each scale, a wrong one the bottom; a shrug no verdict at all
            server.answers((model, prompt) -> prompt.contains("Answer to grade:\nI am not sure.") ? "Hard to say."
                    : prompt.contains("Answer to grade:\n" + REFERENCE) ? "It names the menu.\nScore: 5"
                    : "It does not.\nScore: 1");
            return server;
        }

        @Override
        protected Map<String, String> config(FakeTriton server) {
            return Map.of("fathom.scoring.judges.judge.address", server.address(),
                    "fathom.scoring.judges.judge.generation.convention", "fathom",
                    "fathom.scoring.judges.judge.generation.max-new-tokens", "64");
        }
    }

    public static class WithJudge implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(FakeJudge.class));
        }
    }

    static List<byte[]> run(String runId, String judgeModel) {
        List<Question> questions = List.of(
                new Question("q1", "in-domain", "billing", "How do I cancel my plan?", REFERENCE, null, null),
                new Question("q2", "in-domain", "billing", "Where is my invoice?", "Under Billing.", null, null));
        Rubric rubric = new Rubric("cc", 0.5, List.of(new Rubric.Category("accuracy", null, 2.0,
                new Rubric.Scale(1, 5)), new Rubric.Category("helpfulness", "Moves the customer on.", 1.0,
                new Rubric.Scale(1, 5))));
        List<PrecomputedResponse> answers = List.of(
                new PrecomputedResponse("tuned", "q1", null, REFERENCE),
                new PrecomputedResponse("base", "q1", null, "Call us."),
                new PrecomputedResponse("base", "q2", null, "I am not sure."));
        Suite suite = new Suite("qs", SuiteKind.QUESTIONS, null, null, null, null, null, questions, rubric, null,
                null, null, null, null);
        RunOptions options = new RunOptions(null, null, null, null, null,
                new ScoringOptions(null, null, null, "llm", judgeModel)).withDefaults();
        List<byte[]> records = new ArrayList<>();
        // an llm-judged suite needs no embeddings: this definition names no embedder
        records.add(GenerationRecords.toBytes(new SuiteDefinition(SchemaVersion.CURRENT, runId, "qs",
                SuiteKind.QUESTIONS, suite, ScoredSuites.MODELS, options, List.of("base", "tuned"), null,
                List.of(new SuiteRef("qs", SuiteKind.QUESTIONS)))));
        Suite withAnswers = new Suite("qs", SuiteKind.QUESTIONS, null, null, null, null, null, questions, rubric,
                null, null, null, answers, null);
        answers.forEach(a -> records.add(GenerationRecords.toBytes(ScoredSuites.answer(runId, withAnswers, a))));
        records.add(GenerationRecords.toBytes(new GenerationEnd(SchemaVersion.CURRENT, runId, "base", "qs", 2, 0)));
        records.add(GenerationRecords.toBytes(new GenerationEnd(SchemaVersion.CURRENT, runId, "tuned", "qs", 1, 0)));
        return records;
    }

    static List<ResultEvent> awaitRun(String runId) {
        Awaitility.await().atMost(Duration.ofSeconds(120)).until(() -> ScoringServiceTest.results(runId).stream()
                .anyMatch(e -> e instanceof ProgressEvent p && p.suite() == null && p.isFinal()));
        return ScoringServiceTest.results(runId).stream().filter(e -> runId.equals(e.runId())).toList();
    }

    @Test
    void theJudgesVerdictsAreTheScoresAndAnUnreadableOneIsAnError() {
        String runId = "llm-judged";
        TopicReader.sendAll(Topics.GENERATIONS, runId + "/qs", run(runId, "judge"));
        List<ResultEvent> results = awaitRun(runId);
        List<ScoreItem> items = results.stream().filter(e -> e instanceof ScoreItem).map(e -> (ScoreItem) e)
                .toList();
        assertThat(items).extracting(ScoreItem::model).containsExactlyInAnyOrder("tuned", "base");
        ScoreItem tuned = items.stream().filter(i -> i.model().equals("tuned")).findFirst().orElseThrow();
        ScoreItem base = items.stream().filter(i -> i.model().equals("base")).findFirst().orElseThrow();
        assertThat(tuned.judge()).isEqualTo("llm");
        assertThat(tuned.scores()).containsEntry("accuracy", 1.0).containsEntry("helpfulness", 1.0);
        assertThat(tuned.scaled()).containsEntry("accuracy", 5.0);
        assertThat(base.scores()).containsEntry("accuracy", 0.0);
        assertThat(tuned.notes()).contains("judged by judge");
        assertThat(results).filteredOn(e -> e instanceof ErrorEvent).extracting(e -> ((ErrorEvent) e).code())
                .containsExactly(ErrorCode.UNPARSEABLE_VERDICT);
        // the shrug has no score, yet it still counts among base's answers, as not acceptable
        ScoreSummary summary = results.stream().filter(e -> e instanceof ScoreSummary).map(e -> (ScoreSummary) e)
                .findFirst().orElseThrow();
        ScoreSummary.DomainScores baseAll = summary.models().stream().filter(m -> m.model().equals("base"))
                .findFirst().orElseThrow().domains().get(0);
        assertThat(baseAll.answers()).isEqualTo(2);
        assertThat(baseAll.unjudged()).isEqualTo(1);
        assertThat(baseAll.acceptable()).isZero();
    }

    @Test
    void aJudgeThatIsNotConfiguredScoresNothing() {
        String runId = "llm-judge-missing";
        TopicReader.sendAll(Topics.GENERATIONS, runId + "/qs", run(runId, "ghost"));
        List<ResultEvent> results = awaitRun(runId);
        assertThat(results).noneMatch(e -> e instanceof ScoreItem);
        assertThat(results).filteredOn(e -> e instanceof ErrorEvent).singleElement()
                .satisfies(e -> assertThat(((ErrorEvent) e).code()).isEqualTo(ErrorCode.UNSUPPORTED))
                .satisfies(e -> assertThat(((ErrorEvent) e).message()).contains("no judge model 'ghost'"));
    }
}
