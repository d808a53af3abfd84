package io.fathom.bench;

import io.fathom.contracts.Json;
import io.fathom.contracts.request.CorpusSource;
import io.fathom.contracts.request.Suite;
import io.fathom.contracts.result.CorpusSummary;
import io.fathom.contracts.result.ErrorEvent;
import io.fathom.contracts.result.MixtureResult;
import io.fathom.contracts.result.ResultEvent;
import io.fathom.datamix.dedup.Decision;
import io.fathom.datamix.dedup.Deduplicator;
import io.fathom.datamix.dedup.ExactDeduplication;
import io.fathom.datamix.dedup.SyntheticEmbeddings;
import io.fathom.datamix.dedup.TextFingerprint;
import io.fathom.datamix.mix.CorpusMixing;
import io.fathom.datamix.mix.ManifestSink;
import io.fathom.datamix.store.CorpusStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * The datamix-service's deduplication and mixing on a corpus of synthetic 384-wide embeddings with
 * planted near duplicates ({@code SyntheticEmbeddings}: 15% copies just above the 0.95 threshold, 10%
 * just below, unrelated examples at cosine 0.3 or so), default settings. The examples are spilled to
 * a {@link CorpusStore} as the service stores them (untimed: model time and ingestion), in two
 * labelled sources, in-domain where the first component is positive (so the classifier has a
 * boundary to find).
 *
 * <p>Then, first, the {@link Deduplicator} alone over the store, in the service's order, its kept
 * vectors read back from the spill: {@code offer} timed, the index's live heap measured. Second, the
 * service's whole step after the embeddings ({@link CorpusMixing}: deduplication, domain scoring, and
 * a sweep of five ratios drawn and written), timed per step, with the heap's high-water mark; its
 * deduplication must make the same decisions as the first pass. Last, the first pass's decisions on the
 * first {@code sample} examples are checked against exact search, on the vectors as spilled (the
 * half precision the service has: embeddings reach it in half precision) and on the generated
 * floats: a decision depends only on the examples before it, so the prefix's exact answer is the
 * exact answer for those decisions, however long the stream. The exact search is timed too, against
 * {@code offer} on the same prefix; its cost grows with the square of the examples, so its time for
 * the whole stream is extrapolated.
 */
final class DedupBenchmark {

    private static final int DIM = 384;
    private static final long SEED = 20261130;
    private static final double MIB = 1024 * 1024;
    private static final double TARGET_SECONDS = 60;
    private static final String IN = CorpusSource.IN_DOMAIN;
    private static final String SUITE = """
            {"name": "bench", "kind": "corpus", "ratios": [0, 0.25, 0.5, 0.75, 1],
             "mix": {"size": %d},
             "sources": [{"name": "support", "domain": "in-domain", "items": []},
                         {"name": "general", "domain": "general", "items": []}]}""";

    private DedupBenchmark() {
    }

    static void run(int examples, int sample) throws IOException {
        Path directory = Files.createTempDirectory("fathom-dedup-bench");
        try (CorpusStore store = new CorpusStore(directory.resolve("corpus.f16"))) {
            run(examples, sample, store, directory);
        } finally {
            try (Stream<Path> files = Files.walk(directory)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(file);
                }
            }
        }
    }

    private static void run(int examples, int sample, CorpusStore store, Path directory) throws IOException {
        SyntheticEmbeddings synthetic = new SyntheticEmbeddings(DIM, Deduplicator.DEFAULT_THRESHOLD, SEED);
        long started = System.nanoTime();
        int[] perSource = new int[2];
        for (int i = 0; i < examples; i++) {
            float[] vector = synthetic.vector(i);
            boolean inDomain = vector[0] > 0;
            String source = inDomain ? "support" : "general";
            store.add(new CorpusStore.Example(source + "/" + synthetic.id(i), source, perSource[inDomain ? 0 : 1]++,
                    inDomain ? IN : CorpusSource.GENERAL, TextFingerprint.of(synthetic.text(i))),
                    vector);
        }
        // the service's order: support's examples, then general's, each in the order they came
        int[] order = IntStream.concat(IntStream.range(0, examples).filter(i -> IN.equals(store.example(i).label())),
                IntStream.range(0, examples).filter(i -> !IN.equals(store.example(i).label()))).toArray();
        long stored = HeapWatcher.liveNow();
        System.out.printf("dedup benchmark: %,d examples, dim %d, threshold %.2f, seed %d; spilled in %.1f s"
                + " (support %,d, general %,d); live heap %.0f MiB with the store's example records%n", examples,
                DIM, Deduplicator.DEFAULT_THRESHOLD, SEED, (System.nanoTime() - started) / 1e9, perSource[0],
                perSource[1], stored / MIB);

        FirstPass first = deduplicate(store, order, sample, stored);
        int size = examples / 10;
        Suite suite = Json.MAPPER.readValue(SUITE.formatted(size), Suite.class);
        try (HeapWatcher heap = new HeapWatcher()) {
            heap.reset();
            CorpusMixing.Outcome outcome = new CorpusMixing("bench-run", suite, "synthetic", store, SEED,
                    Runtime.getRuntime().availableProcessors(), new ManifestSink(directory.resolve("sink"))).run();
            System.out.printf("service path (CorpusMixing, 5 ratios of %,d examples): heap high-water %.0f MiB"
                    + " (sampled), %.0f MiB after a collection (%d collections, -Xmx %.0f MiB)%n", size,
                    heap.sampledPeak() / MIB, heap.afterGcPeak() / MIB, heap.collections(),
                    Runtime.getRuntime().maxMemory() / MIB);
            report(outcome, first.counts());
        }

        List<float[]> spilled = new ArrayList<>();
        List<float[]> generated = new ArrayList<>();
        for (int k = 0; k < first.sampleKept().length; k++) {
            spilled.add(new float[DIM]);
            store.read(order[k], spilled.get(k));
            generated.add(synthetic.vector(order[k]));
        }
        double exactSeconds = compare("the vectors as spilled (half precision, what the service decides on)", spilled,
                first.sampleKept());
        compare("the generated float vectors (before half precision)", generated, first.sampleKept());
        int prefix = spilled.size();
        double exactAllSeconds = exactSeconds * Math.pow((double) examples / prefix, 2);
        System.out.printf("time, first %,d: exact search %.1f s, offer %.2f s, %.0f times faster; all %,d: "
                + "exact search about %.0f s (quadratic extrapolation), offer %.1f s, about %.0f times faster%n",
                prefix, exactSeconds, first.sampleOfferNanos() / 1e9, exactSeconds / (first.sampleOfferNanos() / 1e9),
                examples, exactAllSeconds, first.offerNanos() / 1e9, exactAllSeconds / (first.offerNanos() / 1e9));
    }

    /**
     * Prints the index's decisions on the prefix ({@code kept}: per example, the position of the kept
     * one it repeats, or -1) against exact search over {@code vectors}; returns the search's seconds.
     * An example the index missed stays in its index, so a later one near it is removed, rightly by the
     * index's own kept set, where exact search keeps it: such removals are counted apart.
     */
    private static double compare(String what, List<float[]> vectors, int[] kept) {
        long started = System.nanoTime();
        boolean[] exact = ExactDeduplication.removed(vectors, Deduplicator.DEFAULT_THRESHOLD);
        double seconds = (System.nanoTime() - started) / 1e9;
        int both = 0;
        int onlyExact = 0;
        int onlyIndex = 0;
        int ofMissed = 0;
        for (int i = 0; i < exact.length; i++) {
            boolean removed = kept[i] >= 0;
            both += exact[i] && removed ? 1 : 0;
            onlyExact += exact[i] && !removed ? 1 : 0;
            onlyIndex += !exact[i] && removed ? 1 : 0;
            ofMissed += !exact[i] && removed && exact[kept[i]] ? 1 : 0;
        }
        System.out.printf("first %,d examples vs exact search on %s (%.1f s): %,d near duplicates, found %,d,"
                + " missed %,d, removed wrongly %,d (of which %,d repeat a missed one): recall %.4f, precision %.4f%n",
                exact.length, what, seconds, both + onlyExact, both, onlyExact, onlyIndex, ofMissed,
                both / (double) (both + onlyExact), both / (double) (both + onlyIndex));
        return seconds;
    }

    /** The first pass's decisions on the sample, its counts, and the time in {@code offer}, all and the sample's. */
    private record FirstPass(int[] sampleKept, Deduplicator.Counts counts, long offerNanos,
            long sampleOfferNanos) {
    }

    /** The deduplicator alone, in the service's order; {@code stored} is the live heap before it. */
    private static FirstPass deduplicate(CorpusStore store, int[] order, int sample, long stored) {
        Deduplicator deduplicator = new Deduplicator(SEED, store::read);
        int[] sampleKept = new int[Math.min(sample, order.length)];
        int[] positionOf = new int[order.length];
        for (int k = 0; k < order.length; k++) {
            positionOf[order[k]] = k;
        }
        float[] vector = new float[DIM];
        long offerNanos = 0;
        long sampleOfferNanos = 0;
        long lastQuarterBytes = 0;
        long lastQuarterKept = 0;
        for (int k = 0; k < order.length; k++) {
            if (k == order.length * 3 / 4) {
                // of a million, the tables have all turned into their final arrays (the text's at 512k kept):
                // the heap the last quarter adds is per kept example
                lastQuarterBytes = HeapWatcher.liveNow();
                lastQuarterKept = deduplicator.counts().kept();
            }
            int index = order[k];
            CorpusStore.Example example = store.example(index);
            store.read(index, vector);
            long before = System.nanoTime();
            Decision decision = deduplicator.offer(index, example.id(), example.fingerprint(), vector);
            offerNanos += System.nanoTime() - before;
            if (k < sampleKept.length) {
                sampleKept[k] = decision instanceof Decision.Duplicate duplicate
                        ? positionOf[duplicate.keptIndex()] : -1;
                sampleOfferNanos = offerNanos;
            }
            if ((k + 1) % 100_000 == 0) {
                System.out.printf("  %,d offered, %.0f/s in offer so far%n", k + 1, (k + 1) / (offerNanos / 1e9));
            }
        }
        long liveBytes = HeapWatcher.liveNow();
        long indexBytes = liveBytes - stored;
        Deduplicator.Counts counts = deduplicator.counts();
        System.out.printf("offer, kept vectors read back from the spill file: %.1f s, %.0f examples/s, %.0f us each%n",
                offerNanos / 1e9, order.length / (offerNanos / 1e9), offerNanos / 1e3 / order.length);
        System.out.printf("counts: seen %,d, kept %,d, exact duplicates %,d, near duplicates %,d%n", counts.seen(),
                counts.kept(), counts.exactDuplicates(), counts.nearDuplicates());
        System.out.printf("index live heap: %.1f MiB, %.0f bytes per kept example; the last quarter of the stream"
                + " added %.0f bytes per kept example%n", indexBytes / MIB, (double) indexBytes / counts.kept(),
                (double) (liveBytes - lastQuarterBytes) / (counts.kept() - lastQuarterKept));
        return new FirstPass(sampleKept, counts, offerNanos, sampleOfferNanos);
    }

    /** The service pass's times against the target, its mixtures, and its deduplication against the first pass's. */
    private static void report(CorpusMixing.Outcome outcome, Deduplicator.Counts counts) {
        CorpusMixing.Seconds seconds = outcome.seconds();
        double total = seconds.deduplication() + seconds.scoring() + seconds.mixing();
        System.out.printf("service path: deduplication %.1f s, domain scoring %.1f s, mixing %.1f s (draw and write"
                + " %d mixtures, and the list of removed examples): %.1f s in all, target %.0f s%n",
                seconds.deduplication(), seconds.scoring(), seconds.mixing(), outcome.mixtures(), total,
                TARGET_SECONDS);
        for (ResultEvent result : outcome.results()) {
            if (result instanceof CorpusSummary summary) {
                long kept = summary.sources().values().stream().mapToLong(CorpusSummary.SourceCounts::kept).sum();
                System.out.printf("  kept %,d (%s the first pass); %s%n", kept, kept == counts.kept() ? "as" : "NOT as",
                        summary.classifier() == null ? "no classifier" : "classifier held-out accuracy "
                        + summary.classifier().heldOutAccuracy() + " (majority " + summary.classifier().majority()
                        + ")");
            } else if (result instanceof MixtureResult mixture) {
                System.out.printf("  ratio %.2f: %s, %s%n", mixture.ratio(), mixture.mixtureId(), mixture.perSource());
            } else if (result instanceof ErrorEvent error) {
                System.out.printf("  error %s: %s%n", error.code(), error.message());
            }
        }
    }
}
