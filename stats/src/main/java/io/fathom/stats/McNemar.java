package io.fathom.stats;

/**
 * McNemar's exact test for two classifiers scored on the same items: only the discordant pairs
 * count, {@code onlyA} items right under A and wrong under B, {@code onlyB} the reverse. Under the
 * null hypothesis each discordant item is a fair coin, so the two-sided p-value is twice the
 * binomial tail of the smaller count, capped at 1.
 */
public record McNemar(long onlyA, long onlyB, double pValue) {

    public static McNemar exact(long onlyA, long onlyB) {
        if (onlyA < 0 || onlyB < 0) {
            throw new IllegalArgumentException("discordant counts must be non-negative");
        }
        long n = onlyA + onlyB;
        if (n == 0) {
            return new McNemar(onlyA, onlyB, 1);
        }
        long k = Math.min(onlyA, onlyB);
        // P(X <= k) for X ~ Binomial(n, 1/2), summed in log space so that n can be large
        double logHalfPowN = -n * Math.log(2);
        double logTerm = logHalfPowN; // log C(n,0) 2^-n
        double tail = Math.exp(logTerm);
        for (long i = 1; i <= k; i++) {
            logTerm += Math.log((double) (n - i + 1) / i);
            tail += Math.exp(logTerm);
        }
        return new McNemar(onlyA, onlyB, Math.min(1, 2 * tail));
    }
}
