package io.fathom.bench;

import io.fathom.inference.backend.Pooling;
import io.fathom.inference.backend.triton.TritonEncoder;
import io.fathom.triton.FakeTriton;
import io.fathom.triton.Tensors;
import io.fathom.triton.TritonClient;
import io.fathom.triton.grpc.GRPCInferenceServiceGrpc;
import io.fathom.triton.grpc.InferParameter;
import io.fathom.triton.grpc.ModelInferRequest;
import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What fathom's Triton client stack adds to a call: the inference-service's TritonEncoder (request
 * building, in-flight slots, circuit breaker, retry policy, meters, tensor checks, and the batch it
 * publishes from, FP16 kept as it came) against a bare blocking gRPC call with a request built once, both to the
 * same in-process server (real gRPC over 127.0.0.1) serving states of a 7B model's shape (33 layers
 * x 4096, FP16, mean pooling), each response computed once and then served from memory, so that the
 * server takes as little of the machine's cores as it can. Latency: calls alternate between the two,
 * one at a time. Throughput: 4 threads per side in one-second windows, the sides alternating.
 * Targets: p50 overhead <= 1 ms, throughput >= 0.9 of direct.
 */
final class TritonOverheadBenchmark {

    private static final int LAYERS = 33;
    private static final int DIM = 4096;
    private static final int THREADS = 4;

    private TritonOverheadBenchmark() {
    }

    /** States computed once: the server's own cost is the same for both sides and stays small. */
    private static final class FixedStates implements FakeTriton.States {
        private final float[] item = new float[LAYERS * DIM];

        FixedStates() {
            for (int i = 0; i < item.length; i++) {
                item[i] = (float) Math.sin(i * 0.001);
            }
        }

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
            Arrays.fill(out, item);
            return out;
        }

        @Override
        public int tokens(String text, int maxTokens) {
            return 12;
        }
    }

    static void run(int calls, int seconds) throws Exception {
        try (FakeTriton server = new FakeTriton(new FixedStates(), "FP16").caching().start(0)) {
            Map<Pooling, String> outputs = new EnumMap<>(Pooling.class);
            outputs.put(Pooling.MEAN, "hidden_mean");
            TritonClient client = new TritonClient("bench@1", server.address(), new TritonClient.Policy(
                    Duration.ofSeconds(30), THREADS, 3, Duration.ofMillis(100), Duration.ofMinutes(1), 5,
                    Duration.ofSeconds(1)), new SimpleMeterRegistry());
            ManagedChannel channel = NettyChannelBuilder.forTarget(server.address()).usePlaintext()
                    .maxInboundMessageSize(Integer.MAX_VALUE).build();
            GRPCInferenceServiceGrpc.GRPCInferenceServiceBlockingStub direct = GRPCInferenceServiceGrpc
                    .newBlockingStub(channel);
            System.out.printf("triton overhead benchmark: states %d x %d FP16, mean pooling, %d alternating calls"
                    + " per batch size, throughput %d threads, median of %d alternating 1 s windows per side%n%n",
                    LAYERS, DIM, calls, THREADS, seconds);
            System.out.println("| batch | direct p50 ms | fathom p50 ms | p50 overhead ms | direct p99 ms | fathom p99 ms"
                    + " | direct calls/s | fathom calls/s | throughput ratio |");
            System.out.println("|---|---|---|---|---|---|---|---|---|");
            try (TritonEncoder encoder = new TritonEncoder("bench@1", client, FakeTriton.MODEL, "",
                    new TritonEncoder.Layout("text_input", outputs, "token_count", 8, 512, THREADS, null))) {
                for (int batch : new int[] {1, 8}) {
                    List<String> texts = new ArrayList<>();
                    for (int i = 0; i < batch; i++) {
                        texts.add("A caller asks when the refund of order " + (1000 + i) + " arrives.");
                    }
                    ModelInferRequest request = ModelInferRequest.newBuilder().setModelName(FakeTriton.MODEL)
                            .putParameters(TritonClient.MAX_INPUT_TOKENS, InferParameter.newBuilder()
                                    .setInt64Param(512).build())
                            .addInputs(ModelInferRequest.InferInputTensor.newBuilder().setName("text_input")
                                    .setDatatype("BYTES").addShape(batch).addShape(1))
                            .addRawInputContents(Tensors.bytesRaw(texts))
                            .addOutputs(ModelInferRequest.InferRequestedOutputTensor.newBuilder()
                                    .setName("hidden_mean"))
                            .addOutputs(ModelInferRequest.InferRequestedOutputTensor.newBuilder()
                                    .setName("token_count"))
                            .build();
                    Runnable viaDirect = () -> direct.modelInfer(request);
                    Runnable viaFathom = () -> encoder.encode(texts, List.of(Pooling.MEAN), 0);
                    for (int i = 0; i < 50; i++) { // warm-up, both paths
                        viaDirect.run();
                        viaFathom.run();
                    }
                    long[] directNanos = new long[calls];
                    long[] fathomNanos = new long[calls];
                    for (int i = 0; i < calls; i++) {
                        directNanos[i] = time(viaDirect);
                        fathomNanos[i] = time(viaFathom);
                    }
                    // one-second windows, the two sides alternating (and taking turns to go first): drift of
                    // the machine hits both alike; the median window of each side is reported
                    double[] directRates = new double[seconds];
                    double[] fathomRates = new double[seconds];
                    for (int round = 0; round < seconds; round++) {
                        if (round % 2 == 0) {
                            directRates[round] = throughput(viaDirect, 1);
                            fathomRates[round] = throughput(viaFathom, 1);
                        } else {
                            fathomRates[round] = throughput(viaFathom, 1);
                            directRates[round] = throughput(viaDirect, 1);
                        }
                    }
                    double directRate = median(directRates);
                    double fathomRate = median(fathomRates);
                    System.out.printf("| %d | %.3f | %.3f | %.3f | %.3f | %.3f | %.0f | %.0f | %.3f |%n", batch,
                            percentile(directNanos, 50), percentile(fathomNanos, 50),
                            percentile(fathomNanos, 50) - percentile(directNanos, 50), percentile(directNanos, 99),
                            percentile(fathomNanos, 99), directRate, fathomRate, fathomRate / directRate);
                }
            } finally {
                channel.shutdownNow();
            }
        }
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted.length % 2 == 1 ? sorted[sorted.length / 2]
                : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
    }

    private static long time(Runnable call) {
        long start = System.nanoTime();
        call.run();
        return System.nanoTime() - start;
    }

    private static double percentile(long[] nanos, int p) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, index)] / 1e6;
    }

    /** Calls per second from {@value #THREADS} threads calling for {@code seconds}. */
    private static double throughput(Runnable call, int seconds) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong done = new AtomicLong();
        try {
            List<Future<?>> workers = new ArrayList<>();
            long start = System.nanoTime();
            for (int t = 0; t < THREADS; t++) {
                workers.add(pool.submit(() -> {
                    while (running.get()) {
                        call.run();
                        done.incrementAndGet();
                    }
                }));
            }
            Thread.sleep(seconds * 1000L);
            running.set(false);
            for (Future<?> worker : workers) {
                worker.get();
            }
            return done.get() / ((System.nanoTime() - start) / 1e9);
        } finally {
            pool.shutdown();
        }
    }
}
