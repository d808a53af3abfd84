package io.fathom.scoring;

import com.fasterxml.jackson.databind.JsonNode;
import io.fathom.contracts.Json;
import io.fathom.contracts.SchemaVersion;
import io.fathom.contracts.Topics;
import io.fathom.contracts.generation.GenerationEnd;
import io.fathom.contracts.generation.GenerationRecords;
import io.fathom.contracts.hidden.ScoringTexts;
import io.fathom.contracts.request.InstructionItem;
import io.fathom.contracts.request.InstructionTemplate;
import io.fathom.contracts.request.PrecomputedResponse;
import io.fathom.contracts.request.Question;
import io.fathom.contracts.request.Suite;
import io.fathom.contracts.request.SuiteKind;
import io.fathom.contracts.result.ErrorCode;
import io.fathom.contracts.result.ErrorEvent;
import io.fathom.contracts.result.ProgressEvent;
import io.fathom.contracts.result.ResultEvent;
import io.fathom.contracts.result.RobustnessSummary;
import io.fathom.contracts.result.ScoreItem;
import io.fathom.contracts.result.ScoreSummary;
import io.fathom.testsupport.EmbeddedKafka;
import io.fathom.testsupport.TopicReader;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import static io.fathom.scoring.ScoredSuites.direction;
import static io.fathom.scoring.ScoredSuites.end;
import static io.fathom.scoring.ScoredSuites.event;
import static org.assertj.core.api.Assertions.assertThat;


/**
 * The scoring-service through a real broker, reading fathom.generations: a questions suite's
 * definition, answers and embeddings (vectors whose similarities are known by construction), an
 * instructions suite with no embeddings at all, probing events that must be skipped, and a poison
 * record.
 */
@QuarkusTest
@WithTestResource(EmbeddedKafka.class)
class ScoringServiceTest {

    static final String REFERENCE = "Refunds are issued within 5 working days, and a confirmation email follows.";

    static List<ResultEvent> results(String runId) {
        return TopicReader.readAll(Topics.RESULTS).stream().map(r -> ScoredSuites.result(r.value()))
                .filter(e -> runId.equals(e.runId()) || e.runId() == null).toList();
    }

    static void send(String runId, String suite, byte[] value) {
        TopicReader.send(Topics.GENERATIONS, runId + "/" + suite, value);
    }

    @Test
    void gradesAQuestionsSuiteFromItsAnswersAndEmbeddingsAndReportsBadAnswers() {
        String runId = "scoring-it";
        Question question = new Question("q1", "in-domain", "refunds", "How are refunds handled?", REFERENCE, null,
                null);
        // neither reference nor key points: the reference judge cannot grade its answers
        Question open = new Question("q3", "general", "chat", "How are you today?", null, null, null);
        List<PrecomputedResponse> answers = List.of(
                new PrecomputedResponse("base", "q1", null, "The weather is mild in spring."),
                new PrecomputedResponse("tuned", "q1", null, REFERENCE),
                new PrecomputedResponse("tuned", "q2", null, "No such question."),
                new PrecomputedResponse("ghost", "q1", null, REFERENCE));
        List<PrecomputedResponse> ungradable = List.of(new PrecomputedResponse("base", "q3", null, "Fine."),
                new PrecomputedResponse("tuned", "q3", null, "Very well, thank you."));
        Suite suite = new Suite("qs", SuiteKind.QUESTIONS, null, null, null, null, null, List.of(question, open),
                null, null, null, null, java.util.stream.Stream.concat(answers.stream(), ungradable.stream())
                        .toList(), null);
        // probing events on the same topic are skipped, and a poison record is dead-lettered
        send(runId, "probing", event(runId, "probing", "train-0", SuiteKind.PROBING, direction(1)));
        send(runId, "qs", "not an event".getBytes(StandardCharsets.UTF_8));
        send(runId, "qs", GenerationRecords.toBytes(ScoredSuites.definition(runId, suite)));
        suite.responses().forEach(a -> send(runId, "qs", GenerationRecords.toBytes(ScoredSuites.answer(runId, suite,
                a))));
        // a redelivered answer is counted once
        send(runId, "qs", GenerationRecords.toBytes(ScoredSuites.answer(runId, suite, answers.get(1))));
        send(runId, "qs", GenerationRecords.toBytes(new GenerationEnd(SchemaVersion.CURRENT, runId, "base", "qs", 2,
                0)));
        send(runId, "qs", GenerationRecords.toBytes(new GenerationEnd(SchemaVersion.CURRENT, runId, "tuned", "qs", 3,
                0)));
        send(runId, "qs", event(runId, "qs", ScoringTexts.reference("q1"), SuiteKind.QUESTIONS, direction(1)));
        List<float[]> directions = List.of(direction(0, 1), direction(1), direction(1), direction(1));
        for (int i = 0; i < answers.size(); i++) {
            send(runId, "qs", event(runId, "qs", ScoredSuites.answerText(answers.get(i)), SuiteKind.QUESTIONS,
                    directions.get(i)));
        }
        send(runId, "qs", end(runId, suite, 5));

        Awaitility.await().atMost(Duration.ofSeconds(120)).until(() -> results(runId).stream()
                .anyMatch(e -> e instanceof ScoreSummary));
        List<ResultEvent> results = results(runId);
        List<ScoreItem> items = results.stream().filter(e -> e instanceof ScoreItem).map(e -> (ScoreItem) e).toList();
        assertThat(items).extracting(ScoreItem::model).containsExactlyInAnyOrder("base", "tuned");
        ScoreItem tuned = items.stream().filter(i -> i.model().equals("tuned")).findFirst().orElseThrow();
        ScoreItem base = items.stream().filter(i -> i.model().equals("base")).findFirst().orElseThrow();
        assertThat(tuned.scores().get("accuracy")).isEqualTo(1.0);
        assertThat(base.scores().get("accuracy")).isZero();
        assertThat(tuned.overall()).isGreaterThan(base.overall());
        assertThat(results).filteredOn(e -> e instanceof ErrorEvent).extracting(e -> ((ErrorEvent) e).code())
                .contains(ErrorCode.UNKNOWN_QUESTION, ErrorCode.MODEL_NOT_IN_RUN, ErrorCode.MALFORMED_PAYLOAD,
                        ErrorCode.UNSUPPORTED);
        // the suite's final progress, then the run's: the marker listed "qs" as the run's only suite
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> results(runId).stream()
                .anyMatch(e -> e instanceof ProgressEvent p && p.suite() == null));
        assertThat(results(runId)).filteredOn(e -> e instanceof ProgressEvent p && "scoring".equals(p.service()))
                .extracting(e -> (ProgressEvent) e)
                .satisfiesExactlyInAnyOrder(p -> {
                    assertThat(p.suite()).isEqualTo("qs");
                    assertThat(p.expected()).isEqualTo(6);
                    assertThat(p.done()).isEqualTo(2);
                    // four answers not graded, two of them under one error for their question
                    assertThat(p.failed()).isEqualTo(4);
                }, p -> {
                    assertThat(p.suite()).as("run level").isNull();
                    assertThat(p.status()).isEqualTo(ProgressEvent.Status.COMPLETED);
                    assertThat(p.expected()).isEqualTo(6);
                    assertThat(p.done()).isEqualTo(2);
                    assertThat(p.failed()).isEqualTo(4);
                });
        ScoreSummary summary = results.stream().filter(e -> e instanceof ScoreSummary).map(e -> (ScoreSummary) e)
                .findFirst().orElseThrow();
        assertThat(summary.models()).extracting(ScoreSummary.ModelScores::model).containsExactly("base", "tuned");
        assertThat(summary.comparisons()).isNotEmpty();
        assertThat(TopicReader.readAll(Topics.DEAD_LETTER)).anySatisfy(r ->
                assertThat(new String(r.value(), StandardCharsets.UTF_8)).isEqualTo("not an event"));
    }

    @Test
    void gradesAnInstructionsSuiteWithoutEmbeddings() {
        String runId = "scoring-it-re";
        List<JsonNode> items = List.of(Json.MAPPER.valueToTree(new InstructionItem("a", "Ana works for Lumen.", null,
                null, List.of(new InstructionItem.Triple("Ana", "works_for", "Lumen")))));
        Suite suite = new Suite("re", SuiteKind.INSTRUCTIONS, null, "re", items, null, null, null, null, List.of(
                new InstructionTemplate("seen", "Extract triples: {input}", true),
                new InstructionTemplate("unseen", "{input} ... relations?", false),
                new InstructionTemplate("broken", "Extract triples.", false)), null, null, List.of(
                new PrecomputedResponse("tuned", "a", "seen", "Ana | works_for | Lumen"),
                new PrecomputedResponse("tuned", "a", "unseen", "Ana | employed_by | Lumen")), null);
        ScoredSuites.run(runId, suite).forEach(record -> send(runId, "re", record));
        Awaitility.await().atMost(Duration.ofSeconds(120)).until(() -> results(runId).stream()
                .anyMatch(e -> e instanceof RobustnessSummary));
        RobustnessSummary summary = results(runId).stream().filter(e -> e instanceof RobustnessSummary)
                .map(e -> (RobustnessSummary) e).findFirst().orElseThrow();
        RobustnessSummary.ModelRobustness tuned = summary.models().get(0);
        assertThat(tuned.model()).isEqualTo("tuned");
        assertThat(tuned.pdrMean()).containsEntry("micro_f1", 1.0);
        assertThat(results(runId)).filteredOn(e -> e instanceof ErrorEvent && runId.equals(e.runId()))
                .extracting(e -> ((ErrorEvent) e).code()).containsExactly(ErrorCode.INVALID_TEMPLATE);
    }
}
