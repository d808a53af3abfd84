package io.fathom.stats;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Percentile bootstrap intervals for two models' pass rates on the same items: each resample draws
 * items (not answers) with replacement, so the pairing is kept. The same seed gives the same
 * interval, whatever the machine.
 *
 * @param differenceLow 2.5th percentile of candidate rate - baseline rate
 * @param relativeLow 2.5th percentile of candidate rate / baseline rate - 1; null (with its high end)
 *        when more than 2.5% of resamples have a baseline rate of zero, where the ratio is undefined
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
        double[] differences = new double[samples];
        double[] relatives = new double[samples];
        int defined = 0;
        for (int s = 0; s < samples; s++) {
            int passBaseline = 0;
            int passCandidate = 0;
            for (int i = 0; i < n; i++) {
                int pick = random.nextInt(n);
                passBaseline += baseline[pick] ? 1 : 0;
                passCandidate += candidate[pick] ? 1 : 0;
            }
            differences[s] = (double) (passCandidate - passBaseline) / n;
            if (passBaseline > 0) {
                relatives[defined++] = (double) passCandidate / passBaseline - 1;
            }
        }
        Arrays.sort(differences);
        boolean relativeDefined = samples - defined <= 0.025 * samples;
        double[] relative = Arrays.copyOf(relatives, defined);
        Arrays.sort(relative);
        return new PairedBootstrap(quantile(differences, 0.025), quantile(differences, 0.975),
                relativeDefined ? quantile(relative, 0.025) : null, relativeDefined ? quantile(relative, 0.975) : null,
                samples);
    }

    /** The q-quantile of sorted values, interpolated linearly between order statistics. */
    static double quantile(double[] sorted, double q) {
        double position = q * (sorted.length - 1);
        int below = (int) Math.floor(position);
        int above = Math.min(sorted.length - 1, below + 1);
        return sorted[below] + (position - below) * (sorted[above] - sorted[below]);
    }
}
