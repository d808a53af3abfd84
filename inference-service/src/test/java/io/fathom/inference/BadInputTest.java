package io.fathom.inference;

import static io.fathom.inference.InferenceRunTest.TIMEOUT;
import static io.fathom.inference.InferenceRunTest.probingRequest;
import static io.fathom.inference.InferenceRunTest.result;
import static io.fathom.inference.InferenceRunTest.submit;
import static org.assertj.core.api.Assertions.assertThat;

import io.fathom.contracts.Topics;
import io.fathom.contracts.result.ErrorCode;
import io.fathom.contracts.result.ErrorEvent;
import io.fathom.contracts.result.ProgressEvent;
import io.fathom.contracts.result.ResultEvent;
import io.fathom.testsupport.EmbeddedKafka;
import io.fathom.testsupport.TopicReader;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;

/**
 * Each kind of bad input through the real broker yields an error result naming what is wrong, and
 * the service goes on consuming: every test ends with a good run that completes.
 */
@QuarkusTest
@WithTestResource(EmbeddedKafka.class)
class BadInputTest {

    static ErrorEvent awaitError(ErrorCode code, String marker) {
        return (ErrorEvent) result(TopicReader.await(Topics.RESULTS, r -> {
            ResultEvent event = result(r);
            return event instanceof ErrorEvent e && e.code() == code
                    && (marker == null || marker.equals(e.runId()) || e.message().contains(marker));
        }, TIMEOUT));
    }

    static ConsumerRecord<String, byte[]> awaitDeadLetter(String contains) {
        return TopicReader.await(Topics.DEAD_LETTER,
                r -> new String(r.value(), StandardCharsets.UTF_8).contains(contains), TIMEOUT);
    }

    static String header(ConsumerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    /** Proves the service still consumes after the bad input. */
    static void goodRunStillCompletes(String runId) {
        submit(runId, probingRequest(runId, List.of("all-minilm-l6-v2"), List.of("Still listening."), 8));
        ProgressEvent end = InferenceRunTest.awaitRunEnd(runId);
        assertThat(end.status()).isEqualTo(ProgressEvent.Status.COMPLETED);
        assertThat(end.done()).isEqualTo(1);
    }

    @Test
    void malformedJsonIsAnsweredAndDeadLettered() {
        String broken = "{\"schemaVersion\": 1, \"runId\": \"run-broken\", \"models\": [\"all-minilm-l6-v2\"";
        submit("run-broken", broken);

        ErrorEvent error = awaitError(ErrorCode.MALFORMED_JSON, "run-broken");
        assertThat(error.message()).contains("not valid JSON");
        assertThat(error.key()).startsWith("error/inference/run-broken/MALFORMED_JSON/");
        ConsumerRecord<String, byte[]> dead = awaitDeadLetter("run-broken");
        assertThat(new String(dead.value(), StandardCharsets.UTF_8)).isEqualTo(broken);
        assertThat(header(dead, "dead-letter-reason")).contains("MALFORMED_JSON");
        goodRunStillCompletes("run-after-broken");
    }

    @Test
    void schemaViolationsListWhatIsWrong() {
        submit("run-schema", """
                {"schemaVersion": 1, "runId": "run-schema", "models": ["all-minilm-l6-v2"],
                 "suites": [{"name": "s", "kind": "probing", "items": [{"id": "a", "txt": "typo"}]}],
                 "options": {"batchSize": 0}}
                """);
        ErrorEvent error = awaitError(ErrorCode.SCHEMA_VIOLATION, "run-schema");
        assertThat(String.join("\n", error.details())).contains("txt").contains("batchSize");
        goodRunStillCompletes("run-after-schema");
    }

    @Test
    void unknownModelsAreNamedWithTheKnownOnes() {
        String runId = "run-unknown-model";
        submit(runId, probingRequest(runId, List.of("all-minilm-l6-v2", "llama-13b-cc@peft"), List.of("Hi."), 8));
        ErrorEvent error = awaitError(ErrorCode.UNKNOWN_MODEL, runId);
        assertThat(error.message()).contains("llama-13b-cc@peft").contains("all-minilm-l6-v2@int8")
                .contains("bge-small-en-v1.5@int8");
        ProgressEvent end = InferenceRunTest.awaitRunEnd(runId);
        assertThat(end.status()).isEqualTo(ProgressEvent.Status.FAILED);
        assertThat(InferenceRunTest.hiddenStates(runId)).isEmpty();
        goodRunStillCompletes("run-after-unknown-model");
    }

    @Test
    void emptySuitesAreRejected() {
        String runId = "run-empty-suite";
        submit(runId, """
                {"schemaVersion": 1, "runId": "run-empty-suite", "models": ["all-minilm-l6-v2"],
                 "suites": [{"name": "nothing", "kind": "probing", "items": []}]}
                """);
        ErrorEvent error = awaitError(ErrorCode.EMPTY_SUITE, runId);
        assertThat(error.message()).contains("'nothing'").contains("no items");
        goodRunStillCompletes("run-after-empty");
    }

    @Test
    void oversizedRequestsAreRefusedBeforeParsing() {
        String runId = "run-oversized";
        String text = "This sentence pads the request well beyond the configured limit. ".repeat(4);
        String request = probingRequest(runId, List.of("all-minilm-l6-v2"), java.util.Collections.nCopies(1000, text), 32);
        assertThat(request.length()).isGreaterThan(200_000);
        submit(runId, request);
        ErrorEvent error = awaitError(ErrorCode.REQUEST_TOO_LARGE, runId);
        assertThat(error.message()).contains("exceeds the limit of 200000 bytes");
        assertThat(header(awaitDeadLetter("\"runId\": \"" + runId + "\""), "dead-letter-reason"))
                .contains("REQUEST_TOO_LARGE");
        goodRunStillCompletes("run-after-oversized");
    }

    @Test
    void malformedDatasetLinesAreNamedByNumber() throws Exception {
        Path dataset = Files.createTempFile("probing", ".tsv");
        Files.writeString(dataset, "tr\t1\tA fine first line.\nva\t0\tA fine second line.\nxx\t1\tBad split here.\n");
        String runId = "run-bad-dataset";
        submit(runId, String.format("""
                {"schemaVersion": 1, "runId": "%s", "models": ["all-minilm-l6-v2"],
                 "suites": [{"name": "senteval", "kind": "probing", "dataset": {"uri": "%s", "format": "senteval"}}]}
                """, runId, dataset.toUri()));
        ErrorEvent error = awaitError(ErrorCode.DATASET_UNREADABLE, runId);
        assertThat(error.message()).contains("line 3").contains("tr, va or te");
        goodRunStillCompletes("run-after-bad-dataset");
    }

    @Test
    void aDatasetFileRunsLikeInlineItems() throws Exception {
        Path dataset = Files.createTempFile("probing", ".jsonl");
        Files.writeString(dataset, """
                {"text": "The agent greeted the caller.", "label": "agent", "split": "train"}

                {"id": "x", "text": "I want to cancel.", "label": "customer", "split": "test"}
                """);
        String runId = "run-jsonl";
        submit(runId, String.format("""
                {"schemaVersion": 1, "runId": "%s", "models": ["all-minilm-l6-v2"],
                 "suites": [{"name": "roles", "kind": "probing", "dataset": {"uri": "%s", "format": "jsonl"}}]}
                """, runId, dataset));
        ProgressEvent end = InferenceRunTest.awaitRunEnd(runId);
        assertThat(end.done()).isEqualTo(2);
        assertThat(InferenceRunTest.hiddenStates(runId)).extracting(e -> e.header().itemId())
                .containsExactlyInAnyOrder("L1", "x");
    }
}
