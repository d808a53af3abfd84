package io.fathom.inference.backend.triton;

import io.fathom.inference.backend.EncodedBatch;
import io.fathom.inference.backend.Pooling;
import io.fathom.inference.backend.embedded.EmbeddedLoader;
import io.fathom.inference.backend.embedded.OnnxEncoder;
import io.fathom.triton.BackendException;
import io.fathom.triton.FakeTriton;
import io.fathom.triton.TritonClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;


/**
 * The Triton client and encoder through real gRPC: a {@link FakeTriton} on 127.0.0.1 serves the
 * embedded all-MiniLM-L6-v2's own pooled states, so what comes back through the protocol must equal
 * what the embedded encoder computes directly, within the precision of the datatype on the wire.
 */
class TritonEncoderTest {

    static final List<Pooling> BOTH = List.of(Pooling.MEAN, Pooling.LAST);
    static OnnxEncoder embedded;

    @BeforeAll
    static void load() throws Exception {
        embedded = EmbeddedLoader.load("all-minilm-l6-v2@int8", TestModels.miniLm());
    }

    @AfterAll
    static void close() {
        embedded.close();
    }

    /** The embedded encoder as the fake server's model. */
    static FakeTriton.States embeddedStates() {
        return new FakeTriton.States() {
            @Override
            public int layers() {
                return embedded.layers();
            }

            @Override
            public int dim() {
                return embedded.dim();
            }

            @Override
            public float[][] pooled(String pooling, List<String> texts, int maxTokens) {
                return embedded.encode(texts, List.of(Pooling.fromJson(pooling)), limit(maxTokens)).states();
            }

            @Override
            public int tokens(String text, int maxTokens) {
                return embedded.encode(List.of(text), List.of(Pooling.MEAN), limit(maxTokens)).tokenCounts()[0];
            }

            private int limit(int maxTokens) {
                return maxTokens == Integer.MAX_VALUE ? 0 : maxTokens;
            }
        };
    }

    static TritonClient.Policy policy(Duration deadline, Duration maxOutage) {
        return new TritonClient.Policy(deadline, 2, 3, Duration.ofMillis(50), maxOutage, 3, Duration.ofMillis(200));
    }

    static TritonEncoder connect(String address, Duration deadline, Duration maxOutage) {
        return connect(address, deadline, maxOutage, null);
    }

    static TritonEncoder connect(String address, Duration deadline, Duration maxOutage, String adapter) {
        Map<Pooling, String> outputs = new EnumMap<>(Pooling.class);
        outputs.put(Pooling.MEAN, "hidden_mean");
        outputs.put(Pooling.LAST, "hidden_last");
        return new TritonEncoder("tri@1", new TritonClient("tri@1", address, policy(deadline, maxOutage),
                new SimpleMeterRegistry()), FakeTriton.MODEL, "", new TritonEncoder.Layout("text_input", outputs,
                "token_count", 4, 256, 2, adapter));
    }

    static List<String> texts() {
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            texts.add("Caller " + i + " asks when the refund of order " + (1000 + 7 * i) + " arrives.");
        }
        texts.add("please hold the line while I check ".repeat(12));
        return texts;
    }

    @Test
    void statesThroughTritonEqualTheEmbeddedEncodersWithinTheWirePrecision() throws Exception {
        List<String> texts = texts();
        // the int8 model quantises activations per batch: the direct run uses the same batches of 4
        List<EncodedBatch> chunks = new ArrayList<>();
        for (int from = 0; from < texts.size(); from += 4) {
            chunks.add(embedded.encode(texts.subList(from, Math.min(texts.size(), from + 4)), BOTH, 32));
        }
        for (String datatype : List.of("FP32", "FP16", "BF16")) {
            // FP32 is exact; binary16 keeps 11 significant bits, bfloat16 (truncated) 8
            double relative = switch (datatype) {
                case "FP32" -> 0;
                case "FP16" -> 1.0 / 2048;
                default -> 1.0 / 128;
            };
            try (FakeTriton server = new FakeTriton(embeddedStates(), datatype).start(0);
                    TritonEncoder triton = connect(server.address(), Duration.ofSeconds(30), Duration.ofSeconds(5))) {
                assertThat(triton.layers()).isEqualTo(7);
                assertThat(triton.dim()).isEqualTo(384);
                EncodedBatch remote = triton.encode(texts, BOTH, 32);
                assertThat(server.requests()).as("batches of 4").isEqualTo(3);
                assertThat(remote.truncated()[10]).as("the long text hit 32 tokens").isTrue();
                for (int i = 0; i < texts.size(); i++) {
                    EncodedBatch direct = chunks.get(i / 4);
                    assertThat(remote.tokenCounts()[i]).isEqualTo(direct.tokenCounts()[i % 4]);
                    assertThat(remote.truncated()[i]).isEqualTo(direct.truncated()[i % 4]);
                    float[] want = direct.states()[i % 4];
                    float[] got = remote.floats(i);
                    assertThat(got).hasSameSizeAs(want);
                    for (int v = 0; v < want.length; v++) {
                        assertThat((double) got[v]).as("%s item %d value %d", datatype, i, v)
                                .isCloseTo(want[v], org.assertj.core.data.Offset.offset(Math.abs(want[v]) * relative
                                        + 1e-6));
                    }
                }
            }
        }
    }

    @Test
    void aBrokenResponseOrAFailingBatchFailsThatBatchWithANamedError() throws Exception {
        try (FakeTriton server = new FakeTriton(embeddedStates(), "FP16").start(0);
                TritonEncoder triton = connect(server.address(), Duration.ofSeconds(30), Duration.ofSeconds(5))) {
            server.fault(FakeTriton.Fault.WRONG_DATATYPE);
            assertThatThrownBy(() -> triton.encode(List.of("a"), BOTH, 0)).isInstanceOf(BackendException.class)
                    .hasMessageContaining("INT8");
            server.fault(FakeTriton.Fault.WRONG_SHAPE);
            assertThatThrownBy(() -> triton.encode(List.of("a"), BOTH, 0)).isInstanceOf(BackendException.class)
                    .hasMessageContaining("shape");
            server.fault(FakeTriton.Fault.NONE);
            server.failOn("boom");
            assertThatThrownBy(() -> triton.encode(List.of("a", "boom"), BOTH, 0))
                    .isInstanceOf(BackendException.class).hasMessageContaining("INTERNAL");
            assertThat(triton.encode(List.of("a", "b"), BOTH, 0).size()).isEqualTo(2);
            // a full queue is transient: retried with backoff, and the call succeeds
            server.exhausted(2);
            int before = server.requests();
            assertThat(triton.encode(List.of("c"), BOTH, 0).size()).isEqualTo(1);
            assertThat(server.requests() - before).isEqualTo(3);
            assertThat(triton.unavailable()).isNull();
            assertThat(server.lastRequest().getParametersMap()).doesNotContainKey("lora_name");
        }
        try (FakeTriton server = new FakeTriton(embeddedStates(), "FP16").start(0);
                TritonEncoder adapted = connect(server.address(), Duration.ofSeconds(30), Duration.ofSeconds(5),
                        "cc-lora")) {
            adapted.encode(List.of("a"), BOTH, 0);
            assertThat(server.lastRequest().getParametersMap().get("lora_name").getStringParam())
                    .as("the adapter applies to hidden states too").isEqualTo("cc-lora");
        }
    }

    @Test
    void aSlowServerFailsTheCallAtTheDeadlineAndAnUnknownOrUnreadyModelFailsTheConnect() throws Exception {
        try (FakeTriton server = new FakeTriton(embeddedStates(), "FP16").start(0);
                TritonEncoder triton = connect(server.address(), Duration.ofMillis(300), Duration.ofSeconds(5))) {
            server.delay(1_500);
            assertThatThrownBy(() -> triton.encode(List.of("a"), BOTH, 0)).isInstanceOf(BackendException.class)
                    .hasMessageContaining("DEADLINE_EXCEEDED");
            server.delay(0);
            server.fault(FakeTriton.Fault.NOT_READY);
            assertThatThrownBy(() -> connect(server.address(), Duration.ofSeconds(5), Duration.ofSeconds(5)))
                    .isInstanceOf(BackendException.class).hasMessageContaining("NOT_FOUND");
        }
        try (FakeTriton server = new FakeTriton(embeddedStates(), "FP16").start(0)) {
            Map<Pooling, String> wrong = new EnumMap<>(Pooling.class);
            wrong.put(Pooling.MEAN, "hidden_average");
            assertThatThrownBy(() -> new TritonEncoder("tri@1", new TritonClient("tri@1", server.address(),
                    policy(Duration.ofSeconds(5), Duration.ofSeconds(5)), new SimpleMeterRegistry()), FakeTriton.MODEL,
                    "", new TritonEncoder.Layout("text_input", wrong, null, 4, 256, 2, null)))
                    .isInstanceOf(BackendException.class).hasMessageContaining("has no output 'hidden_average'");
        }
    }

    @Test
    void aServerThatIsDownIsWaitedForAndNothingIsLost() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        String address = "127.0.0.1:" + port;
        CompletableFuture<TritonEncoder> connecting = CompletableFuture.supplyAsync(
                () -> connect(address, Duration.ofSeconds(10), Duration.ofMinutes(1)));
        Thread.sleep(1_000);
        assertThat(connecting).as("still waiting for the server").isNotDone();
        FakeTriton server = new FakeTriton(embeddedStates(), "FP16").start(port);
        try (TritonEncoder triton = connecting.get()) {
            List<String> texts = texts();
            EncodedBatch before = triton.encode(texts, BOTH, 0);
            server.stop();
            CompletableFuture<EncodedBatch> during = CompletableFuture.supplyAsync(
                    () -> triton.encode(texts, BOTH, 0));
            Thread.sleep(1_000);
            assertThat(during).as("waiting while the server is down").isNotDone();
            assertThat(triton.unavailable()).contains("unreachable");
            server = new FakeTriton(embeddedStates(), "FP16").start(port);
            EncodedBatch after = during.get();
            for (int i = 0; i < texts.size(); i++) {
                assertThat(after.halves()[i]).as("FP16 passes through as it came").containsExactly(before.halves()[i]);
            }
            assertThat(triton.unavailable()).isNull();
        } finally {
            server.stop();
        }
    }

    /** The shipped configuration of all-MiniLM-L6-v2, without Quarkus. */
    static final class TestModels {
        static io.fathom.inference.config.InferenceConfig.ModelConfig miniLm() {
            return new io.fathom.inference.config.InferenceConfig.ModelConfig() {
                @Override
                public io.fathom.inference.config.InferenceConfig.Backend backend() {
                    return io.fathom.inference.config.InferenceConfig.Backend.EMBEDDED;
                }

                @Override
                public String version() {
                    return "int8";
                }

                @Override
                public Optional<String> onnx() {
                    return Optional.of("classpath:all-minilm-l6-v2-q.onnx");
                }

                @Override
                public Optional<String> tokenizer() {
                    return Optional.of("classpath:all-minilm-l6-v2-q-tokenizer.json");
                }

                @Override
                public int maxTokens() {
                    return 256;
                }

                @Override
                public int threads() {
                    return 1;
                }

                @Override
                public Optional<String> description() {
                    return Optional.empty();
                }

                @Override
                public Optional<io.fathom.triton.TritonSettings> triton() {
                    return Optional.empty();
                }
            };
        }
    }
}
