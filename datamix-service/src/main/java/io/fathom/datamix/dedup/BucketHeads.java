package io.fathom.datamix.dedup;

import java.util.Arrays;

/**
 * The newest example of each bucket, by a key of {@code keyBits} bits: the ordinal of the example
 * added last under it. The examples before it are chained through next pointers the caller keeps
 * per example, so a bucket costs one slot however many examples it holds. While few keys are in
 * use it is an open-addressing table (linear probing, at most half full, 8 bytes a slot); once that
 * table would outgrow a sixteenth of {@code 4 x 2^keyBits} bytes it becomes a plain array of
 * {@code 2^keyBits} heads indexed by the key, so it never takes more than that. The switch comes
 * early because a large sparse table is slow: its probes are reads far apart whose results decide
 * the next read, and each doubling rehashes every key, where the plain array needs one read that
 * does not wait for any other.
 */
final class BucketHeads {

    static final int NONE = -1;
    private static final int INITIAL_SLOTS = 16;
    /** The sparse table gives way to the plain array once it would take more than this share of the array's bytes. */
    private static final int SPARSE_SHARE = 16;

    /**
     * The plain array comes in pages of 2^16 heads (256 KiB): the JVM's default collector (G1) puts
     * an array of half a region or more in whole regions of its own, which for one array of 8 MiB
     * would waste from a fifth to a half of it.
     */
    private static final int PAGE_BITS = 16;
    private static final int PAGE_MASK = (1 << PAGE_BITS) - 1;

    private final int keyBits;
    /** While sparse: per slot its key, then its head, side by side to share a cache line; then null. */
    private int[] sparse;
    /** Once direct: the head of each key, in pages; null before. */
    private int[][] pages;
    private int size;

    BucketHeads(int keyBits) {
        if (keyBits < 1 || keyBits > 30) {
            throw new IllegalArgumentException("keyBits must be between 1 and 30, got " + keyBits);
        }
        this.keyBits = keyBits;
        if (2L * INITIAL_SLOTS * SPARSE_SHARE > 1L << keyBits) {
            pages = emptyPages();
        } else {
            sparse = new int[2 * INITIAL_SLOTS];
            Arrays.fill(sparse, NONE);
        }
    }

    /** The newest example under {@code key}, or {@link #NONE}. */
    int head(int key) {
        return pages != null ? pages[key >>> PAGE_BITS][key & PAGE_MASK] : sparse[slot(key) + 1];
    }

    /** Makes {@code ordinal} the newest example under {@code key}; returns the one it follows, or {@link #NONE}. */
    int push(int key, int ordinal) {
        if (key >>> keyBits != 0) {
            throw new IllegalArgumentException("key " + key + " has more than " + keyBits + " bits");
        }
        if (pages != null) {
            int[] page = pages[key >>> PAGE_BITS];
            int previous = page[key & PAGE_MASK];
            page[key & PAGE_MASK] = ordinal;
            return previous;
        }
        int slot = slot(key);
        int previous = sparse[slot + 1];
        if (previous == NONE) {
            if (4 * (size + 1) > sparse.length) { // more than half the slots
                grow();
                return push(key, ordinal);
            }
            sparse[slot] = key;
            size++;
        }
        sparse[slot + 1] = ordinal;
        return previous;
    }

    /** The index of {@code key}'s slot in the sparse table (its key; its head follows), or of the free slot for it. */
    private int slot(int key) {
        int mask = sparse.length / 2 - 1;
        // Fibonacci hashing: the product's top bits, so that keys differing only in high bits spread too
        int slot = (key * 0x9E3779B9) >>> Integer.numberOfLeadingZeros(mask);
        while (sparse[2 * slot + 1] != NONE && sparse[2 * slot] != key) {
            slot = (slot + 1) & mask;
        }
        return 2 * slot;
    }

    private void grow() {
        int[] old = sparse;
        if (2L * old.length * SPARSE_SHARE > 1L << keyBits) {
            sparse = null;
            pages = emptyPages();
            for (int i = 0; i < old.length; i += 2) {
                if (old[i + 1] != NONE) {
                    pages[old[i] >>> PAGE_BITS][old[i] & PAGE_MASK] = old[i + 1];
                }
            }
            return;
        }
        sparse = new int[2 * old.length];
        Arrays.fill(sparse, NONE);
        for (int i = 0; i < old.length; i += 2) {
            if (old[i + 1] != NONE) {
                int slot = slot(old[i]);
                sparse[slot] = old[i];
                sparse[slot + 1] = old[i + 1];
            }
        }
    }

    private int[][] emptyPages() {
        int[][] empty = new int[Math.max(1, 1 << keyBits >>> PAGE_BITS)][Math.min(1 << keyBits, 1 << PAGE_BITS)];
        for (int[] page : empty) {
            Arrays.fill(page, NONE);
        }
        return empty;
    }
}
