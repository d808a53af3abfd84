package io.fathom.bench;

import io.fathom.datamix.dedup.Decision;
import io.fathom.datamix.dedup.Deduplicator;
import io.fathom.datamix.dedup.ExactDeduplication;
import io.fathom.datamix.dedup.SyntheticEmbeddings;
import java.util.ArrayList;
import java.util.List;

/**
 * The datamix deduplicator on a stream of synthetic 384-wide embeddings with planted near duplicates
 * ({@code SyntheticEmbeddings}: 15% copies just above the 0.95 threshold, 10% just below, unrelated
 * examples at cosine 0.3 or so), default settings. Times {@code offer} alone (generating the
 * vectors is not timed), measures the index's live heap, and checks the decisions on the first
 * {@code sample} examples against exact search: a decision depends only on the examples before it,
 * so the prefix's exact answer is the exact answer for those decisions, however long the stream.
 * The exact search is timed too, against {@code offer} on the same prefix; its cost grows with the
 * square of the examples, so its time for the whole stream is extrapolated from the prefix's.
 */
final class DedupBenchmark {

    private static final int DIM = 384;
    private static final long SEED = 20261130;
    private static final double MIB = 1024 * 1024;

    private DedupBenchmark() {
    }

    static void run(int examples, int sample) {
        SyntheticEmbeddings synthetic = new SyntheticEmbeddings(DIM, Deduplicator.DEFAULT_THRESHOLD, SEED);
        long baseline = HeapWatcher.liveNow();
        Deduplicator deduplicator = new Deduplicator(SEED);
        List<float[]> sampleVectors = new ArrayList<>();
        boolean[] sampleRemoved = new boolean[Math.min(sample, examples)];
        long offerNanos = 0;
        long sampleOfferNanos = 0;
        long started = System.nanoTime();
        for (int i = 0; i < examples; i++) {
            float[] vector = synthetic.vector(i);
            long before = System.nanoTime();
            Decision decision = deduplicator.offer(synthetic.id(i), synthetic.text(i), vector);
            offerNanos += System.nanoTime() - before;
            if (i < sampleRemoved.length) {
                sampleVectors.add(vector);
                sampleRemoved[i] = decision instanceof Decision.Duplicate;
                sampleOfferNanos = offerNanos;
            }
            if ((i + 1) % 100_000 == 0) {
                System.out.printf("  %,d offered, %.0f/s in offer so far%n", i + 1, (i + 1) / (offerNanos / 1e9));
            }
        }
        double wallSeconds = (System.nanoTime() - started) / 1e9;
        long sampleBytes = (long) sampleVectors.size() * (16 + 4L * DIM);
        long indexBytes = HeapWatcher.liveNow() - baseline - sampleBytes;
        Deduplicator.Counts counts = deduplicator.counts();
        System.out.printf("dedup benchmark: %,d examples, dim %d, threshold %.2f, seed %d%n", examples, DIM,
                Deduplicator.DEFAULT_THRESHOLD, SEED);
        System.out.printf("offer: %.1f s, %.0f examples/s, %.0f us each (generation included: %.1f s wall)%n",
                offerNanos / 1e9, examples / (offerNanos / 1e9), offerNanos / 1e3 / examples, wallSeconds);
        System.out.printf("counts: seen %,d, kept %,d, exact duplicates %,d, near duplicates %,d%n", counts.seen(),
                counts.kept(), counts.exactDuplicates(), counts.nearDuplicates());
        System.out.printf("index live heap: %.1f MiB, %.0f bytes per kept example%n", indexBytes / MIB,
                (double) indexBytes / counts.kept());

        long exactStarted = System.nanoTime();
        boolean[] exact = ExactDeduplication.removed(sampleVectors, Deduplicator.DEFAULT_THRESHOLD);
        double exactSeconds = (System.nanoTime() - exactStarted) / 1e9;
        int both = 0;
        int onlyExact = 0;
        int onlyIndex = 0;
        for (int i = 0; i < exact.length; i++) {
            both += exact[i] && sampleRemoved[i] ? 1 : 0;
            onlyExact += exact[i] && !sampleRemoved[i] ? 1 : 0;
            onlyIndex += !exact[i] && sampleRemoved[i] ? 1 : 0;
        }
        System.out.printf("first %,d examples vs exact search (%.1f s): %,d near duplicates, found %,d, missed %,d, "
                + "removed wrongly %,d: recall %.4f, precision %.4f%n", exact.length, exactSeconds,
                both + onlyExact, both, onlyExact, onlyIndex,
                both / (double) (both + onlyExact), both / (double) (both + onlyIndex));
        double exactAllSeconds = exactSeconds * Math.pow((double) examples / exact.length, 2);
        System.out.printf("time, first %,d: exact search %.1f s, offer %.2f s, %.0f times faster; all %,d: "
                + "exact search about %.0f s (quadratic extrapolation), offer %.1f s, about %.0f times faster%n",
                exact.length, exactSeconds, sampleOfferNanos / 1e9, exactSeconds / (sampleOfferNanos / 1e9),
                examples, exactAllSeconds, offerNanos / 1e9, exactAllSeconds / (offerNanos / 1e9));
    }
}
