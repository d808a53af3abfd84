package io.fathom.bench;

import io.fathom.inference.backend.Pooling;
import io.fathom.inference.backend.embedded.OnnxEncoder;
import io.fathom.inference.backend.embedded.WordPieceTokenizer;
import io.fathom.testsupport.EmbeddedKafka;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Hidden-state throughput through the inference service (request on fathom.requests in, events on
 * fathom.hidden-states out) against a direct ONNX Runtime session on the same texts and batch size,
 * alternating rounds so both see the same machine state.
 */
final class ThroughputBenchmark {

    record Options(String model, String resource, int maxTokens, int items, int batchSize, int rounds) {
    }

    static void run(Options options) throws Exception {
        List<String> texts = BenchTexts.generate(options.items(), 20261121L);
        System.out.printf("texts: %d, batch %d, model %s, %d rounds, %d cores%n", texts.size(),
                options.batchSize(), options.model(), options.rounds(), Runtime.getRuntime().availableProcessors());
        // a broker of your own (FATHOM_BENCH_BOOTSTRAP) keeps the broker out of the benchmark JVM
        String bootstrap = System.getenv().getOrDefault("FATHOM_BENCH_BOOTSTRAP", "");
        bootstrap = bootstrap.isEmpty() ? EmbeddedKafka.bootstrapServers() : bootstrap;
        List<Double> direct = new ArrayList<>();
        List<Double> encoder = new ArrayList<>();
        List<Double> service = new ArrayList<>();
        try (DirectOnnx session = new DirectOnnx(options.resource(), texts, options.batchSize(), options.maxTokens());
                OnnxEncoder inProcess = loadEncoder(options);
                ServiceUnderTest svc = new ServiceUnderTest(bootstrap, ServiceUnderTest.serviceJar(),
                        ServiceUnderTest.logFile())) {
            session.runAll(); // warm-up
            encodeAll(inProcess, texts, options.batchSize());
            // the service JVM needs tens of thousands of items before its JIT settles: warm it up
            // until two consecutive runs agree within 5%
            double previous = 0;
            for (int warmup = 1; warmup <= 10; warmup++) {
                double rate = texts.size() / svc.run("bench-warmup-" + warmup, options.model(), texts,
                        options.batchSize(), Duration.ofMinutes(10));
                System.out.printf("service warm-up %d: %.1f/s%n", warmup, rate);
                if (Math.abs(rate - previous) < 0.05 * rate) {
                    break;
                }
                previous = rate;
            }
            for (int round = 1; round <= options.rounds(); round++) {
                direct.add(texts.size() / session.runAll());
                encoder.add(texts.size() / encodeAll(inProcess, texts, options.batchSize()));
                service.add(texts.size() / svc.run("bench-" + round, options.model(), texts, options.batchSize(),
                        Duration.ofMinutes(10)));
                System.out.printf("round %d: direct session %.1f/s, in-process encoder %.1f/s, service %.1f/s"
                        + " (cpu-s: service %.1f, client+broker %.1f)%n", round, direct.get(round - 1),
                        encoder.get(round - 1), service.get(round - 1), svc.lastRunCpu[0], svc.lastRunCpu[1]);
            }
            double directMedian = median(direct);
            double serviceMedian = median(service);
            System.out.println();
            System.out.println("| path | sentences/s (median of " + options.rounds() + ") | vs direct session |");
            System.out.println("|---|---|---|");
            System.out.printf("| direct ONNX Runtime session, all layers, pre-tokenized | %.1f | 1.00 |%n", directMedian);
            System.out.printf("| in-process encoder (tokenize + run + pool) | %.1f | %.2f |%n", median(encoder),
                    median(encoder) / directMedian);
            System.out.printf("| inference-service via Kafka (request in, events consumed) | %.1f | %.2f |%n",
                    serviceMedian, serviceMedian / directMedian);
            System.out.println("\nservice stages, mean per batch over all runs: " + svc.stageBreakdown());
            List<Double> ratios = new ArrayList<>();
            for (int i = 0; i < service.size(); i++) {
                ratios.add(service.get(i) / direct.get(i));
            }
            System.out.printf("%nservice / direct session, per round: %s, median %.2f%n",
                    ratios.stream().map(r -> String.format("%.2f", r)).toList(), median(ratios));
            System.out.printf("%nbytes per value on fathom.hidden-states (lz4, headers and record overhead"
                    + " included): %.3f%n", svc.bytesPerValueOnTopic());
        }
    }

    private static OnnxEncoder loadEncoder(Options options) throws Exception {
        ClassLoader loader = ThroughputBenchmark.class.getClassLoader();
        try (InputStream onnx = loader.getResourceAsStream(options.resource() + ".onnx");
                InputStream json = loader.getResourceAsStream(options.resource() + "-tokenizer.json")) {
            return new OnnxEncoder(options.model(), onnx.readAllBytes(), WordPieceTokenizer.read(json),
                    options.maxTokens(), 0);
        }
    }

    private static double encodeAll(OnnxEncoder encoder, List<String> texts, int batchSize) {
        long start = System.nanoTime();
        for (int from = 0; from < texts.size(); from += batchSize) {
            encoder.encode(texts.subList(from, Math.min(texts.size(), from + batchSize)), List.of(Pooling.MEAN), 0);
        }
        return (System.nanoTime() - start) / 1e9;
    }

    static double median(List<Double> values) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private ThroughputBenchmark() {
    }
}
