package io.fathom.probe;

import static org.assertj.core.api.Assertions.assertThat;

import io.fathom.contracts.Topics;
import io.fathom.contracts.hidden.HiddenStateHeader;
import io.fathom.contracts.hidden.SuiteEnd;
import io.fathom.contracts.result.ProgressEvent;
import io.fathom.contracts.result.SuiteOutcome;
import io.fathom.probe.SyntheticStates.Item;
import io.fathom.testsupport.EmbeddedKafka;
import io.fathom.testsupport.Endpoints;
import io.fathom.testsupport.PoisonRecords;
import io.fathom.testsupport.RunResults;
import io.fathom.testsupport.TopicReader;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Thousands of well-formed but untrustworthy records (every field of an event, a marker and a
 * suite outcome in turn missing, null, empty, mistyped or out of range) between the records of a
 * good run: the run's results equal those of the same run without them, and the service stays live
 * and ready.
 */
@QuarkusTest
@WithTestResource(EmbeddedKafka.class)
class ProbePoisonTest {

    static final Duration TIMEOUT = Duration.ofMinutes(3);
    static final List<String> MODELS = List.of("strong@1", "weak@1");

    @TestHTTPResource("/q/metrics")
    URL metrics;

    @TestHTTPResource("/q/health/live")
    URL live;

    @TestHTTPResource("/q/health/ready")
    URL ready;

    @Test
    void poisonBetweenTheRecordsOfAGoodRunChangesNothingAndStopsNothing() {
        List<Item> items = SyntheticStates.items(120, 30, 60, 3);
        List<byte[]> poison = new ArrayList<>();
        HiddenStateHeader header = SyntheticStates.header("poison", "m@1", "p", items.get(0),
                new int[] {1, SyntheticStates.LAYERS, SyntheticStates.DIM});
        poison.addAll(PoisonRecords.events(header, new float[SyntheticStates.LAYERS * SyntheticStates.DIM]));
        poison.addAll(PoisonRecords.json(SuiteEnd.parse(SyntheticStates.end("poison", "m@1", List.of("m@1"), "p",
                10))));
        poison.addAll(PoisonRecords.garbage());
        List<byte[]> outcomes = new ArrayList<>(PoisonRecords.json(SuiteOutcome.of("poison", "probe", "p",
                ProgressEvent.Status.COMPLETED, 1, 1, 0, List.of("p"))));
        outcomes.addAll(PoisonRecords.garbage());
        assertThat(poison.size() + outcomes.size()).as("poison records").isGreaterThan(500);
        PoisonRecords.summarise("probe", Map.of(Topics.HIDDEN_STATES, poison.size(), Topics.SUITE_OUTCOMES,
                outcomes.size()));

        TopicReader.sendAll(Topics.HIDDEN_STATES, "clean/synthetic", run("clean", items));
        RunResults.awaitRunEnd(Topics.RESULTS, "clean", "probe", TIMEOUT);

        double counted = Endpoints.metric(metrics, "fathom_consumer_records_total{consumer=\"probe-suites\"");
        List<byte[]> good = run("dirty", items);
        List<byte[]> mixed = PoisonRecords.interleave(good, poison);
        TopicReader.sendAll(Topics.HIDDEN_STATES, "dirty/synthetic", mixed);
        TopicReader.sendAll(Topics.SUITE_OUTCOMES, "poison", outcomes);
        RunResults.awaitRunEnd(Topics.RESULTS, "dirty", "probe", TIMEOUT);

        assertThat(RunResults.normalised(Topics.RESULTS, "dirty"))
                .isEqualTo(RunResults.normalised(Topics.RESULTS, "clean"));
        org.awaitility.Awaitility.await().atMost(TIMEOUT).untilAsserted(() -> assertThat(
                Endpoints.metric(metrics, "fathom_consumer_records_total{consumer=\"probe-suites\"") - counted)
                .as("every record ended somewhere: used, skipped, duplicate, late or rejected")
                .isEqualTo(mixed.size()));
        assertThat(Endpoints.status(live)).isEqualTo(200);
        assertThat(Endpoints.status(ready)).isEqualTo(200);
        assertThat(Endpoints.metric(metrics, "fathom_consumer_records_total{consumer=\"probe-suites\",outcome=\"rejected\""))
                .isGreaterThan(poison.size() / 2.0);
    }

    private static List<byte[]> run(String runId, List<Item> items) {
        List<byte[]> records = new ArrayList<>();
        for (String model : MODELS) {
            double strength = model.startsWith("strong") ? 1.0 : 0.4;
            items.forEach(item -> records.add(SyntheticStates.event(runId, model, "synthetic", item, strength, 5)));
            records.add(SyntheticStates.end(runId, model, MODELS, "synthetic", items.size()));
        }
        return records;
    }
}
