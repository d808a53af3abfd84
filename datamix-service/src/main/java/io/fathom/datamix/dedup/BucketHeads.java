package io.fathom.datamix.dedup;

import java.util.Arrays;

/**
 * The newest example of each bucket, by bucket key: an open-addressing table (linear probing, at
 * most half full, 8 bytes a slot) from an int key to the ordinal of the example added last under
 * it. The examples before it are chained through next pointers the caller keeps per example, so a
 * bucket costs one slot however many examples it holds.
 */
final class BucketHeads {

    static final int NONE = -1;

    private int[] keys;
    private int[] heads;
    private int size;

    BucketHeads() {
        keys = new int[16];
        heads = new int[16];
        Arrays.fill(heads, NONE);
    }

    /** The newest example under {@code key}, or {@link #NONE}. */
    int head(int key) {
        return heads[slot(key)];
    }

    /** Makes {@code ordinal} the newest example under {@code key}; returns the one it follows, or {@link #NONE}. */
    int push(int key, int ordinal) {
        int slot = slot(key);
        int previous = heads[slot];
        if (previous == NONE) {
            if (2 * (size + 1) > keys.length) {
                grow();
                slot = slot(key);
            }
            keys[slot] = key;
            size++;
        }
        heads[slot] = ordinal;
        return previous;
    }

    private int slot(int key) {
        int mask = keys.length - 1;
        int mixed = key * 0x9E3779B9; // band keys and text hashes are random already; this spreads patterned keys
        int slot = (mixed ^ (mixed >>> 16)) & mask;
        while (heads[slot] != NONE && keys[slot] != key) {
            slot = (slot + 1) & mask;
        }
        return slot;
    }

    private void grow() {
        int[] oldKeys = keys;
        int[] oldHeads = heads;
        keys = new int[oldKeys.length * 2];
        heads = new int[oldKeys.length * 2];
        Arrays.fill(heads, NONE);
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldHeads[i] != NONE) {
                int slot = slot(oldKeys[i]);
                keys[slot] = oldKeys[i];
                heads[slot] = oldHeads[i];
            }
        }
    }
}
