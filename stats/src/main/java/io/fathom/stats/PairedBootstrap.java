package io.fathom.stats;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Percentile bootstrap intervals for two models' pass rates on the same items: each resample draws
 * items (not answers) with replacement, so the pairing is kept. The same seed gives the same
 * interval, whatever the machine.
 *
 * @param differenceLow 2.5th percentile of candidate rate - baseline rate
 * @param relativeLow 2.5th percentile of candidate rate / baseline rate - 1, where a resample whose
 *        baseline rate is zero counts as +infinity (0 if the candidate's is zero too); an end that
 *        is +infinity is null: {@code relativeHigh} is null, unbounded, when more than 2.5% of
 *        resamples have a baseline rate of zero and a candidate rate above it
 */
public record PairedBootstrap(double differenceLow, double differenceHigh, Double relativeLow, Double relativeHigh,
        int samples) {

    public static PairedBootstrap rates(boolean[] baseline, boolean[] candidate, int samples, long seed) {
        int n = baseline.length;
        if (n == 0 || candidate.length != n) {
            throw new IllegalArgumentException("need paired outcomes of equal, non-zero length, got " + n + " and "
                    + candidate.length);
        }
        if (samples < 1) {
            throw new IllegalArgumentException("bootstrap samples must be positive, got " + samples);
        }
        SplittableRandom random = new SplittableRandom(seed);
        int[] passBaseline = new int[samples];
        int[] passCandidate = new int[samples];
        for (int s = 0; s < samples; s++) {
            for (int i = 0; i < n; i++) {
                int pick = random.nextInt(n);
                passBaseline[s] += baseline[pick] ? 1 : 0;
                passCandidate[s] += candidate[pick] ? 1 : 0;
            }
        }
        return fromResamples(n, passBaseline, passCandidate);
    }

    /**
     * The intervals from each resample's pass counts out of {@code n} items. A resample whose
     * baseline passes nothing has a relative change of +infinity (or 0 when the candidate passes
     * nothing either): it is kept, not dropped, so that the upper end is not pulled down by leaving
     * out the resamples that would raise it most; an end that falls on +infinity is null (unbounded).
     */
    static PairedBootstrap fromResamples(int n, int[] passBaseline, int[] passCandidate) {
        int samples = passBaseline.length;
        double[] differences = new double[samples];
        double[] relatives = new double[samples];
        for (int s = 0; s < samples; s++) {
            differences[s] = (double) (passCandidate[s] - passBaseline[s]) / n;
            relatives[s] = passBaseline[s] > 0 ? (double) passCandidate[s] / passBaseline[s] - 1
                    : passCandidate[s] > 0 ? Double.POSITIVE_INFINITY : 0;
        }
        Arrays.sort(differences);
        Arrays.sort(relatives);
        return new PairedBootstrap(quantile(differences, 0.025), quantile(differences, 0.975),
                finite(quantile(relatives, 0.025)), finite(quantile(relatives, 0.975)), samples);
    }

    private static Double finite(double value) {
        return Double.isInfinite(value) ? null : value;
    }

    /**
     * The q-quantile of sorted values, interpolated linearly between order statistics. The values
     * may include +infinity (interpolating towards it gives +infinity, never NaN), not -infinity.
     */
    public static double quantile(double[] sorted, double q) {
        double position = q * (sorted.length - 1);
        int below = (int) Math.floor(position);
        int above = Math.min(sorted.length - 1, below + 1);
        double fraction = position - below;
        if (fraction == 0 || sorted[above] == sorted[below]) { // also keeps infinity - infinity out
            return sorted[below];
        }
        return sorted[below] + fraction * (sorted[above] - sorted[below]);
    }
}
