package io.fathom.datamix.dedup;

/**
 * A cheap test that rejects most LSH candidates before their exact cosine: every kept example
 * stores {@value #BITS} sign bits of its own (random-hyperplane bits independent of the band
 * keys'), and a candidate whose bits differ from the query's in more than {@code maxDistance}
 * places is dropped. For a pair at cosine c the differing bits are Binomial({@value #BITS},
 * acos(c)/π), so the test drops a pair at the threshold with the binomial tail probability above
 * {@code maxDistance} ({@link #forThreshold} keeps that below a given bound), pairs above the
 * threshold less often, and unrelated pairs nearly always. It only drops: a near duplicate still
 * needs its exact cosine.
 */
record SketchFilter(int maxDistance) {

    static final int BITS = 128;
    static final int INTS = BITS / Integer.SIZE;

    SketchFilter {
        if (maxDistance < 0 || maxDistance > BITS) {
            throw new IllegalArgumentException("maxDistance must be between 0 and " + BITS + ", got " + maxDistance);
        }
    }

    /** The smallest cutoff that drops a pair at cosine {@code threshold} with probability at most {@code maxMiss}. */
    static SketchFilter forThreshold(double threshold, double maxMiss) {
        double[] distances = distanceProbabilities(threshold);
        double tail = 1;
        for (int d = 0; d <= BITS; d++) {
            tail -= distances[d];
            if (tail <= maxMiss) {
                return new SketchFilter(d);
            }
        }
        return new SketchFilter(BITS);
    }

    /** The probability that a pair at this cosine passes. */
    double passProbability(double cosine) {
        double[] distances = distanceProbabilities(cosine);
        double pass = 0;
        for (int d = 0; d <= maxDistance; d++) {
            pass += distances[d];
        }
        return Math.min(1, pass);
    }

    /** Whether the sketches at {@code a[aFrom]} and {@code b[bFrom]} differ in at most maxDistance bits. */
    boolean passes(int[] a, int aFrom, int[] b, int bFrom) {
        int distance = 0;
        for (int w = 0; w < INTS; w++) {
            distance += Integer.bitCount(a[aFrom + w] ^ b[bFrom + w]);
        }
        return distance <= maxDistance;
    }

    /** Binomial(BITS, acos(cosine)/π): the probability of each number of differing bits. */
    private static double[] distanceProbabilities(double cosine) {
        double differ = LshParameters.bitDisagreement(cosine);
        double[] probabilities = new double[BITS + 1];
        double ways = 1; // BITS choose d, at most 2.4e37
        for (int d = 0; d <= BITS; d++) {
            probabilities[d] = ways * Math.pow(differ, d) * Math.pow(1 - differ, BITS - d);
            ways = ways * (BITS - d) / (d + 1);
        }
        return probabilities;
    }
}
