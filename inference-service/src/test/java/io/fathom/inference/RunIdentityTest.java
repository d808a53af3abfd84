package io.fathom.inference;

import static org.assertj.core.api.Assertions.assertThat;

import io.fathom.contracts.RecordHeaders;
import io.fathom.contracts.Topics;
import io.fathom.contracts.hidden.SuiteEnd;
import io.fathom.contracts.result.ErrorCode;
import io.fathom.contracts.result.ErrorEvent;
import io.fathom.contracts.result.ProgressEvent;
import io.fathom.contracts.result.ResultEvent;
import io.fathom.testsupport.EmbeddedKafka;
import io.fathom.testsupport.TopicReader;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** A run id names one request: the same content again is a replay, other content is refused. */
@QuarkusTest
@WithTestResource(EmbeddedKafka.class)
class RunIdentityTest {

    static List<ResultEvent> results(String runId) {
        return TopicReader.readAll(Topics.RESULTS).stream().map(InferenceRunTest::result)
                .filter(e -> runId.equals(e.runId())).toList();
    }

    static List<ProgressEvent> runFinals(String runId) {
        return results(runId).stream().filter(e -> e instanceof ProgressEvent p && p.model() == null
                && p.suite() == null && p.isFinal()).map(ProgressEvent.class::cast).toList();
    }

    /** The submission header of every hidden-state record and marker of the run. */
    static Set<String> submissions(String runId) {
        return TopicReader.readAll(Topics.HIDDEN_STATES).stream().filter(r -> r.key().startsWith(runId + "/"))
                .map(r -> String.valueOf(RecordHeaders.get(r.headers(), RecordHeaders.SUBMISSION)))
                .collect(Collectors.toSet());
    }

    @Test
    void theSameContentIsReplayedUnderANewSubmissionAndOtherContentIsRefused() {
        String runId = "identity";
        List<String> texts = InferenceRunTest.texts(6);
        String request = InferenceRunTest.probingRequest(runId, List.of("all-minilm-l6-v2"), texts, 4);
        InferenceRunTest.submit(runId, request);
        Awaitility.await().atMost(InferenceRunTest.TIMEOUT).until(() -> runFinals(runId).size() == 1);
        Set<String> first = submissions(runId);
        assertThat(first).singleElement().asString().matches("[0-9]+@[0-9]+");

        // the same request written with its fields in another order: the same content, a replay
        String reordered = request.replaceFirst("\"schemaVersion\": 1, \"runId\": \"identity\",",
                "\"runId\": \"identity\", \"schemaVersion\": 1,");
        assertThat(reordered).isNotEqualTo(request);
        InferenceRunTest.submit(runId, reordered);
        Awaitility.await().atMost(InferenceRunTest.TIMEOUT).until(() -> runFinals(runId).size() == 2);
        assertThat(runFinals(runId)).allSatisfy(p -> assertThat(p.status()).isEqualTo(ProgressEvent.Status.COMPLETED));
        Set<String> both = submissions(runId);
        assertThat(both).hasSize(2).containsAll(first);
        long markers = TopicReader.readAll(Topics.HIDDEN_STATES).stream()
                .filter(r -> r.key().startsWith(runId + "/") && SuiteEnd.isSuiteEnd(r.value())).count();
        assertThat(markers).as("each submission closed its suite").isEqualTo(2);

        // other content under the same run id: refused, and the first run's final stays as it was
        InferenceRunTest.submit(runId, InferenceRunTest.probingRequest(runId, List.of("all-minilm-l6-v2"),
                InferenceRunTest.texts(8), 4));
        ErrorEvent refused = (ErrorEvent) InferenceRunTest.result(TopicReader.await(Topics.RESULTS, r ->
                InferenceRunTest.result(r) instanceof ErrorEvent e && runId.equals(e.runId())
                        && e.code() == ErrorCode.RUN_ID_REUSED, InferenceRunTest.TIMEOUT));
        assertThat(refused.message()).contains("was first submitted at", "fathom.requests position "
                + first.iterator().next(), "under a new run id");
        assertThat(runFinals(runId)).hasSize(2).allSatisfy(p ->
                assertThat(p.status()).isEqualTo(ProgressEvent.Status.COMPLETED));
        assertThat(submissions(runId)).isEqualTo(both);
    }
}
