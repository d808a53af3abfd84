package io.fathom.probe;

import static org.assertj.core.api.Assertions.assertThat;

import io.fathom.contracts.RecordHeaders;
import io.fathom.contracts.Topics;
import io.fathom.contracts.hidden.HiddenStateCodec;
import io.fathom.contracts.result.ErrorCode;
import io.fathom.contracts.result.ErrorEvent;
import io.fathom.contracts.result.ProbeLayerResult;
import io.fathom.contracts.result.ProbeSummary;
import io.fathom.contracts.result.ProgressEvent;
import io.fathom.contracts.result.ResultEvent;
import io.fathom.probe.SyntheticStates.Item;
import io.fathom.testsupport.EmbeddedKafka;
import io.fathom.testsupport.Endpoints;
import io.fathom.testsupport.TopicReader;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The probe-service through the real broker, fed hidden states whose signal is known. */
@QuarkusTest
@WithTestResource(EmbeddedKafka.class)
class ProbeServiceTest {

    static final Duration TIMEOUT = Duration.ofSeconds(120);
    static final List<String> MODELS = List.of("strong@1", "weak@1");

    static List<ResultEvent> results(String runId) {
        return TopicReader.readAll(Topics.RESULTS).stream().map(SyntheticStates::result)
                .filter(e -> runId.equals(e.runId())).toList();
    }

    static ProbeSummary awaitSummary(String runId) {
        return (ProbeSummary) SyntheticStates.result(TopicReader.await(Topics.RESULTS,
                r -> SyntheticStates.result(r) instanceof ProbeSummary s && s.runId().equals(runId), TIMEOUT));
    }

    static void send(String runId, String suite, byte[] value) {
        TopicReader.send(Topics.HIDDEN_STATES, runId + "/" + suite, value);
    }

    @Test
    void layersThatCarryTheLabelScoreHighAndModelsAreComparedOnTheSameItems() throws Exception {
        String runId = "probe-two-models";
        List<Item> items = SyntheticStates.items(300, 60, 120, 3);
        for (String model : MODELS) {
            double strength = model.startsWith("strong") ? 2.0 : 0.6;
            for (Item item : items) {
                send(runId, "synthetic", SyntheticStates.event(runId, model, "synthetic", item, strength, 1));
            }
            send(runId, "synthetic", SyntheticStates.end(runId, model, MODELS, "synthetic", items.size()));
        }
        ProbeSummary summary = awaitSummary(runId);
        List<ProbeLayerResult> layers = results(runId).stream().filter(e -> e instanceof ProbeLayerResult)
                .map(e -> (ProbeLayerResult) e).sorted(Comparator.comparing(ProbeLayerResult::key)).toList();
        assertThat(layers).hasSize(2 * SyntheticStates.LAYERS);
        ProbeLayerResult noise = layer(layers, "strong@1", 0);
        ProbeLayerResult signal = layer(layers, "strong@1", 2);
        assertThat(noise.testAccuracy()).isBetween(0.15, 0.55);
        assertThat(signal.testAccuracy()).isGreaterThan(0.9);
        assertThat(signal.testLow()).isLessThan(signal.testAccuracy()).isGreaterThan(0.8);
        assertThat(signal.testHigh()).isGreaterThan(signal.testAccuracy()).isLessThanOrEqualTo(1.0);
        assertThat(signal.majorityBaseline()).isCloseTo(1 / 3.0, org.assertj.core.data.Offset.offset(0.01));
        assertThat(signal.trainCount()).isEqualTo(300);
        assertThat(signal.devCount()).isEqualTo(60);
        assertThat(signal.testCount()).isEqualTo(120);
        assertThat(signal.classes()).isEqualTo(3);
        assertThat(signal.controlAccuracy()).isNotNull();
        assertThat(signal.controlCeiling()).isEqualTo(1.0); // every test item's last word occurs in training
        assertThat(signal.selectivity()).isEqualTo(signal.testAccuracy() - signal.controlAccuracy());
        assertThat(layer(layers, "weak@1", 2).testAccuracy()).isLessThan(signal.testAccuracy());

        assertThat(summary.models()).extracting(ProbeSummary.ModelCurve::model).containsExactlyElementsOf(MODELS);
        assertThat(summary.models().get(0).bestLayer()).isEqualTo(2);
        assertThat(summary.models().get(0).testAccuracy()).hasSize(SyntheticStates.LAYERS);
        ProbeSummary.Comparison comparison = summary.comparisons().get(0);
        assertThat(comparison.items()).isEqualTo(120);
        assertThat(comparison.onlyA()).isGreaterThan(comparison.onlyB());
        assertThat(comparison.pValue()).isLessThan(0.01);
        assertThat(comparison.accuracyA()).isEqualTo(summary.models().get(0).bestTestAccuracy());
        // each test text is also a training text with the same label: a bag of words memorises many
        // (0.75; scikit-learn gets the same on these texts)
        assertThat(summary.baselines().majority()).isEqualTo(signal.majorityBaseline());
        assertThat(summary.baselines().bagOfWords()).isEqualTo(0.75);
        assertThat(summary.baselines().length()).isLessThan(0.5); // every text has six words

        // a redelivery after the results neither reopens the suite nor holds back offsets
        String late = "fathom_consumer_records_total{consumer=\"probe-suites\",outcome=\"late\"";
        String open = "fathom_consumer_units_open{consumer=\"probe-suites\"";
        double lateBefore = Endpoints.metric(metrics, late);
        double openBefore = Endpoints.metric(metrics, open); // other tests of this JVM may leave units open
        send(runId, "synthetic", SyntheticStates.event(runId, MODELS.get(0), "synthetic", items.get(0), 2.0, 1));
        org.awaitility.Awaitility.await().atMost(TIMEOUT).untilAsserted(() -> {
            assertThat(Endpoints.metric(metrics, late)).isEqualTo(lateBefore + 1);
            assertThat(Endpoints.metric(metrics, open)).isEqualTo(openBefore);
        });
    }

    /** The run-level final progress events of a run on the results topic, in the order written. */
    static long runFinals(String runId) {
        return results(runId).stream().filter(e -> e instanceof ProgressEvent p && p.isFinal() && p.model() == null
                && p.suite() == null).count();
    }

    @Test
    void aResubmittedRunIsProbedAgainWhileARedeliveryOfOneIsLate() {
        String runId = "probe-resubmitted";
        List<Item> items = SyntheticStates.items(60, 20, 20, 2);
        List<byte[]> records = new ArrayList<>();
        items.forEach(item -> records.add(SyntheticStates.event(runId, "strong@1", "synthetic", item, 2.0, 1)));
        records.add(SyntheticStates.end(runId, "strong@1", List.of("strong@1"), "synthetic", items.size()));
        String late = "fathom_consumer_records_total{consumer=\"probe-suites\",outcome=\"late\"";

        // the inference-service stamps each submission with its request's position on fathom.requests
        for (String submission : List.of("0@7", "0@9")) {
            long before = runFinals(runId);
            TopicReader.sendAll(Topics.HIDDEN_STATES, runId + "/synthetic", records,
                    Map.of(RecordHeaders.SUBMISSION, submission));
            org.awaitility.Awaitility.await().atMost(TIMEOUT).until(() -> runFinals(runId) == before + 1);
        }
        assertThat(results(runId).stream().filter(ProbeSummary.class::isInstance)).as("one summary per submission")
                .hasSize(2);

        // the second submission again (a redelivery after a restart): every record late, nothing published
        double lateBefore = Endpoints.metric(metrics, late);
        TopicReader.sendAll(Topics.HIDDEN_STATES, runId + "/synthetic", records, Map.of(RecordHeaders.SUBMISSION, "0@9"));
        org.awaitility.Awaitility.await().atMost(TIMEOUT).untilAsserted(() ->
                assertThat(Endpoints.metric(metrics, late)).isEqualTo(lateBefore + records.size()));
        assertThat(runFinals(runId)).isEqualTo(2);
    }

    @Test
    void aSubmissionHeaderThatIsNotAPositionIsRejected() {
        String runId = "probe-bad-submission";
        TopicReader.sendAll(Topics.HIDDEN_STATES, runId + "/synthetic", List.of(SyntheticStates.end(runId, "strong@1",
                List.of("strong@1"), "synthetic", 1)), Map.of(RecordHeaders.SUBMISSION, "x".repeat(10_000)));
        ErrorEvent error = (ErrorEvent) SyntheticStates.result(TopicReader.await(Topics.RESULTS, r ->
                SyntheticStates.result(r) instanceof ErrorEvent e && e.message().contains("fathom-submission"), TIMEOUT));
        assertThat(error.code()).isEqualTo(ErrorCode.MALFORMED_PAYLOAD);
        assertThat(error.message()).contains("10000 characters").doesNotContain("xxxx");
    }

    @Test
    void theControlTaskIsScoredOnTestItemsWhoseLastWordTrainingSaw() {
        String runId = "probe-control-ceiling";
        List<Item> items = new java.util.ArrayList<>();
        for (Item item : SyntheticStates.items(200, 40, 80, 2)) {
            // half the test items end in a word no training item ends in
            boolean unseen = item.split().equals("test") && Integer.parseInt(item.id().substring(5)) % 2 == 0;
            items.add(unseen ? new Item(item.id(), item.label(), item.split(), item.text() + " novel" + item.id())
                    : item);
        }
        for (Item item : items) {
            send(runId, "ceiling", SyntheticStates.event(runId, "m@1", "ceiling", item, 2.0, 1));
        }
        send(runId, "ceiling", SyntheticStates.end(runId, "m@1", List.of("m@1"), "ceiling", items.size()));
        awaitSummary(runId);
        ProbeLayerResult layer = results(runId).stream().filter(e -> e instanceof ProbeLayerResult)
                .map(e -> (ProbeLayerResult) e).findFirst().orElseThrow();
        assertThat(layer.controlCeiling()).isEqualTo(0.5);
        // 40 seen-key test items: the control accuracy is a count of them
        assertThat(layer.controlAccuracy() * 40).isCloseTo(Math.rint(layer.controlAccuracy() * 40),
                org.assertj.core.data.Offset.offset(1e-9));
    }

    @io.quarkus.test.common.http.TestHTTPResource("/q/metrics")
    java.net.URL metrics;

    private static ProbeLayerResult layer(List<ProbeLayerResult> layers, String model, int layer) {
        return layers.stream().filter(l -> l.model().equals(model) && l.layer() == layer).findFirst().orElseThrow();
    }

    @Test
    void badItemsAndBadTasksGetErrorsAndTheRestGoesOn() {
        String runId = "probe-bad-input";
        List<Item> items = SyntheticStates.items(60, 20, 20, 2);
        List<String> models = List.of("m@1");
        send(runId, "good", "not a hidden-state event".getBytes(StandardCharsets.UTF_8));
        for (Item item : items) {
            send(runId, "good", SyntheticStates.event(runId, "m@1", "good", item, 2.0, 3));
        }
        // wrong dimension, NaN values, and a redelivered item
        Item odd = new Item("odd", "c0", "train", "an odd one");
        send(runId, "good", HiddenStateCodec.encode(SyntheticStates.header(runId, "m@1", "good", odd,
                new int[] {1, SyntheticStates.LAYERS, SyntheticStates.DIM + 1}), new float[SyntheticStates.LAYERS
                * (SyntheticStates.DIM + 1)]));
        Item nan = new Item("nan", "c1", "train", "not a number");
        float[] nanValues = new float[SyntheticStates.LAYERS * SyntheticStates.DIM];
        nanValues[5] = Float.NaN;
        send(runId, "good", HiddenStateCodec.encode(SyntheticStates.header(runId, "m@1", "good", nan,
                new int[] {1, SyntheticStates.LAYERS, SyntheticStates.DIM}), nanValues));
        send(runId, "good", SyntheticStates.event(runId, "m@1", "good", items.get(0), 2.0, 3));
        send(runId, "good", SyntheticStates.end(runId, "m@1", models, "good", items.size() + 2));
        // a task with one class, and one with too few samples
        for (Item item : SyntheticStates.items(10, 4, 4, 1)) {
            send(runId, "one-class", SyntheticStates.event(runId, "m@1", "one-class", item, 2.0, 3));
        }
        send(runId, "one-class", SyntheticStates.end(runId, "m@1", models, "one-class", 18));
        for (Item item : SyntheticStates.items(6, 0, 3, 2)) {
            send(runId, "tiny", SyntheticStates.event(runId, "m@1", "tiny", item, 2.0, 3));
        }
        send(runId, "tiny", SyntheticStates.end(runId, "m@1", models, "tiny", 9));

        ProbeSummary summary = awaitSummary(runId);
        assertThat(summary.suite()).isEqualTo("good");
        List<ResultEvent> results = results(runId);
        ProbeLayerResult layer = results.stream().filter(e -> e instanceof ProbeLayerResult l && l.layer() == 2)
                .map(e -> (ProbeLayerResult) e).findFirst().orElseThrow();
        assertThat(layer.trainCount()).as("the odd, NaN and redelivered items are not counted").isEqualTo(60);
        TopicReader.await(Topics.RESULTS, r -> SyntheticStates.result(r) instanceof ErrorEvent e
                && runId.equals(e.runId()) && e.code() == ErrorCode.TOO_FEW_SAMPLES, TIMEOUT);
        List<ErrorEvent> errors = results(runId).stream().filter(e -> e instanceof ErrorEvent)
                .map(e -> (ErrorEvent) e).toList();
        assertThat(errors).anySatisfy(e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.WRONG_SHAPE);
            assertThat(e.message()).contains("'odd'").contains("[1, 3, 9]");
        });
        assertThat(errors).anySatisfy(e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.NON_FINITE_OUTPUT);
            assertThat(e.message()).contains("'nan'");
        });
        assertThat(errors).anySatisfy(e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.SINGLE_CLASS);
            assertThat(e.message()).contains("'one-class'").contains("'c0'");
        });
        assertThat(errors).anySatisfy(e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.TOO_FEW_SAMPLES);
            assertThat(e.message()).contains("'tiny'").contains("6/0/3");
        });
        assertThat(TopicReader.readAll(Topics.RESULTS).stream().map(SyntheticStates::result)
                .filter(e -> e instanceof ErrorEvent x && x.code() == ErrorCode.MALFORMED_PAYLOAD)).isNotEmpty();
    }
}
