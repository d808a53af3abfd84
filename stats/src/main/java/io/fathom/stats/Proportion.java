package io.fathom.stats;

/** An accuracy with its Wilson score interval, which stays inside [0, 1] and behaves at small n. */
public record Proportion(long successes, long trials, double value, double low, double high) {

    /** z for a two-sided 95% interval. */
    public static final double Z95 = 1.959963984540054;

    public static Proportion wilson95(long successes, long trials) {
        if (trials <= 0 || successes < 0 || successes > trials) {
            throw new IllegalArgumentException(successes + " successes of " + trials + " trials");
        }
        double p = (double) successes / trials;
        double z2 = Z95 * Z95;
        double denominator = 1 + z2 / trials;
        double centre = (p + z2 / (2 * trials)) / denominator;
        double half = Z95 * Math.sqrt(p * (1 - p) / trials + z2 / (4.0 * trials * trials)) / denominator;
        return new Proportion(successes, trials, p, Math.max(0, centre - half), Math.min(1, centre + half));
    }
}
