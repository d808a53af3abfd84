package io.fathom.inference.backend.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import io.fathom.inference.backend.EncodedBatch;
import io.fathom.inference.backend.Pooling;
import java.io.InputStream;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class OnnxEncoderTest {

    static final List<String> TEXTS = List.of(
            "Thank you for calling, how can I help you today?",
            "My internet has been down since yesterday morning.",
            "Could you verify the last four digits of your account number?",
            "Café crème, naïve résumé: accents are stripped.",
            "I've reset the router; it's working now!",
            "Short.");

    static OnnxEncoder encoder;
    static ReferenceEncoder reference;

    @BeforeAll
    static void load() throws Exception {
        encoder = load("all-minilm-l6-v2-q", 256);
        reference = ReferenceEncoder.miniLm();
    }

    static OnnxEncoder load(String name, int maxTokens) throws Exception {
        ClassLoader loader = OnnxEncoderTest.class.getClassLoader();
        try (InputStream tokenizer = loader.getResourceAsStream(name + "-tokenizer.json");
                InputStream model = loader.getResourceAsStream(name + ".onnx")) {
            return new OnnxEncoder(name + "@int8", model.readAllBytes(), WordPieceTokenizer.read(tokenizer), maxTokens,
                    0);
        }
    }

    @AfterAll
    static void close() throws Exception {
        encoder.close();
        reference.close();
    }

    /**
     * The service's shutdown closes the model while its workers are inside a run: close waits for them, and a
     * batch that comes later neither returns nor fails, interrupted or not (a failure would be published).
     * Before, the session was freed under the running calls and the JVM died of SIGSEGV (the fault
     * campaign's SIGTERM of an instance mid-run).
     */
    @Test
    void closingWhileBatchesRunWaitsForThemAndHoldsLaterOnes() throws Exception {
        OnnxEncoder closing = load("all-minilm-l6-v2-q", 256);
        ExecutorService workers = Executors.newFixedThreadPool(3, r -> {
            Thread thread = new Thread(r, "held-model-worker");
            thread.setDaemon(true); // as the service's model workers: held ones end with the JVM
            return thread;
        });
        AtomicInteger done = new AtomicInteger();
        CountDownLatch running = new CountDownLatch(3);
        List<CompletableFuture<Void>> loops = new java.util.ArrayList<>();
        for (int w = 0; w < 3; w++) {
            loops.add(CompletableFuture.runAsync(() -> {
                running.countDown();
                while (true) {
                    closing.encode(TEXTS, List.of(Pooling.MEAN), 0);
                    done.incrementAndGet();
                }
            }, workers));
        }
        running.await();
        while (done.get() < 3) {
            Thread.sleep(5);
        }
        closing.close();
        int atClose = done.get();
        Thread.sleep(300);
        assertThat(done.get()).as("no batch returns after close").isLessThanOrEqualTo(atClose + 3);
        assertThat(loops).noneMatch(CompletableFuture::isDone);
        workers.shutdownNow();
        assertThat(workers.awaitTermination(1, TimeUnit.SECONDS)).as("held batches stay held when interrupted")
                .isFalse();
        assertThat(loops).noneMatch(CompletableFuture::isDone);
        assertThat(done.get()).isLessThanOrEqualTo(atClose + 3);
    }

    @Test
    void exposesTheEmbeddingsAndEveryBlock() throws Exception {
        assertThat(encoder.layers()).isEqualTo(7);
        assertThat(encoder.dim()).isEqualTo(384);
        try (OnnxEncoder bge = load("bge-small-en-v1.5-q", 512)) {
            assertThat(bge.layers()).isEqualTo(13);
            assertThat(bge.dim()).isEqualTo(384);
        }
    }

    @Test
    void meanPoolingMatchesAnIndependentComputation() throws Exception {
        EncodedBatch batch = encoder.encode(TEXTS, List.of(Pooling.MEAN, Pooling.LAST), 0);
        float[][][] expected = reference.meanPooled(TEXTS);
        for (int i = 0; i < TEXTS.size(); i++) {
            for (int layer = 0; layer < 7; layer++) {
                for (int d = 0; d < 384; d++) {
                    assertThat(batch.states()[i][layer * 384 + d])
                            .as("text %d layer %d dim %d", i, layer, d)
                            .isCloseTo(expected[i][layer][d], org.assertj.core.data.Offset.offset(1e-4f));
                }
            }
            assertThat(batch.tokenCounts()[i]).isEqualTo(reference.tokenIds(TEXTS.get(i)).length);
        }
    }

    @Test
    void longTextsAreTruncatedAndFlagged() {
        String longText = "word ".repeat(400);
        EncodedBatch batch = encoder.encode(List.of(longText, "short text"), List.of(Pooling.MEAN), 0);
        assertThat(batch.truncated()).containsExactly(true, false);
        assertThat(batch.tokenCounts()[0]).isEqualTo(256);
        EncodedBatch capped = encoder.encode(List.of(longText), List.of(Pooling.MEAN), 32);
        assertThat(capped.tokenCounts()[0]).isEqualTo(32);
    }

    @Test
    void batchCompositionMovesInt8ResultsOnlySlightly() throws Exception {
        float[][][] alone = reference.meanPooled(TEXTS.subList(0, 1));
        float[][][] together = reference.meanPooled(TEXTS);
        double maxDiff = 0;
        for (int layer = 0; layer < 7; layer++) {
            for (int d = 0; d < 384; d++) {
                maxDiff = Math.max(maxDiff, Math.abs(alone[0][layer][d] - together[0][layer][d]));
            }
        }
        System.out.println("max |batch-of-1 - batch-of-6| = " + maxDiff);
        assertThat(maxDiff).isLessThan(0.5);
    }
}
