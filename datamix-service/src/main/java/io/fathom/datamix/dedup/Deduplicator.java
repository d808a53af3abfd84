package io.fathom.datamix.dedup;

import java.util.Arrays;

/**
 * Streaming deduplication of training examples, each a text with its embedding: {@link #offer}
 * decides for one example at a time, in input order, whether it is kept or repeats an example kept
 * before it. First its text is looked up by {@link TextFingerprint} (an exact duplicate); then its
 * embedding is compared with the kept ones, and a cosine of at least the threshold makes it a near
 * duplicate. So the first example of each group is kept, and an example is only ever compared with
 * kept examples: removed ones are not indexed, and cost nothing after their decision.
 *
 * <p>Near duplicates are searched with random-hyperplane LSH ({@link LshParameters}), whose sign
 * bits come from pseudo-random rotations ({@link RandomRotations}: 512 bits for three fast
 * Walsh-Hadamard transforms of the vector padded to 512, instead of 384 multiply-adds per bit).
 * The defaults, 72 bands of 26 rows (1,872 bits; four rotations with the sketch's), find a pair at
 * cosine 0.95 with probability 0.9905 (0.990 with the rotations' measured shortfall), at 0.97 with
 * 0.9999; an unrelated pair becomes a candidate with probability 1.1e-6 at cosine 0, 1.1e-4 at 0.3,
 * 1.9e-3 at 0.5. Each candidate first meets the {@link SketchFilter}: 128 further sign bits stored
 * per kept example, compared by Hamming distance, which drops a pair at the threshold with
 * probability 3.3e-8 and an unrelated pair at cosine 0.3 with probability 0.9992. Only the
 * survivors' exact cosine is computed, and only a cosine of at least the threshold removes an
 * example: LSH and the sketch can miss a near duplicate (with the probabilities above) but never
 * invent one. The rotations are drawn from the seed, so a seed fixes every decision.
 *
 * <p>Memory. The index holds no vectors: a survivor's vector is read back through {@link Vectors}
 * (in the service, from the memory-mapped spill file), and the sketch leaves few survivors (about
 * 0.4 a query in the benchmark), so those reads cost little. Per kept example and nothing per removed one it holds a record of a next pointer per band and one
 * for its text (4 bytes each) and its 16-byte sketch; its 128-bit fingerprint (16 bytes); and the
 * index it was offered with (4 bytes), by which its vector is read and which a duplicate of it
 * names. Besides, each band has a table of at most 2^21 bucket heads (4 bytes each; 26-bit band
 * keys are hashed down to 21 bits, and the few unrelated examples this puts in a bucket are dropped
 * by the sketch), the text a table of at most 2^25. For 10 million kept examples with the defaults:
 * record 308 bytes, fingerprint 16, index 4, that is 328 bytes each or 3.05 GiB; band tables 72 x
 * 2^21 heads, 576 MiB; text table 2^25 heads, 128 MiB; rotations 24 KiB. About 3.75 GiB in all,
 * whatever the dimension. Per-example data lives in chunks of 1,024 examples that are never copied;
 * a table starts small and sparse, and turns into its final array early ({@link BucketHeads}).
 *
 * <p>Time per example: the rotations (twelve transforms of 512, about 10 µs on the benchmark's
 * machine), one read per band for its bucket's head, then per candidate its record (next pointer
 * and sketch side by side), and a cosine per survivor, its vector read back (from the page cache,
 * in the service). The reads are far apart in memory; those of different bands overlap, but a
 * bucket is a chain read one example after the other. The candidates grow with the kept examples and with the embeddings' background similarity: at 10
 * million kept, about 350 per example if unrelated texts are at cosine 0, about 1,400 if they are
 * at 0.3, as sentence embeddings often are. With such a background the bits also lean one way, so
 * some buckets are far fuller than the average, and the fullest one a query meets, read one example
 * at a time, sets the time more than the count does: in the benchmark, at 860,000 kept, it holds
 * about 20 examples, and walking the buckets takes about half of the 35 to 40 µs an example takes
 * there. Both grow in proportion to the kept examples. Fewer rows save memory and rotations but cost
 * time (24 rows and 58 bands: 56 bytes less per example, one rotation less, about twice the
 * candidates and twice the fullest bucket).
 *
 * <p>Not thread-safe: one instance serves one stream.
 */
public final class Deduplicator {

    /**
     * Where the index reads a kept example's vector back, by the index it was offered with, to verify
     * a candidate; it must give back the vector that was offered (in the service, the spill file).
     */
    @FunctionalInterface
    public interface Vectors {
        void read(int index, float[] into);
    }

    public static final double DEFAULT_THRESHOLD = 0.95;
    public static final int DEFAULT_ROWS = 26;
    /** The probability that a pair exactly at the threshold is found; pairs above it are found more often. */
    public static final double DEFAULT_RECALL_AT_THRESHOLD = 0.99;
    /** The most a pair at the threshold may lose to the sketch filter, on top of the bands' miss. */
    static final double SKETCH_MISS_AT_THRESHOLD = 1e-7;
    /** Band keys longer than this are hashed down to it, which bounds each band's table at 4 x 2^bits bytes. */
    static final int MAX_BUCKET_BITS = 21;
    /** Text buckets: the fingerprint's top bits, a table of at most 128 MiB. */
    static final int TEXT_BUCKET_BITS = 25;

    /**
     * 1,024 examples a chunk: its largest array, the records, is 308 KiB with the defaults, under the
     * half region from which G1 gives an array whole regions of its own (see {@link BucketHeads}).
     */
    private static final int CHUNK_BITS = 10;
    private static final int CHUNK_SIZE = 1 << CHUNK_BITS;

    private final double threshold;
    private final LshParameters lsh;
    private final long seed;
    private final Vectors vectors;
    private final SketchFilter sketchFilter;
    private final int bucketBits;
    private final BucketHeads[] bandHeads;
    private final BucketHeads textHeads = new BucketHeads(TEXT_BUCKET_BITS);
    /** Band bits first, then the sketch from the next whole long on. */
    private final int sketchWord;
    /** Per kept example, its record in {@link Chunk#links}: a next pointer per band, one for the text, the sketch. */
    private final int linkStride;
    private final int[] querySketch = new int[SketchFilter.INTS];
    private final int[] bucketKeys;
    /** The buckets being walked: the next example to look at in each, and its band. */
    private final int[] walking;
    private final int[] walkingBand;
    private Chunk[] chunks = new Chunk[16];
    private int[] survivors = new int[64];
    private RandomRotations rotations;
    private long[] signature;
    /** A candidate's vector, read back to verify it. */
    private float[] candidate;
    private int kept;
    private long seen;
    private long exactDuplicates;
    private long nearDuplicates;

    /** Threshold 0.95, 26 rows a band, as many bands as a recall of 0.99 at the threshold needs (72). */
    public Deduplicator(long seed, Vectors vectors) {
        this(DEFAULT_THRESHOLD, seed, vectors);
    }

    /** The given threshold, 26 rows a band, as many bands as a recall of 0.99 at the threshold needs. */
    public Deduplicator(double threshold, long seed, Vectors vectors) {
        this(threshold, LshParameters.forThreshold(threshold, DEFAULT_ROWS, DEFAULT_RECALL_AT_THRESHOLD), seed,
                vectors);
    }

    public Deduplicator(double threshold, LshParameters lsh, long seed, Vectors vectors) {
        if (!(threshold > 0 && threshold < 1)) {
            throw new IllegalArgumentException("threshold must be a cosine strictly between 0 and 1, got " + threshold);
        }
        this.threshold = threshold;
        this.lsh = lsh;
        this.seed = seed;
        this.vectors = vectors;
        this.sketchFilter = SketchFilter.forThreshold(threshold, SKETCH_MISS_AT_THRESHOLD);
        this.bucketBits = Math.min(lsh.rows(), MAX_BUCKET_BITS);
        this.bandHeads = new BucketHeads[lsh.bands()];
        Arrays.setAll(bandHeads, band -> new BucketHeads(bucketBits));
        this.bucketKeys = new int[lsh.bands()];
        this.walking = new int[lsh.bands()];
        this.walkingBand = new int[lsh.bands()];
        this.sketchWord = (lsh.bits() + Long.SIZE - 1) / Long.SIZE;
        this.linkStride = lsh.bands() + 1 + SketchFilter.INTS;
    }

    /**
     * Decides for the next example, {@code index} in the {@link Vectors} (where its vector is read
     * back if it is kept; {@code id} only names it in errors). A near duplicate names the most similar
     * kept example found, the earliest of equally similar ones. A bad example (no id or text; a
     * vector that is empty, zero, has NaN or infinite components, or a different dimension than the
     * first example's) is rejected with an {@link IllegalArgumentException} naming its id, and leaves
     * the index as it was.
     */
    public Decision offer(int index, String id, String text, float[] vector) {
        return offer(index, id, text == null ? null : TextFingerprint.of(text), vector);
    }

    /**
     * As {@link #offer(int, String, String, float[])}, for a caller that has computed the text's
     * fingerprint already (to record it, say); {@code text} is {@link TextFingerprint#of} the text.
     */
    public Decision offer(int index, String id, TextFingerprint text, float[] vector) {
        float[] unit = checkedUnitVector(id, text, vector);
        if (rotations == null) {
            rotations = new RandomRotations(unit.length, Long.SIZE * sketchWord + SketchFilter.BITS, seed);
            signature = new long[rotations.words()];
            candidate = new float[unit.length];
        }
        seen++;
        int sameText = findText(text);
        if (sameText != BucketHeads.NONE) {
            exactDuplicates++;
            return new Decision.Duplicate(indexOf(sameText), Decision.Reason.EXACT_TEXT, cosine(unit, sameText));
        }
        rotations.signs(unit, signature);
        readSignature();
        int count = gatherSurvivors();
        int nearest = BucketHeads.NONE;
        double nearestCosine = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < count; i++) {
            int survivor = survivors[i];
            double cosine = cosine(unit, survivor);
            if (cosine >= threshold
                    && (cosine > nearestCosine || cosine == nearestCosine && survivor < nearest)) {
                nearest = survivor;
                nearestCosine = cosine;
            }
        }
        if (nearest != BucketHeads.NONE) {
            nearDuplicates++;
            return new Decision.Duplicate(indexOf(nearest), Decision.Reason.NEAR_VECTOR, nearestCosine);
        }
        add(index, text);
        return Decision.KEEP;
    }

    public Counts counts() {
        return new Counts(seen, kept, exactDuplicates, nearDuplicates);
    }

    /** Examples offered and accepted (rejected ones are not counted), and what became of them. */
    public record Counts(long seen, long kept, long exactDuplicates, long nearDuplicates) {
    }

    private float[] checkedUnitVector(String id, TextFingerprint text, float[] vector) {
        if (id == null) {
            throw new IllegalArgumentException("an example has no id");
        }
        if (text == null) {
            throw new IllegalArgumentException("example '" + id + "' has no text");
        }
        if (vector == null || vector.length == 0) {
            throw new IllegalArgumentException("example '" + id + "' has no vector");
        }
        if (rotations != null && vector.length != rotations.dim()) {
            throw new IllegalArgumentException("example '" + id + "' has a vector of " + vector.length
                    + " dimensions, the first example's had " + rotations.dim());
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
        double inverseNorm = 1 / Math.sqrt(squares); // a multiply per component, not a slow division
        float[] unit = new float[vector.length];
        for (int d = 0; d < vector.length; d++) {
            unit[d] = (float) (vector[d] * inverseNorm);
        }
        return unit;
    }

    /** From the signature: each band's bits, hashed down to its table's key when longer; then the sketch. */
    private void readSignature() {
        int rows = lsh.rows();
        long mask = -1L >>> (Long.SIZE - rows);
        for (int band = 0; band < bucketKeys.length; band++) {
            int from = band * rows;
            int word = from >>> 6;
            int shift = from & 63;
            long bits = signature[word] >>> shift;
            if (shift + rows > Long.SIZE) {
                bits |= signature[word + 1] << (Long.SIZE - shift);
            }
            int key = (int) (bits & mask);
            bucketKeys[band] = rows <= bucketBits ? key : mix(key) >>> (Integer.SIZE - bucketBits);
        }
        for (int w = 0; w < SketchFilter.INTS; w++) {
            querySketch[w] = (int) (signature[sketchWord + w / 2] >>> (w % 2 * Integer.SIZE));
        }
    }

    /** Murmur3's finaliser: every output bit depends on every input bit, so the top bits are a fair hash. */
    private static int mix(int key) {
        int h = key;
        h ^= h >>> 16;
        h *= 0x85EBCA6B;
        h ^= h >>> 13;
        h *= 0xC2B2AE35;
        h ^= h >>> 16;
        return h;
    }

    /**
     * The kept examples in the query's buckets whose sketch passes the filter, each once. A bucket
     * also holds examples whose longer band key only hashed alike; the sketch drops those like any
     * unrelated candidate. The buckets are walked a step of every band at a time, over a list of the
     * bands not at their end yet: the reads of one step are independent and overlap in the memory
     * system, where walking one bucket to its end would make each read wait for the one before.
     */
    private int gatherSurvivors() {
        int active = 0;
        for (int band = 0; band < bucketKeys.length; band++) {
            int head = bandHeads[band].head(bucketKeys[band]);
            walking[active] = head;
            walkingBand[active] = band;
            active += isExample(head);
        }
        int sketchAt = lsh.bands() + 1;
        int count = 0;
        while (active > 0) {
            int stillActive = 0;
            for (int k = 0; k < active; k++) {
                int o = walking[k];
                int band = walkingBand[k];
                Chunk chunk = chunks[o >>> CHUNK_BITS];
                int record = (o & (CHUNK_SIZE - 1)) * linkStride;
                int after = chunk.links[record + band];
                if (sketchFilter.passes(querySketch, 0, chunk.links, record + sketchAt)
                        && !contains(survivors, count, o)) {
                    if (count == survivors.length) {
                        survivors = Arrays.copyOf(survivors, 2 * count);
                    }
                    survivors[count++] = o;
                }
                walking[stillActive] = after;
                walkingBand[stillActive] = band;
                stillActive += isExample(after);
            }
            active = stillActive;
        }
        return count;
    }

    /**
     * 1 for an ordinal, 0 for {@link BucketHeads#NONE}, in arithmetic rather than a branch: the value
     * is often still on its way from memory, and a wrongly guessed branch would discard the reads
     * issued after it.
     */
    private static int isExample(int ordinalOrNone) {
        return (ordinalOrNone >>> 31) ^ 1;
    }

    /**
     * A linear search: a near duplicate is found in several bands, but the distinct survivors are
     * few, and each costs a cosine, far more than scanning them.
     */
    private static boolean contains(int[] values, int count, int value) {
        for (int i = 0; i < count; i++) {
            if (values[i] == value) {
                return true;
            }
        }
        return false;
    }

    private int findText(TextFingerprint fingerprint) {
        int textChain = lsh.bands();
        for (int o = textHeads.head(textBucket(fingerprint)); o != BucketHeads.NONE; o = next(o, textChain)) {
            Chunk chunk = chunks[o >>> CHUNK_BITS];
            int i = o & (CHUNK_SIZE - 1);
            if (chunk.fingerprints[2 * i] == fingerprint.high() && chunk.fingerprints[2 * i + 1] == fingerprint.low()) {
                return o;
            }
        }
        return BucketHeads.NONE;
    }

    private static int textBucket(TextFingerprint fingerprint) {
        return (int) (fingerprint.high() >>> (Long.SIZE - TEXT_BUCKET_BITS));
    }

    private void add(int index, TextFingerprint fingerprint) {
        int ordinal = kept;
        if ((ordinal & (CHUNK_SIZE - 1)) == 0) {
            int chunk = ordinal >>> CHUNK_BITS;
            if (chunk == chunks.length) {
                chunks = Arrays.copyOf(chunks, 2 * chunk);
            }
            chunks[chunk] = new Chunk(linkStride);
        }
        Chunk chunk = chunks[ordinal >>> CHUNK_BITS];
        int i = ordinal & (CHUNK_SIZE - 1);
        chunk.indices[i] = index;
        chunk.fingerprints[2 * i] = fingerprint.high();
        chunk.fingerprints[2 * i + 1] = fingerprint.low();
        int record = i * linkStride;
        for (int band = 0; band < bucketKeys.length; band++) {
            chunk.links[record + band] = bandHeads[band].push(bucketKeys[band], ordinal);
        }
        chunk.links[record + lsh.bands()] = textHeads.push(textBucket(fingerprint), ordinal);
        System.arraycopy(querySketch, 0, chunk.links, record + lsh.bands() + 1, SketchFilter.INTS);
        kept++;
    }

    /** The example before {@code ordinal} in its bucket of {@code chain}: a band, or after the bands the text's. */
    private int next(int ordinal, int chain) {
        return chunks[ordinal >>> CHUNK_BITS].links[(ordinal & (CHUNK_SIZE - 1)) * linkStride + chain];
    }

    private int indexOf(int ordinal) {
        return chunks[ordinal >>> CHUNK_BITS].indices[ordinal & (CHUNK_SIZE - 1)];
    }

    /** The query's cosine with a kept example, whose vector is read back as it was offered, not a unit one. */
    private double cosine(float[] unit, int ordinal) {
        vectors.read(indexOf(ordinal), candidate);
        float dot = 0;
        float squares = 0;
        for (int d = 0; d < unit.length; d++) {
            dot += unit[d] * candidate[d];
            squares += candidate[d] * candidate[d];
        }
        return dot / Math.sqrt(squares);
    }

    /** The kept examples' data, {@value #CHUNK_SIZE} at a time. */
    private static final class Chunk {
        /** Per example, the index it was offered with. */
        final int[] indices = new int[CHUNK_SIZE];
        /**
         * Per example, the next example of each band's bucket, then of its text's bucket, then its
         * sketch: one record, so that a candidate's next pointer and sketch lie close together (on
         * one memory page) rather than in two arrays far apart.
         */
        final int[] links;
        /** Per example, the fingerprint's high and low halves. */
        final long[] fingerprints = new long[2 * CHUNK_SIZE];

        Chunk(int linkStride) {
            links = new int[CHUNK_SIZE * linkStride];
        }
    }
}
