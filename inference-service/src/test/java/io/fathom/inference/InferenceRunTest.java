package io.fathom.inference;

import static org.assertj.core.api.Assertions.assertThat;

import io.fathom.contracts.Json;
import io.fathom.contracts.RecordHeaders;
import io.fathom.contracts.Topics;
import io.fathom.contracts.hidden.HiddenStateCodec;
import io.fathom.contracts.hidden.HiddenStateEvent;
import io.fathom.contracts.hidden.SuiteEnd;
import io.fathom.contracts.hidden.SuiteRef;
import io.fathom.contracts.result.ProgressEvent;
import io.fathom.contracts.result.ResultEvent;
import io.fathom.inference.backend.embedded.ReferenceEncoder;
import io.fathom.testsupport.EmbeddedKafka;
import io.fathom.testsupport.TopicReader;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** A whole run through the real broker: request in, hidden states and progress out. */
@QuarkusTest
@WithTestResource(EmbeddedKafka.class)
class InferenceRunTest {

    static final Duration TIMEOUT = Duration.ofSeconds(120);
    static final String[] SUBJECTS = {"The agent", "My router", "The customer", "Your refund", "The technician",
            "Our billing team", "The new plan", "This call"};
    static final String[] PREDICATES = {"was escalated to a supervisor", "stopped working after the update",
            "asked for a callback tomorrow", "will arrive within five business days", "is recorded for quality",
            "confirmed the account number", "costs less than the old one", "sounds noisy and keeps dropping"};

    static List<String> texts(int count) {
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            texts.add(SUBJECTS[i % SUBJECTS.length] + " " + PREDICATES[(i * 3 + i / 8) % PREDICATES.length] + ".");
        }
        return texts;
    }

    static String probingRequest(String runId, List<String> models, List<String> texts, int batchSize) {
        StringBuilder items = new StringBuilder();
        for (int i = 0; i < texts.size(); i++) {
            items.append(i == 0 ? "" : ",").append(String.format(
                    "{\"id\": \"s%d\", \"text\": \"%s\", \"label\": \"%d\", \"split\": \"%s\"}",
                    i, texts.get(i), i % 2, i % 5 == 0 ? "test" : "train"));
        }
        return String.format("{\"schemaVersion\": 1, \"runId\": \"%s\", \"models\": [%s],"
                + " \"suites\": [{\"name\": \"calls\", \"kind\": \"probing\", \"items\": [%s]}],"
                + " \"options\": {\"batchSize\": %d}}", runId,
                models.stream().map(m -> "\"" + m + "\"").collect(Collectors.joining(",")), items, batchSize);
    }

    static void submit(String runId, String json) {
        TopicReader.send(Topics.REQUESTS, runId, json.getBytes(StandardCharsets.UTF_8));
    }

    static ResultEvent result(ConsumerRecord<String, byte[]> record) {
        try {
            return Json.MAPPER.readValue(record.value(), ResultEvent.class);
        } catch (Exception e) {
            throw new AssertionError("unreadable result " + new String(record.value(), StandardCharsets.UTF_8), e);
        }
    }

    static ProgressEvent awaitRunEnd(String runId) {
        return (ProgressEvent) result(TopicReader.await(Topics.RESULTS, r -> {
            ResultEvent event = result(r);
            return event instanceof ProgressEvent p && runId.equals(p.runId()) && p.model() == null && p.isFinal();
        }, TIMEOUT));
    }

    static List<HiddenStateEvent> hiddenStates(String runId) {
        return TopicReader.readAll(Topics.HIDDEN_STATES).stream()
                .filter(r -> r.key().startsWith(runId + "/") && !SuiteEnd.isSuiteEnd(r.value()))
                .map(r -> HiddenStateCodec.decode(r.value()))
                .toList();
    }

    @Test
    void bothModelsYieldOneEventPerItemEqualToADirectComputation() throws Exception {
        String runId = "run-both-models";
        List<String> texts = texts(40);
        submit(runId, probingRequest(runId, List.of("all-minilm-l6-v2", "bge-small-en-v1.5@int8"), texts, 16));

        ProgressEvent end = awaitRunEnd(runId);
        assertThat(end.status()).isEqualTo(ProgressEvent.Status.COMPLETED);
        assertThat(end.expected()).isEqualTo(80);
        assertThat(end.done()).isEqualTo(80);
        assertThat(end.failed()).isZero();
        assertThat(end.key()).isEqualTo("progress/inference/" + runId + "/run");

        List<HiddenStateEvent> events = hiddenStates(runId);
        assertThat(events).hasSize(80);
        Map<String, List<HiddenStateEvent>> byModel = events.stream()
                .collect(Collectors.groupingBy(e -> e.header().model()));
        assertThat(byModel).containsOnlyKeys("all-minilm-l6-v2@int8", "bge-small-en-v1.5@int8");

        try (ReferenceEncoder miniLm = ReferenceEncoder.miniLm(); ReferenceEncoder bge = ReferenceEncoder.bge()) {
            assertMatches(byModel.get("all-minilm-l6-v2@int8"), miniLm.meanPooledInBatches(texts, 16), 7);
            assertMatches(byModel.get("bge-small-en-v1.5@int8"), bge.meanPooledInBatches(texts, 16), 13);
        }
    }

    private static void assertMatches(List<HiddenStateEvent> events, float[][][] expected, int layers) {
        Map<String, HiddenStateEvent> byItem = events.stream()
                .collect(Collectors.toMap(e -> e.header().itemId(), Function.identity()));
        assertThat(byItem).hasSize(expected.length);
        for (int i = 0; i < expected.length; i++) {
            HiddenStateEvent event = byItem.get("s" + i);
            assertThat(event.header().shape()).containsExactly(1, layers, 384);
            assertThat(event.header().label()).isEqualTo(String.valueOf(i % 2));
            assertThat(event.header().split()).isEqualTo(i % 5 == 0 ? "test" : "train");
            assertThat(event.header().truncated()).isFalse();
            for (int layer = 0; layer < layers; layer++) {
                float[] actual = event.vector(0, layer);
                for (int d = 0; d < 384; d++) {
                    float want = expected[i][layer][d];
                    // half precision keeps 11 significant bits; 1e-4 absorbs float summation order
                    assertThat(actual[d]).as("item %d layer %d dim %d", i, layer, d)
                            .isCloseTo(want, org.assertj.core.data.Offset.offset(Math.abs(want) / 2048 + 1e-4f));
                }
            }
        }
    }

    @Test
    void longTextsAreTruncatedAndFlaggedNotFailed() {
        String runId = "run-long-text";
        String longText = "please hold the line while I check ".repeat(80);
        submit(runId, probingRequest(runId, List.of("all-minilm-l6-v2"), List.of(longText, "A short one."), 32));

        ProgressEvent end = awaitRunEnd(runId);
        assertThat(end.done()).isEqualTo(2);
        assertThat(end.truncated()).isEqualTo(1);
        Map<String, HiddenStateEvent> byItem = hiddenStates(runId).stream()
                .collect(Collectors.toMap(e -> e.header().itemId(), Function.identity()));
        assertThat(byItem.get("s0").header().truncated()).isTrue();
        assertThat(byItem.get("s0").header().tokenCount()).isEqualTo(256);
        assertThat(byItem.get("s1").header().truncated()).isFalse();
    }

    @Test
    void generatedSuitesCarryTextLabelAndSplitAndEndWithAMarkerAfterTheirEvents() {
        String runId = "run-generated";
        submit(runId, "{\"schemaVersion\": 1, \"runId\": \"" + runId + "\", \"models\": [\"all-minilm-l6-v2\"],"
                + " \"suites\": [{\"name\": \"tense\", \"kind\": \"probing\", \"generated\": {\"name\":"
                + " \"senteval/Tense\", \"train\": 20, \"dev\": 6, \"test\": 6}}], \"options\": {\"seed\": 3}}");
        assertThat(awaitRunEnd(runId).done()).isEqualTo(32);

        List<HiddenStateEvent> events = hiddenStates(runId);
        assertThat(events).hasSize(32);
        assertThat(events).allSatisfy(e -> {
            assertThat(e.header().text()).isNotBlank();
            assertThat(e.header().label()).isIn("PRES", "PAST");
            assertThat(e.header().itemId()).startsWith(e.header().split() + "-");
        });
        assertThat(events.stream().filter(e -> e.header().split().equals("dev"))).hasSize(6);

        // the marker is the last record of the run's key, after every event it counts
        List<ConsumerRecord<String, byte[]>> records = TopicReader.readAll(Topics.HIDDEN_STATES).stream()
                .filter(r -> r.key().startsWith(runId + "/")).sorted(java.util.Comparator.comparingLong(
                        ConsumerRecord::offset)).toList();
        ConsumerRecord<String, byte[]> last = records.get(records.size() - 1);
        assertThat(SuiteEnd.isSuiteEnd(last.value())).isTrue();
        SuiteEnd end = SuiteEnd.parse(last.value());
        assertThat(end.items()).isEqualTo(32);
        assertThat(end.task()).isEqualTo("senteval/Tense");
        assertThat(end.kind()).isEqualTo(io.fathom.contracts.request.SuiteKind.PROBING);
        assertThat(end.options().seed()).isEqualTo(3);
        assertThat(records.stream().filter(r -> SuiteEnd.isSuiteEnd(r.value()))).hasSize(1);
        assertThat(end.runSuites()).extracting(SuiteRef::name).containsExactly(end.suite());
        // consumers route on headers without decoding: the kind and what the record is
        assertThat(records).allSatisfy(r -> {
            assertThat(RecordHeaders.get(r.headers(), RecordHeaders.SUITE_KIND)).isEqualTo("probing");
            assertThat(RecordHeaders.get(r.headers(), RecordHeaders.EVENT)).isEqualTo(SuiteEnd.isSuiteEnd(r.value())
                    ? RecordHeaders.EVENT_SUITE_END : RecordHeaders.EVENT_HIDDEN_STATE);
        });
    }
}
