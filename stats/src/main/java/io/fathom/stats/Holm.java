package io.fathom.stats;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * Holm's step-down adjustment of p-values for a family of tests, controlling the chance of any
 * false rejection at the nominal level: the i-th smallest of m p-values is multiplied by
 * {@code m - i + 1} (i from 1), adjusted values are made non-decreasing in that order and capped
 * at 1. A hypothesis is rejected at level alpha when its adjusted p-value is at most alpha.
 */
public final class Holm {

    private Holm() {
    }

    /** Adjusted p-values, in the order of {@code pValues}. */
    public static double[] adjust(double[] pValues) {
        int m = pValues.length;
        for (double p : pValues) {
            if (!(p >= 0 && p <= 1)) {
                throw new IllegalArgumentException("p-values must lie in [0, 1], got " + p);
            }
        }
        Integer[] order = IntStream.range(0, m).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingDouble(i -> pValues[i]));
        double[] adjusted = new double[m];
        double running = 0;
        for (int rank = 0; rank < m; rank++) {
            int i = order[rank];
            running = Math.max(running, Math.min(1, (m - rank) * pValues[i]));
            adjusted[i] = running;
        }
        return adjusted;
    }
}
