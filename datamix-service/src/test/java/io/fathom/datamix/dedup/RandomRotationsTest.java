package io.fathom.datamix.dedup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The rotations' sign bits must behave like Gaussian hyperplanes', since {@link LshParameters} and
 * {@link SketchFilter} compute recall from that: each bit separates a pair at angle θ with
 * probability θ/π, and a band of rows agrees entirely with probability (1 - θ/π)^rows, as it would
 * if its bits were independent.
 */
class RandomRotationsTest {

    private static final int PAIRS = 3_000;
    private static final int ROWS = Deduplicator.DEFAULT_ROWS;
    private static final int BANDS = LshParameters.forThreshold(Deduplicator.DEFAULT_THRESHOLD, ROWS,
            Deduplicator.DEFAULT_RECALL_AT_THRESHOLD).bands();

    @ParameterizedTest
    @CsvSource({"384, 0.95", "384, 0.8", "384, 0.3", "7, 0.95", "64, 0.95", "1000, 0.95"})
    void bitsAndBandsAgreeAsOftenAsForRandomHyperplanes(int dim, double cosine) {
        RandomRotations rotations = new RandomRotations(dim, BANDS * ROWS, 42);
        long[] first = new long[rotations.words()];
        long[] second = new long[rotations.words()];
        SplittableRandom random = new SplittableRandom(dim);
        long agreeingBits = 0;
        long agreeingBands = 0;
        for (int p = 0; p < PAIRS; p++) {
            double[] x = SyntheticEmbeddings.gaussianUnit(dim, random);
            rotations.signs(SyntheticEmbeddings.toFloat(x), first);
            rotations.signs(SyntheticEmbeddings.toFloat(SyntheticEmbeddings.turned(x, cosine, random)), second);
            for (int band = 0; band < BANDS; band++) {
                int differing = 0;
                for (int row = 0; row < ROWS; row++) {
                    int bit = band * ROWS + row;
                    differing += (int) (((first[bit >>> 6] ^ second[bit >>> 6]) >>> bit) & 1);
                }
                agreeingBits += ROWS - differing;
                agreeingBands += differing == 0 ? 1 : 0;
            }
        }

        double bit = LshParameters.bitAgreement(cosine);
        long bits = (long) PAIRS * BANDS * ROWS;
        assertThat(agreeingBits / (double) bits).as("bit agreement")
                .isCloseTo(bit, within(5 * Math.sqrt(bit * (1 - bit) / bits)));
        double band = Math.pow(bit, ROWS);
        long bands = (long) PAIRS * BANDS;
        // 5 standard errors, or one band in a million for cosines whose bands hardly ever agree
        assertThat(agreeingBands / (double) bands).as("band agreement")
                .isCloseTo(band, within(5 * Math.sqrt(band * (1 - band) / bands) + 1e-6));
    }
}
