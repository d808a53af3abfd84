package io.fathom.stats;

/**
 * McNemar's exact test for two classifiers scored on the same items: only the discordant pairs
 * count, {@code onlyA} items right under A and wrong under B, {@code onlyB} the reverse. Under the
 * null hypothesis each discordant item is a fair coin, so the two-sided p-value is twice the
 * binomial tail of the smaller count, capped at 1. A p-value below {@link #P_FLOOR} is reported as
 * {@code P_FLOOR}, an upper bound, rather than as the 0 that a double would round it to.
 */
public record McNemar(long onlyA, long onlyB, double pValue) {

    /** The smallest p-value reported; a reported value equal to it means "at most this". */
    public static final double P_FLOOR = 1e-300;

    public static McNemar exact(long onlyA, long onlyB) {
        if (onlyA < 0 || onlyB < 0) {
            throw new IllegalArgumentException("discordant counts must be non-negative");
        }
        long n = onlyA + onlyB;
        if (n == 0) {
            return new McNemar(onlyA, onlyB, 1);
        }
        long k = Math.min(onlyA, onlyB);
        // log P(X <= k) for X ~ Binomial(n, 1/2): the terms grow up to i = k <= n/2, so they are
        // summed relative to the last one, which keeps the sum exact where the terms underflow
        double[] logTerms = new double[(int) k + 1];
        logTerms[0] = -n * Math.log(2); // log C(n,0) 2^-n
        for (int i = 1; i <= k; i++) {
            logTerms[i] = logTerms[i - 1] + Math.log((double) (n - i + 1) / i);
        }
        double largest = logTerms[(int) k];
        double sum = 0;
        for (double logTerm : logTerms) {
            sum += Math.exp(logTerm - largest);
        }
        double logP = Math.log(2) + largest + Math.log(sum);
        return new McNemar(onlyA, onlyB, Math.max(P_FLOOR, Math.min(1, Math.exp(logP))));
    }

    /** How a report prints a p-value: three significant digits, or a bound at the floor. */
    public static String format(double pValue) {
        return pValue <= P_FLOOR ? "< 1e-300" : String.format("%.3g", pValue);
    }
}
