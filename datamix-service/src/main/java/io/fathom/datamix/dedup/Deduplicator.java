package io.fathom.datamix.dedup;

import io.fathom.contracts.hidden.Float16;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Streaming deduplication of training examples, each a text with its embedding: {@link #offer}
 * decides for one example at a time, in input order, whether it is kept or repeats an example kept
 * before it. First its text is looked up by {@link TextFingerprint} (an exact duplicate); then its
 * embedding is compared with the kept ones, and a cosine of at least the threshold makes it a near
 * duplicate. So the first example of each group is kept, and an example is only ever compared with
 * kept examples: removed ones are not indexed, and cost nothing after their decision.
 *
 * <p>Near duplicates are searched with random-hyperplane LSH ({@link LshParameters}); every
 * candidate is verified by its exact cosine, so LSH can miss a near duplicate (with the probability
 * its parameters give) but never invents one. The defaults, 37 bands of 20 rows (740 bits), find a
 * pair at cosine 0.95 with probability 0.991, at 0.97 with 0.9997; an unrelated pair at cosine 0
 * becomes a candidate with probability 3.5e-5, at 0.5 with 0.011. The hyperplanes are drawn from
 * the seed, so a seed fixes every decision.
 *
 * <p>Memory. The index holds, per kept example and nothing per removed one: its unit vector in half
 * precision (2 bytes a dimension; a cosine computed from it is off by at most 5e-4, typically 1e-5,
 * so only pairs that close to the threshold can be decided differently than in float), a next
 * pointer per band and one for its text (4 bytes each), its 128-bit fingerprint (16 bytes) and a
 * reference to its id. Besides, each band's table holds 8 bytes a slot for at most
 * {@code 2^rows} distinct keys and is at most half full, and the text table likewise for one key per
 * kept example. For 10 million kept examples of 384 dimensions with the defaults: vectors 768 bytes,
 * next pointers 152, fingerprint 16, id reference 4, that is 940 bytes each or 8.8 GiB; band tables
 * 37 x 2^21 slots, 592 MiB; text table 2^25 slots, 256 MiB; hyperplanes 1.1 MiB; and the id strings
 * themselves (about 64 bytes for a 20-character ASCII id, 0.6 GiB). About 10 GiB in all. Per-example
 * data lives in chunks of 4,096 examples that are never copied; only the tables double as they fill.
 *
 * <p>Time per example: projecting on the hyperplanes ({@code dim x bits} multiply-adds), then one
 * cosine per candidate. The candidates per example grow with the kept examples and with the
 * embeddings' background similarity: at 10 million kept, about 350 if unrelated texts are at cosine
 * 0, about 12,000 if they are at 0.3, as sentence embeddings often are. More rows cut that (24 rows
 * and 58 bands: 35 and 2,400) at the cost of more bits and larger band tables.
 *
 * <p>Not thread-safe: one instance serves one stream.
 */
public final class Deduplicator {

    public static final double DEFAULT_THRESHOLD = 0.95;
    public static final int DEFAULT_ROWS = 20;
    /** The probability that a pair exactly at the threshold is found; pairs above it are found more often. */
    public static final double DEFAULT_RECALL_AT_THRESHOLD = 0.99;

    private static final int CHUNK_BITS = 12;
    private static final int CHUNK_SIZE = 1 << CHUNK_BITS;

    private final double threshold;
    private final LshParameters lsh;
    private final long seed;
    private final BucketHeads[] bandHeads;
    private final BucketHeads textHeads = new BucketHeads();
    private final List<Chunk> chunks = new ArrayList<>();
    private final int[] bandKeys;
    private int[] candidates = new int[64];
    private int dim;
    private float[] hyperplanes;
    private float[] projections;
    private int kept;
    private long seen;
    private long exactDuplicates;
    private long nearDuplicates;

    /** Threshold 0.95, 20 rows a band, as many bands as a recall of 0.99 at the threshold needs (37). */
    public Deduplicator(long seed) {
        this(DEFAULT_THRESHOLD, seed);
    }

    /** The given threshold, 20 rows a band, as many bands as a recall of 0.99 at the threshold needs. */
    public Deduplicator(double threshold, long seed) {
        this(threshold, LshParameters.forThreshold(threshold, DEFAULT_ROWS, DEFAULT_RECALL_AT_THRESHOLD), seed);
    }

    public Deduplicator(double threshold, LshParameters lsh, long seed) {
        if (!(threshold > 0 && threshold < 1)) {
            throw new IllegalArgumentException("threshold must be a cosine strictly between 0 and 1, got " + threshold);
        }
        this.threshold = threshold;
        this.lsh = lsh;
        this.seed = seed;
        this.bandHeads = new BucketHeads[lsh.bands()];
        Arrays.setAll(bandHeads, band -> new BucketHeads());
        this.bandKeys = new int[lsh.bands()];
    }

    /**
     * Decides for the next example. A near duplicate names the most similar kept example found, the
     * earliest of equally similar ones. A bad example (no id or text; a vector that is empty, zero, has
     * NaN or infinite components, or a different dimension than the first example's) is rejected with
     * an {@link IllegalArgumentException} naming its id, and leaves the index as it was.
     */
    public Decision offer(String id, String text, float[] vector) {
        if (text == null) {
            throw new IllegalArgumentException("example '" + id + "' has no text");
        }
        return offer(id, TextFingerprint.of(text), vector);
    }

    /** {@link #offer(String, String, float[])} for a caller that has fingerprinted the text already. */
    public Decision offer(String id, TextFingerprint fingerprint, float[] vector) {
        float[] unit = checkedUnitVector(id, fingerprint, vector);
        if (hyperplanes == null) {
            drawHyperplanes(unit.length);
        }
        seen++;
        int sameText = findText(fingerprint);
        if (sameText != BucketHeads.NONE) {
            exactDuplicates++;
            return new Decision.Duplicate(idOf(sameText), Decision.Reason.EXACT_TEXT, cosine(unit, sameText));
        }
        computeBandKeys(unit);
        int nearest = BucketHeads.NONE;
        double nearestCosine = Double.NEGATIVE_INFINITY;
        int count = gatherCandidates();
        for (int i = 0; i < count; i++) {
            if (i > 0 && candidates[i] == candidates[i - 1]) {
                continue; // found in several bands
            }
            double cosine = cosine(unit, candidates[i]);
            if (cosine >= threshold && cosine > nearestCosine) { // strictly: the earliest of equals stays
                nearest = candidates[i];
                nearestCosine = cosine;
            }
        }
        if (nearest != BucketHeads.NONE) {
            nearDuplicates++;
            return new Decision.Duplicate(idOf(nearest), Decision.Reason.NEAR_VECTOR, nearestCosine);
        }
        add(id, unit, fingerprint);
        return Decision.KEEP;
    }

    public Counts counts() {
        return new Counts(seen, kept, exactDuplicates, nearDuplicates);
    }

    /** Examples offered and accepted (rejected ones are not counted), and what became of them. */
    public record Counts(long seen, long kept, long exactDuplicates, long nearDuplicates) {
    }

    private float[] checkedUnitVector(String id, TextFingerprint fingerprint, float[] vector) {
        if (id == null) {
            throw new IllegalArgumentException("an example has no id");
        }
        if (fingerprint == null) {
            throw new IllegalArgumentException("example '" + id + "' has no text");
        }
        if (vector == null || vector.length == 0) {
            throw new IllegalArgumentException("example '" + id + "' has no vector");
        }
        if (hyperplanes != null && vector.length != dim) {
            throw new IllegalArgumentException("example '" + id + "' has a vector of " + vector.length
                    + " dimensions, the first example's had " + dim);
        }
        double squares = 0; // in double: no float overflows it
        for (int d = 0; d < vector.length; d++) {
            if (!Float.isFinite(vector[d])) {
                throw new IllegalArgumentException("example '" + id + "' has " + vector[d] + " at dimension " + d);
            }
            squares += (double) vector[d] * vector[d];
        }
        if (squares == 0) {
            throw new IllegalArgumentException("example '" + id
                    + "' has a zero vector, which has no direction to compare");
        }
        double norm = Math.sqrt(squares);
        float[] unit = new float[vector.length];
        for (int d = 0; d < vector.length; d++) {
            unit[d] = (float) (vector[d] / norm);
        }
        return unit;
    }

    private void drawHyperplanes(int dimensions) {
        dim = dimensions;
        // laid out dimension-major so that projecting is multiply-add loops over the bits, which the JIT vectorises
        hyperplanes = new float[dim * lsh.bits()];
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < hyperplanes.length; i++) {
            hyperplanes[i] = (float) random.nextGaussian();
        }
        projections = new float[lsh.bits()];
    }

    private void computeBandKeys(float[] unit) {
        int bits = lsh.bits();
        Arrays.fill(projections, 0f);
        int d = 0;
        // four dimensions per pass over the projections: half the time of one at a time, which is load- and store-bound
        for (; d + 4 <= dim; d += 4) {
            float x0 = unit[d];
            float x1 = unit[d + 1];
            float x2 = unit[d + 2];
            float x3 = unit[d + 3];
            int o0 = d * bits;
            int o1 = o0 + bits;
            int o2 = o1 + bits;
            int o3 = o2 + bits;
            for (int k = 0; k < bits; k++) {
                projections[k] += x0 * hyperplanes[o0 + k] + x1 * hyperplanes[o1 + k] + x2 * hyperplanes[o2 + k]
                        + x3 * hyperplanes[o3 + k];
            }
        }
        for (; d < dim; d++) {
            float x = unit[d];
            int offset = d * bits;
            for (int k = 0; k < bits; k++) {
                projections[k] += x * hyperplanes[offset + k];
            }
        }
        int rows = lsh.rows();
        for (int band = 0; band < bandKeys.length; band++) {
            int key = 0;
            for (int row = 0; row < rows; row++) {
                key = (key << 1) | (projections[band * rows + row] > 0 ? 1 : 0);
            }
            bandKeys[band] = key;
        }
    }

    /** Every kept example that shares a band key, ascending (so in input order), repeated once per band shared. */
    private int gatherCandidates() {
        int count = 0;
        for (int band = 0; band < bandKeys.length; band++) {
            for (int o = bandHeads[band].head(bandKeys[band]); o != BucketHeads.NONE; o = next(o, band)) {
                if (count == candidates.length) {
                    candidates = Arrays.copyOf(candidates, 2 * count);
                }
                candidates[count++] = o;
            }
        }
        Arrays.sort(candidates, 0, count);
        return count;
    }

    private int findText(TextFingerprint fingerprint) {
        int textChain = lsh.bands();
        for (int o = textHeads.head((int) fingerprint.high()); o != BucketHeads.NONE; o = next(o, textChain)) {
            Chunk chunk = chunks.get(o >>> CHUNK_BITS);
            int i = o & (CHUNK_SIZE - 1);
            if (chunk.fingerprints[2 * i] == fingerprint.high() && chunk.fingerprints[2 * i + 1] == fingerprint.low()) {
                return o;
            }
        }
        return BucketHeads.NONE;
    }

    private void add(String id, float[] unit, TextFingerprint fingerprint) {
        int ordinal = kept;
        if ((ordinal & (CHUNK_SIZE - 1)) == 0) {
            chunks.add(new Chunk(dim, lsh.bands() + 1));
        }
        Chunk chunk = chunks.get(ordinal >>> CHUNK_BITS);
        int i = ordinal & (CHUNK_SIZE - 1);
        chunk.ids[i] = id;
        for (int d = 0; d < dim; d++) {
            chunk.vectors[i * dim + d] = Float16.fromFloat(unit[d]);
        }
        chunk.fingerprints[2 * i] = fingerprint.high();
        chunk.fingerprints[2 * i + 1] = fingerprint.low();
        int chains = lsh.bands() + 1;
        for (int band = 0; band < bandKeys.length; band++) {
            chunk.next[i * chains + band] = bandHeads[band].push(bandKeys[band], ordinal);
        }
        chunk.next[i * chains + lsh.bands()] = textHeads.push((int) fingerprint.high(), ordinal);
        kept++;
    }

    /** The example before {@code ordinal} in its bucket of {@code chain}: a band, or after the bands the text's. */
    private int next(int ordinal, int chain) {
        return chunks.get(ordinal >>> CHUNK_BITS).next[(ordinal & (CHUNK_SIZE - 1)) * (lsh.bands() + 1) + chain];
    }

    private String idOf(int ordinal) {
        return chunks.get(ordinal >>> CHUNK_BITS).ids[ordinal & (CHUNK_SIZE - 1)];
    }

    private double cosine(float[] unit, int ordinal) {
        short[] vectors = chunks.get(ordinal >>> CHUNK_BITS).vectors;
        int offset = (ordinal & (CHUNK_SIZE - 1)) * dim;
        float dot = 0;
        for (int d = 0; d < dim; d++) {
            dot += unit[d] * Float16.toFloat(vectors[offset + d]);
        }
        return dot;
    }

    /** The kept examples' data, {@value #CHUNK_SIZE} at a time. */
    private static final class Chunk {
        final String[] ids = new String[CHUNK_SIZE];
        final short[] vectors;
        /** Per example, the next example of each band's bucket, then of its text's bucket. */
        final int[] next;
        /** Per example, the fingerprint's high and low halves. */
        final long[] fingerprints = new long[2 * CHUNK_SIZE];

        Chunk(int dim, int chains) {
            vectors = new short[CHUNK_SIZE * dim];
            next = new int[CHUNK_SIZE * chains];
        }
    }
}
