package io.fathom.datamix.dedup;

/**
 * Random-hyperplane LSH (SimHash) in bands: each example gets {@code bands x rows} sign bits, one per
 * random hyperplane; two examples become candidates when all {@code rows} bits of at least one band
 * agree. A hyperplane separates two vectors at angle θ with probability θ/π (Charikar, 2002), so a
 * pair at cosine c is a candidate with probability {@code 1 - (1 - p^rows)^bands},
 * {@code p = 1 - acos(c)/π}. The hyperplanes are the rows of pseudo-random rotations
 * ({@link RandomRotations}), whose bits follow that arithmetic closely (its test checks it). More
 * rows make unrelated pairs rarer candidates (fewer to check); more bands make pairs at the
 * threshold likelier ones (more bits to compute, and a next pointer per band and kept example).
 */
public record LshParameters(int bands, int rows) {

    public LshParameters {
        if (bands < 1) {
            throw new IllegalArgumentException("bands must be at least 1, got " + bands);
        }
        if (rows < 1 || rows > Integer.SIZE) {
            throw new IllegalArgumentException("rows must be between 1 and 32 (a band key is an int), got " + rows);
        }
    }

    /**
     * The fewest bands of {@code rows} bits that make a pair at cosine {@code threshold} a candidate
     * with probability {@code target}.
     */
    public static LshParameters forThreshold(double threshold, int rows, double target) {
        if (!(threshold > -1 && threshold < 1)) {
            throw new IllegalArgumentException("threshold must be a cosine strictly between -1 and 1, got "
                    + threshold);
        }
        if (!(target > 0 && target < 1)) {
            throw new IllegalArgumentException("target must be a probability strictly between 0 and 1, got " + target);
        }
        double bandAgreement = Math.pow(bitAgreement(threshold), rows);
        int bands = (int) Math.ceil(Math.log1p(-target) / Math.log1p(-bandAgreement));
        return new LshParameters(Math.max(1, bands), rows);
    }

    /** The probability that one random hyperplane leaves two vectors at this cosine on the same side. */
    public static double bitAgreement(double cosine) {
        return 1 - bitDisagreement(cosine);
    }

    /** The probability that one random hyperplane separates two vectors at this cosine. */
    public static double bitDisagreement(double cosine) {
        return Math.acos(cosine) / Math.PI;
    }

    /** The probability that a pair at this cosine agrees on all rows of at least one band. */
    public double candidateProbability(double cosine) {
        return 1 - Math.pow(1 - Math.pow(bitAgreement(cosine), rows), bands);
    }

    public int bits() {
        return bands * rows;
    }
}
