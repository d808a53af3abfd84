package io.fathom.inference;

import static org.assertj.core.api.Assertions.assertThat;

import io.fathom.contracts.RecordHeaders;
import io.fathom.contracts.Topics;
import io.fathom.contracts.generation.GenerationEnd;
import io.fathom.contracts.generation.GenerationEvent;
import io.fathom.contracts.generation.GenerationRecords;
import io.fathom.contracts.generation.SuiteDefinition;
import io.fathom.contracts.hidden.HiddenStateCodec;
import io.fathom.contracts.hidden.HiddenStateEvent;
import io.fathom.contracts.hidden.SuiteEnd;
import io.fathom.contracts.result.ErrorCode;
import io.fathom.contracts.result.ErrorEvent;
import io.fathom.contracts.result.ProgressEvent;
import io.fathom.testsupport.EmbeddedKafka;
import io.fathom.testsupport.TopicReader;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.Comparator;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * A run of scored suites through the real broker: each opens on fathom.generations with its
 * definition, its recorded answers become generation events closed per author, and only the
 * questions suite's texts go through the embedder; nothing of them reaches fathom.hidden-states.
 */
@QuarkusTest
@WithTestResource(EmbeddedKafka.class)
class ScoredRunTest {

    static final String MINILM = "all-minilm-l6-v2";
    static final String REFERENCE = "Refunds are issued within five working days.";

    static final String REQUEST = """
            {"schemaVersion": 1, "runId": "%s", "models": ["all-minilm-l6-v2", "bge-small-en-v1.5"],
             "suites": [
              {"name": "qa", "kind": "questions", "questions": [
                 {"id": "q1", "domain": "in-domain", "question": "How are refunds handled?",
                  "reference": "%s", "keyPoints": ["five working days", "refund"]},
                 {"id": "q2", "domain": "general", "question": "How long do I boil an egg?",
                  "reference": "Nine minutes for a firm yolk."}],
               "responses": [
                 {"model": "all-minilm-l6-v2", "questionId": "q1", "answer": "%s"},
                 {"model": "all-minilm-l6-v2", "questionId": "q2", "answer": "About nine minutes."},
                 {"model": "all-minilm-l6-v2", "questionId": "q1", "answer": "Again."},
                 {"model": "ghost", "questionId": "q1", "answer": "Boo."}]},
              {"name": "re", "kind": "instructions", "task": "re",
               "templates": [{"id": "seen", "text": "Extract triples: {input}", "seen": true},
                             {"id": "unseen", "text": "{input} Which relations?", "seen": false}],
               "items": [{"id": "a", "input": "Ana works for Lumen.",
                          "triples": [{"head": "Ana", "relation": "works_for", "tail": "Lumen"}]}],
               "responses": [
                 {"model": "all-minilm-l6-v2", "questionId": "a", "templateId": "seen", "answer": "Ana | works_for | Lumen"},
                 {"model": "all-minilm-l6-v2", "questionId": "a", "templateId": "unseen", "answer": ""}]}]}
            """;

    static List<ConsumerRecord<String, byte[]>> records(String topic, String key) {
        return TopicReader.readAll(topic).stream().filter(r -> key.equals(r.key()))
                .sorted(Comparator.comparingLong(ConsumerRecord::offset)).toList();
    }

    static String event(ConsumerRecord<String, byte[]> record) {
        return RecordHeaders.get(record.headers(), RecordHeaders.EVENT);
    }

    @Test
    void scoredSuitesOpenOnTheGenerationsTopicWithTheirAnswersAndOnlyQuestionsAreEmbedded() {
        String runId = "run-scored";
        InferenceRunTest.submit(runId, REQUEST.formatted(runId, REFERENCE, REFERENCE));
        ProgressEvent end = InferenceRunTest.awaitRunEnd(runId);
        assertThat(end.status()).isEqualTo(ProgressEvent.Status.COMPLETED);
        // 2 + 2 answers, and 6 texts embedded: 2 references, 2 key points, 2 answers
        assertThat(end.done()).isEqualTo(10);

        List<ConsumerRecord<String, byte[]>> qa = records(Topics.GENERATIONS, runId + "/qa");
        assertThat(qa).extracting(ScoredRunTest::event).containsExactly(RecordHeaders.EVENT_SUITE_DEFINITION,
                RecordHeaders.EVENT_GENERATION, RecordHeaders.EVENT_GENERATION, RecordHeaders.EVENT_GENERATION_END,
                RecordHeaders.EVENT_HIDDEN_STATE, RecordHeaders.EVENT_HIDDEN_STATE, RecordHeaders.EVENT_HIDDEN_STATE,
                RecordHeaders.EVENT_HIDDEN_STATE, RecordHeaders.EVENT_HIDDEN_STATE, RecordHeaders.EVENT_HIDDEN_STATE,
                RecordHeaders.EVENT_SUITE_END);
        assertThat(qa).allSatisfy(r -> assertThat(RecordHeaders.get(r.headers(), RecordHeaders.SUITE_KIND))
                .isEqualTo("questions"));
        SuiteDefinition definition = (SuiteDefinition) GenerationRecords.parse(qa.get(0).value());
        assertThat(definition.authors()).containsExactly(MINILM);
        assertThat(definition.embedder()).isEqualTo(MINILM + "@int8");
        assertThat(definition.definition().responses()).as("answers travel on their own").isNull();
        assertThat(definition.runSuites()).hasSize(2);
        GenerationEvent first = (GenerationEvent) GenerationRecords.parse(qa.get(1).value());
        assertThat(first.source()).isEqualTo(GenerationEvent.Source.RECORDED);
        assertThat(first.prompt()).isEqualTo("How are refunds handled?");
        assertThat(first.answer()).isEqualTo(REFERENCE);
        assertThat(((GenerationEnd) GenerationRecords.parse(qa.get(3).value())).answers()).isEqualTo(2);

        List<HiddenStateEvent> embeddings = qa.subList(4, 10).stream().map(r -> HiddenStateCodec.decode(r.value()))
                .toList();
        assertThat(embeddings).extracting(e -> e.header().itemId()).containsExactly("ref/q1", "kp/q1/0", "kp/q1/1",
                "ref/q2", "ans/" + MINILM + "/q1", "ans/" + MINILM + "/q2");
        // the first answer is the reference word for word: the embedder saw the same text
        int last = embeddings.get(0).header().layers() - 1;
        assertThat(embeddings.get(4).vector(0, last)).containsExactly(embeddings.get(0).vector(0, last));
        assertThat(embeddings.get(5).vector(0, last)).isNotEqualTo(embeddings.get(3).vector(0, last));
        SuiteEnd marker = SuiteEnd.parse(qa.get(10).value());
        assertThat(marker.model()).isEqualTo(MINILM + "@int8");
        assertThat(marker.items()).isEqualTo(6);

        List<ConsumerRecord<String, byte[]>> re = records(Topics.GENERATIONS, runId + "/re");
        assertThat(re).extracting(ScoredRunTest::event).containsExactly(RecordHeaders.EVENT_SUITE_DEFINITION,
                RecordHeaders.EVENT_GENERATION, RecordHeaders.EVENT_GENERATION, RecordHeaders.EVENT_GENERATION_END);
        assertThat(((SuiteDefinition) GenerationRecords.parse(re.get(0).value())).embedder())
                .as("instructions suites need no embeddings").isNull();
        assertThat(re.subList(1, 3)).extracting(r -> ((GenerationEvent) GenerationRecords.parse(r.value())).prompt())
                .containsExactly("Extract triples: Ana works for Lumen.", "Ana works for Lumen. Which relations?");

        assertThat(TopicReader.readAll(Topics.HIDDEN_STATES)).noneMatch(r -> r.key().startsWith(runId + "/"));
        List<ErrorEvent> notices = TopicReader.readAll(Topics.RESULTS).stream().map(InferenceRunTest::result)
                .filter(e -> e instanceof ErrorEvent && runId.equals(e.runId())).map(e -> (ErrorEvent) e).toList();
        assertThat(notices).extracting(ErrorEvent::code).containsExactlyInAnyOrder(ErrorCode.MODEL_NOT_IN_RUN,
                ErrorCode.DUPLICATE_ANSWER, ErrorCode.UNSUPPORTED, ErrorCode.UNSUPPORTED);
    }
}
