package io.fathom.probe;

import static org.assertj.core.api.Assertions.assertThat;

import io.fathom.contracts.Topics;
import io.fathom.contracts.result.ErrorCode;
import io.fathom.contracts.result.ErrorEvent;
import io.fathom.contracts.result.ProgressEvent;
import io.fathom.contracts.result.ResultEvent;
import io.fathom.probe.SyntheticStates.Item;
import io.fathom.testsupport.EmbeddedKafka;
import io.fathom.testsupport.Endpoints;
import io.fathom.testsupport.RunResults;
import io.fathom.testsupport.TestTopics;
import io.fathom.testsupport.TopicReader;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.net.URL;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * A suite whose second model's marker never comes (its run failed upstream) is given up after the
 * unit timeout: an error names what was missing, the suite and the run end FAILED, the partition's
 * offsets move past it, and a late redelivery is counted instead of reopening it.
 */
@QuarkusTest
@WithTestResource(EmbeddedKafka.class)
@TestProfile(ProbeStaleSuiteTest.ShortTimeout.class)
class ProbeStaleSuiteTest {

    public static class ShortTimeout implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("fathom.messaging.unit-timeout", "3s");
        }
    }

    static final Duration TIMEOUT = Duration.ofMinutes(1);

    @TestHTTPResource("/q/metrics")
    URL metrics;

    @Test
    void aSuiteThatNeverCompletesIsGivenUpAndReleasesItsOffsets() {
        String runId = "stale-run";
        List<String> models = List.of("a@1", "b@1");
        List<Item> items = SyntheticStates.items(20, 5, 5, 2);
        List<byte[]> records = new ArrayList<>();
        items.forEach(item -> records.add(SyntheticStates.event(runId, "a@1", "synthetic", item, 1.0, 2)));
        records.add(SyntheticStates.end(runId, "a@1", models, "synthetic", items.size()));
        List<Long> offsets = TopicReader.sendAll(Topics.HIDDEN_STATES, runId + "/synthetic", records);

        ProgressEvent run = RunResults.awaitRunEnd(Topics.RESULTS, runId, "probe", TIMEOUT);
        assertThat(run.status()).isEqualTo(ProgressEvent.Status.FAILED);
        List<ResultEvent> results = RunResults.of(Topics.RESULTS, runId);
        assertThat(results).filteredOn(e -> e instanceof ErrorEvent).singleElement().satisfies(e -> {
            ErrorEvent error = (ErrorEvent) e;
            assertThat(error.code()).isEqualTo(ErrorCode.INCOMPLETE);
            assertThat(error.scope()).isEqualTo("synthetic");
            assertThat(error.message()).contains("the suite-end marker of b@1 never arrived")
                    .contains("a@1=" + items.size());
        });
        assertThat(results).filteredOn(e -> e instanceof ProgressEvent p && "synthetic".equals(p.suite())
                && p.model() == null).singleElement()
                .satisfies(e -> assertThat(((ProgressEvent) e).status()).isEqualTo(ProgressEvent.Status.FAILED));
        long end = offsets.get(offsets.size() - 1) + 1;
        Awaitility.await().atMost(TIMEOUT).until(() -> TestTopics.committed("fathom-probe", Topics.HIDDEN_STATES, 0)
                >= end);

        String late = "fathom_consumer_records_total{consumer=\"probe-suites\",outcome=\"late\"";
        String open = "fathom_consumer_units_open{consumer=\"probe-suites\"";
        double lateBefore = Endpoints.metric(metrics, late);
        double openBefore = Endpoints.metric(metrics, open);
        TopicReader.send(Topics.HIDDEN_STATES, runId + "/synthetic", records.get(0));
        Awaitility.await().atMost(TIMEOUT).untilAsserted(() -> assertThat(Endpoints.metric(metrics, late))
                .isEqualTo(lateBefore + 1));
        assertThat(Endpoints.metric(metrics, open)).as("the late record opens nothing").isLessThanOrEqualTo(openBefore);
    }
}
