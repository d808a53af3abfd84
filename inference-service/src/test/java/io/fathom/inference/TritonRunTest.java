package io.fathom.inference;

import io.fathom.contracts.Topics;
import io.fathom.contracts.hidden.HiddenStateEvent;
import io.fathom.contracts.result.ProgressEvent;
import io.fathom.testsupport.EmbeddedKafka;
import io.fathom.testsupport.FakeTritonResource;
import io.fathom.testsupport.TopicReader;
import io.fathom.triton.FakeTriton;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import static org.assertj.core.api.Assertions.assertThat;


/**
 * A probing run on a model served by Triton, through real gRPC and the real broker: its hidden
 * states reach fathom.hidden-states exactly as the embedded backend's do (same header, layout and
 * precision), so the probe-service needs no change.
 */
@QuarkusTest
@WithTestResource(EmbeddedKafka.class)
@TestProfile(TritonRunTest.WithTriton.class)
class TritonRunTest {

    static final int LAYERS = 3;
    static final int DIM = 8;
    static final FakeTriton.States SYNTHETIC = new Synthetic();

    /** Values every client can recompute: a fixed function of the text, pooling, layer and position. */
    static final class Synthetic implements FakeTriton.States {
        @Override
        public int layers() {
            return LAYERS;
        }

        @Override
        public int dim() {
            return DIM;
        }

        @Override
        public float[][] pooled(String pooling, List<String> texts, int maxTokens) {
            float[][] out = new float[texts.size()][];
            for (int i = 0; i < texts.size(); i++) {
                out[i] = values(texts.get(i), pooling);
            }
            return out;
        }

        @Override
        public int tokens(String text, int maxTokens) {
            return Math.min(text.split(" ").length + 2, maxTokens);
        }

        static float[] values(String text, String pooling) {
            float[] v = new float[LAYERS * DIM];
            for (int i = 0; i < v.length; i++) {
                v[i] = Math.floorMod(text.hashCode() * 31 + i * 7 + (pooling.equals("last") ? 500 : 0), 1000) / 250f
                        - 2f;
            }
            return v;
        }
    }

    public static class TritonServer extends FakeTritonResource {
        static FakeTriton server;

        @Override
        protected FakeTriton server() throws IOException {
            server = new FakeTriton(SYNTHETIC, "FP16").start(0);
            return server;
        }

        @Override
        protected Map<String, String> config(FakeTriton server) {
            return Map.of("fathom.inference.models.tri.backend", "triton",
                    "fathom.inference.models.tri.version", "1",
                    "fathom.inference.models.tri.max-tokens", "64",
                    "fathom.inference.models.tri.triton.address", server.address(),
                    "fathom.inference.models.tri.triton.model", FakeTriton.MODEL,
                    "fathom.inference.models.tri.triton.batch-size", "3",
                    "fathom.inference.models.tri.triton.concurrency", "3");
        }
    }

    public static class WithTriton implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(TritonServer.class));
        }
    }

    @Test
    void batchesGoToTheServerConcurrentlyUpToTheModelsBoundAndComeOutInOrder() {
        String runId = "run-triton-concurrent";
        List<String> texts = InferenceRunTest.texts(12);
        FakeTriton server = TritonServer.server;
        server.delay(200);
        try {
            InferenceRunTest.submit(runId, InferenceRunTest.probingRequest(runId, List.of("tri"), texts, 1));
            assertThat(InferenceRunTest.awaitRunEnd(runId).done()).isEqualTo(12);
        } finally {
            server.delay(0);
        }
        // not the service's parallel-batches (the core count): a remote model takes its own bound
        assertThat(server.maxConcurrent()).isEqualTo(3);
        assertThat(InferenceRunTest.hiddenStates(runId)).extracting(e -> e.header().itemId())
                .containsExactly("s0", "s1", "s2", "s3", "s4", "s5", "s6", "s7", "s8", "s9", "s10", "s11");
    }

    @Test
    void aShortRunIsNotHeldBehindALongRunOnTheSamePartition() {
        String longRun = "run-triton-long";
        String shortRun = "run-triton-short";
        FakeTriton server = TritonServer.server;
        server.delay(25);
        try {
            InferenceRunTest.submit(longRun, InferenceRunTest.probingRequest(longRun, List.of("tri"),
                    InferenceRunTest.texts(240), 1));
            TopicReader.await(Topics.HIDDEN_STATES, r -> r.key().startsWith(longRun + "/"), InferenceRunTest.TIMEOUT);
            // the same key as the long run: the same partition of fathom.requests, right behind it
            TopicReader.send(Topics.REQUESTS, longRun, InferenceRunTest.probingRequest(shortRun, List.of("tri"),
                    InferenceRunTest.texts(3), 1).getBytes(StandardCharsets.UTF_8));
            assertThat(InferenceRunTest.awaitRunEnd(shortRun).done()).isEqualTo(3);
            assertThat(InferenceRunTest.awaitRunEnd(longRun).done()).isEqualTo(240);
        } finally {
            server.delay(0);
        }
        // when the short run ended, the long one was still going: its share of the model came in turns
        assertThat(finalProgressTime(shortRun)).isLessThan(finalProgressTime(longRun));
    }

    private static long finalProgressTime(String runId) {
        return TopicReader.readAll(Topics.RESULTS).stream().filter(r -> InferenceRunTest.result(r)
                instanceof ProgressEvent p && runId.equals(p.runId()) && p.model() == null && p.isFinal())
                .mapToLong(r -> r.timestamp()).findFirst().orElseThrow();
    }

    @Test
    void statesFromTritonBecomeHiddenStateEventsLikeTheEmbeddedBackends() {
        String runId = "run-triton";
        List<String> texts = InferenceRunTest.texts(10);
        String request = InferenceRunTest.probingRequest(runId, List.of("tri", "all-minilm-l6-v2"), texts, 4)
                .replace("\"options\": {", "\"options\": {\"poolings\": [\"mean\", \"last\"], ");
        InferenceRunTest.submit(runId, request);
        ProgressEvent end = InferenceRunTest.awaitRunEnd(runId);
        assertThat(end.status()).isEqualTo(ProgressEvent.Status.COMPLETED);
        assertThat(end.done()).isEqualTo(20);

        List<HiddenStateEvent> events = InferenceRunTest.hiddenStates(runId).stream()
                .filter(e -> e.header().model().equals("tri@1")).toList();
        assertThat(events).hasSize(10);
        for (HiddenStateEvent event : events) {
            int item = Integer.parseInt(event.header().itemId().substring(1));
            String text = texts.get(item);
            assertThat(event.header().text()).isEqualTo(text);
            assertThat(event.header().shape()).containsExactly(2, LAYERS, DIM);
            assertThat(event.header().poolings()).containsExactly("mean", "last");
            assertThat(event.header().tokenCount()).isEqualTo(text.split(" ").length + 2);
            for (int p = 0; p < 2; p++) {
                float[] want = Synthetic.values(text, p == 0 ? "mean" : "last");
                for (int layer = 0; layer < LAYERS; layer++) {
                    float[] got = event.vector(p, layer);
                    for (int d = 0; d < DIM; d++) {
                        // FP16 on the wire and FP16 in the event: the same rounding, exactly once
                        assertThat(got[d]).isEqualTo(io.fathom.contracts.hidden.Float16.toFloat(
                                io.fathom.contracts.hidden.Float16.fromFloat(want[layer * DIM + d])));
                    }
                }
            }
        }
    }
}
