package io.fathom.datamix.dedup;

/** What {@link Deduplicator#offer} decided for one example. */
public sealed interface Decision permits Decision.Keep, Decision.Duplicate {

    Decision KEEP = new Keep();

    /** The example is new: it is kept, and later examples are compared with it. */
    record Keep() implements Decision {
    }

    /**
     * The example repeats the kept example offered with {@code keptIndex} and is removed. {@code
     * cosine} is the similarity of their embeddings, also for exact duplicates.
     */
    record Duplicate(int keptIndex, Reason reason, double cosine) implements Decision {
    }

    enum Reason {
        /** The same text after normalisation ({@link TextFingerprint#normalize}). */
        EXACT_TEXT,
        /** A different text whose embedding is at least the threshold's cosine from the kept one's. */
        NEAR_VECTOR
    }
}
