package io.fathom.datamix.dedup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SketchFilterTest {

    private static final int DIM = 384;

    @Test
    void theCutoffIsTheSmallestThatKeepsTheMissAtTheThresholdUnderTheBound() {
        // Binomial(128, acos(0.95)/π): P(distance > 34) = 3.3e-8, P(distance > 33) = 1.1e-7
        SketchFilter filter = SketchFilter.forThreshold(0.95, 1e-7);

        assertThat(filter.maxDistance()).isEqualTo(34);
        assertThat(1 - filter.passProbability(0.95)).isCloseTo(3.27e-8, within(0.01e-8));
        assertThat(1 - new SketchFilter(33).passProbability(0.95)).isCloseTo(1.10e-7, within(0.01e-7));
        // closer pairs pass more often; unrelated ones hardly ever
        assertThat(filter.passProbability(0.99)).isGreaterThan(filter.passProbability(0.95));
        assertThat(filter.passProbability(0.3)).isCloseTo(8.15e-4, within(0.01e-4));
        assertThat(filter.passProbability(0.0)).isCloseTo(5.44e-8, within(0.01e-8));
    }

    @Test
    void passesCountsDifferingBitsAcrossTheWords() {
        SketchFilter filter = new SketchFilter(3);
        int[] query = {0b1011, -1, 0, 1 << 31};
        int[] kept = {7, 0b1011, -1 ^ (1 << 30), 0, 1 << 31}; // from 1 on it differs from the query in one bit

        assertThat(filter.passes(query, 0, kept, 1)).isTrue();
        assertThat(filter.passes(query, 0, kept, 0)).isFalse(); // 2 + 1 + 31 + 2 bits
        assertThat(new SketchFilter(0).passes(query, 0, kept, 1)).isFalse();
    }

    @Test
    void rotationBitsDifferAsOftenAsTheBinomialSays() {
        // the sketch's bits come from rotations like the bands'; the filter's arithmetic assumes random hyperplanes
        RandomRotations rotations = new RandomRotations(DIM, SketchFilter.BITS, 5);
        long[] first = new long[rotations.words()];
        long[] second = new long[rotations.words()];
        int[] firstSketch = new int[SketchFilter.INTS];
        int[] secondSketch = new int[SketchFilter.INTS];
        SplittableRandom random = new SplittableRandom(3);
        SketchFilter filter = SketchFilter.forThreshold(0.8, 0.01);
        int pairs = 20_000;
        int passed = 0;
        long distances = 0;
        for (int p = 0; p < pairs; p++) {
            double[] x = SyntheticEmbeddings.gaussianUnit(DIM, random);
            rotations.signs(SyntheticEmbeddings.toFloat(x), first);
            rotations.signs(SyntheticEmbeddings.toFloat(SyntheticEmbeddings.turned(x, 0.8, random)), second);
            distances += Long.bitCount(first[0] ^ second[0]) + Long.bitCount(first[1] ^ second[1]);
            for (int w = 0; w < SketchFilter.INTS; w++) {
                firstSketch[w] = (int) (first[w / 2] >>> (w % 2 * Integer.SIZE));
                secondSketch[w] = (int) (second[w / 2] >>> (w % 2 * Integer.SIZE));
            }
            passed += filter.passes(firstSketch, 0, secondSketch, 0) ? 1 : 0;
        }

        double differ = LshParameters.bitDisagreement(0.8);
        assertThat(distances / (double) pairs).isCloseTo(SketchFilter.BITS * differ,
                within(5 * Math.sqrt(SketchFilter.BITS * differ * (1 - differ) / pairs)));
        double pass = filter.passProbability(0.8);
        assertThat(pass).isBetween(0.99, 0.999);
        assertThat(passed / (double) pairs).isCloseTo(pass, within(5 * Math.sqrt(pass * (1 - pass) / pairs)));
    }
}
