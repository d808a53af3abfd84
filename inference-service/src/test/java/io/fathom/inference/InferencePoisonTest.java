package io.fathom.inference;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fathom.contracts.Json;
import io.fathom.contracts.Topics;
import io.fathom.contracts.result.ProgressEvent;
import io.fathom.testsupport.EmbeddedKafka;
import io.fathom.testsupport.Endpoints;
import io.fathom.testsupport.PoisonRecords;
import io.fathom.testsupport.RunResults;
import io.fathom.testsupport.TopicReader;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Every field of a valid request in turn missing, null, empty, mistyped or out of range, between
 * two good runs: each record is answered (a run or a rejection, counted once), the good runs
 * complete, and the service stays live and ready.
 */
@QuarkusTest
@WithTestResource(EmbeddedKafka.class)
class InferencePoisonTest {

    static final Duration TIMEOUT = Duration.ofMinutes(4);
    static final String RUNS = "fathom_inference_runs_total";

    @TestHTTPResource("/q/metrics")
    URL metrics;

    @TestHTTPResource("/q/health/live")
    URL live;

    @TestHTTPResource("/q/health/ready")
    URL ready;

    @Test
    void poisonRequestsAreAnsweredAndTheGoodRunsComplete() throws Exception {
        JsonNode template = Json.MAPPER.readTree(InferenceRunTest.probingRequest("poison", List.of("all-minilm-l6-v2"),
                List.of("One.", "Two."), 8));
        List<byte[]> poison = new ArrayList<>(PoisonRecords.json(template));
        poison.addAll(PoisonRecords.garbage());
        PoisonRecords.summarise("inference", Map.of(Topics.REQUESTS, poison.size()));
        double before = Endpoints.metric(metrics, RUNS);

        List<byte[]> good = List.of(request("poison-good-a"), request("poison-good-b"));
        List<byte[]> mixed = PoisonRecords.interleave(good, poison);
        TopicReader.sendAll(Topics.REQUESTS, "poison", mixed);

        for (String runId : List.of("poison-good-a", "poison-good-b")) {
            ProgressEvent end = RunResults.awaitRunEnd(Topics.RESULTS, runId, "inference", TIMEOUT);
            assertThat(end.status()).isEqualTo(ProgressEvent.Status.COMPLETED);
            assertThat(end.done()).isEqualTo(2);
        }
        Awaitility.await().atMost(TIMEOUT).untilAsserted(() -> assertThat(Endpoints.metric(metrics, RUNS) - before)
                .as("every request answered once: completed, rejected or failed").isEqualTo(mixed.size()));
        assertThat(Endpoints.status(live)).isEqualTo(200);
        assertThat(Endpoints.status(ready)).isEqualTo(200);
    }

    private static byte[] request(String runId) {
        return InferenceRunTest.probingRequest(runId, List.of("all-minilm-l6-v2"), List.of("One.", "Two."), 8)
                .getBytes(StandardCharsets.UTF_8);
    }
}
