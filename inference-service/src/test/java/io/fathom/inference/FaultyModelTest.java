package io.fathom.inference;

import static org.assertj.core.api.Assertions.assertThat;

import io.fathom.contracts.Topics;
import io.fathom.contracts.result.ErrorCode;
import io.fathom.contracts.result.ErrorEvent;
import io.fathom.contracts.result.ProgressEvent;
import io.fathom.testsupport.EmbeddedKafka;
import io.fathom.testsupport.TopicReader;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Item-level failures (NaN states, values half precision cannot hold, a backend that is down for
 * one batch) fail those items only.
 */
@QuarkusTest
@WithTestResource(EmbeddedKafka.class)
@TestProfile(FaultyModelTest.WithFaultyModel.class)
class FaultyModelTest {

    public static class WithFaultyModel implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.arc.selected-alternatives", FaultyModels.class.getName());
        }
    }

    @Test
    void nanStatesAndBackendFailuresFailTheirItemsAndTheRunGoesOn() {
        String runId = "run-faulty";
        InferenceRunTest.submit(runId, InferenceRunTest.probingRequest(runId, List.of("faulty"),
                List.of("A fine first sentence.", "This one turns NaN inside.", "BACKEND_DOWN for this batch.",
                        "Still in the failing batch.", "A fine sentence.", "A HUGE activation here."), 2));

        ProgressEvent end = InferenceRunTest.awaitRunEnd(runId);
        assertThat(end.status()).isEqualTo(ProgressEvent.Status.COMPLETED);
        assertThat(end.expected()).isEqualTo(6);
        assertThat(end.done()).isEqualTo(2);
        assertThat(end.failed()).isEqualTo(4);
        assertThat(InferenceRunTest.hiddenStates(runId)).extracting(e -> e.header().itemId())
                .containsExactlyInAnyOrder("s0", "s4");

        List<ErrorEvent> errors = TopicReader.readAll(Topics.RESULTS).stream().map(InferenceRunTest::result)
                .filter(e -> e instanceof ErrorEvent && runId.equals(e.runId())).map(e -> (ErrorEvent) e).toList();
        assertThat(errors).extracting(ErrorEvent::code)
                .containsExactlyInAnyOrder(ErrorCode.NON_FINITE_OUTPUT, ErrorCode.NON_FINITE_OUTPUT,
                        ErrorCode.BACKEND_FAILURE);
        assertThat(errors).filteredOn(e -> e.code() == ErrorCode.NON_FINITE_OUTPUT).extracting(ErrorEvent::scope)
                .containsExactlyInAnyOrder("faulty@1/calls/s1", "faulty@1/calls/s5");
        assertThat(errors).filteredOn(e -> e.code() == ErrorCode.BACKEND_FAILURE).singleElement()
                .satisfies(e -> assertThat(e.scope()).isEqualTo("faulty@1/calls/s2..s3"))
                .satisfies(e -> assertThat(e.message()).contains("connection refused"));
    }
}
