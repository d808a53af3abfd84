package io.fathom.datamix.mix;

/**
 * A 64-bit hash of a string under a seed that is the same on every machine and Java version
 * (unlike {@link String#hashCode} mixed with a random seed): FNV-1a over the UTF-16 code units,
 * then SplitMix64's finaliser so that every bit depends on every input bit. It orders and splits
 * examples, so draws and folds follow the seed and the ids alone, never the arrival order.
 */
public final class StableHash {

    private StableHash() {
    }

    public static long of(long seed, String text) {
        long hash = 0xcbf29ce484222325L ^ seed;
        for (int i = 0; i < text.length(); i++) {
            hash ^= text.charAt(i);
            hash *= 0x100000001b3L;
        }
        hash ^= hash >>> 30;
        hash *= 0xbf58476d1ce4e5b9L;
        hash ^= hash >>> 27;
        hash *= 0x94d049bb133111ebL;
        return hash ^ (hash >>> 31);
    }
}
