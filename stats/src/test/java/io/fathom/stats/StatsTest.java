package io.fathom.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class StatsTest {

    @Test
    void wilsonIntervalMatchesHandComputedValues() {
        // 80 of 100: centre (0.8 + 1.92/100) / 1.0384, half-width 1.96 * sqrt(0.0016 + 0.000096) / 1.0384
        Proportion p = Proportion.wilson95(80, 100);
        assertThat(p.value()).isEqualTo(0.8);
        assertThat(p.low()).isCloseTo(0.7112, Offset.offset(1e-4));
        assertThat(p.high()).isCloseTo(0.8666, Offset.offset(1e-4));
        Proportion all = Proportion.wilson95(10, 10);
        assertThat(all.high()).isCloseTo(1.0, Offset.offset(1e-12));
        assertThat(all.low()).isCloseTo(0.7225, Offset.offset(1e-4));
        assertThatThrownBy(() -> Proportion.wilson95(3, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void mcNemarExactMatchesTheBinomialTail() {
        // b=10, c=2: 2 * (C(12,0) + C(12,1) + C(12,2)) / 2^12 = 2 * 79 / 4096
        assertThat(McNemar.exact(10, 2).pValue()).isCloseTo(158.0 / 4096, Offset.offset(1e-12));
        assertThat(McNemar.exact(2, 10).pValue()).isCloseTo(158.0 / 4096, Offset.offset(1e-12));
        assertThat(McNemar.exact(5, 5).pValue()).isEqualTo(1.0);
        assertThat(McNemar.exact(0, 0).pValue()).isEqualTo(1.0);
        // references: scipy.stats.binomtest(k, n, 0.5).pvalue
        assertThat(McNemar.exact(1000, 1400).pValue()).isCloseTo(3.2622028367509445e-16, Offset.offset(1e-25));
        assertThat(McNemar.exact(2450, 1550).pValue() / 3.1290917283426836e-46).isCloseTo(1, Offset.offset(1e-9));
        // near the floor, still to nine digits
        assertThat(McNemar.exact(900, 3100).pValue() / 5.121253314984827e-280).isCloseTo(1, Offset.offset(1e-9));
    }

    @Test
    void mcNemarReportsAPValueBeyondDoublesAsABoundNotZero() {
        double p = McNemar.exact(60_000, 40_000).pValue(); // about 1e-875
        assertThat(p).isEqualTo(McNemar.P_FLOOR).isPositive();
        assertThat(McNemar.format(p)).isEqualTo("< 1e-300");
        assertThat(McNemar.format(McNemar.exact(10, 2).pValue())).isEqualTo("0.0386");
    }

    @Test
    void holmMultipliesTheSortedPValuesByTheTestsLeftAndKeepsThemMonotone() {
        // sorted 0.005 0.01 0.03 0.04 times 4 3 2 1: 0.02 0.03 0.06 0.04, the last raised to 0.06
        assertThat(Holm.adjust(new double[] {0.01, 0.04, 0.03, 0.005}))
                .containsExactly(new double[] {0.03, 0.06, 0.06, 0.02}, Offset.offset(1e-15));
        assertThat(Holm.adjust(new double[] {0.5, 0.6})).containsExactly(1.0, 1.0);
        assertThat(Holm.adjust(new double[] {0.2})).containsExactly(0.2);
        assertThat(Holm.adjust(new double[0])).isEmpty();
        assertThatThrownBy(() -> Holm.adjust(new double[] {Double.NaN})).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void bootstrapKeepsPairsAndIsReproducible() {
        // identical outcomes: every resample has a difference of exactly zero and a ratio of one
        boolean[] same = {true, false, true, true, false, true, true, false};
        PairedBootstrap tie = PairedBootstrap.rates(same, same.clone(), 500, 1);
        assertThat(tie.differenceLow()).isZero();
        assertThat(tie.differenceHigh()).isZero();
        assertThat(tie.relativeLow()).isZero();
        // candidate passes 30 of 40, baseline 15 of 40 (pairs overlap): +100% relative, +0.375 absolute
        boolean[] baseline = new boolean[40];
        boolean[] candidate = new boolean[40];
        for (int i = 0; i < 40; i++) {
            baseline[i] = i < 15;
            candidate[i] = i < 30;
        }
        PairedBootstrap b = PairedBootstrap.rates(baseline, candidate, 2000, 7);
        assertThat(b.differenceLow()).isBetween(0.2, 0.375);
        assertThat(b.differenceHigh()).isBetween(0.375, 0.55);
        assertThat(b.relativeLow()).isBetween(0.4, 1.0);
        assertThat(b.relativeHigh()).isBetween(1.0, 2.5);
        assertThat(PairedBootstrap.rates(baseline, candidate, 2000, 7)).isEqualTo(b);
        // a baseline that never passes has no relative change
        assertThat(PairedBootstrap.rates(new boolean[5], new boolean[] {true, true, false, false, true}, 200, 3)
                .relativeLow()).isNull();
    }

    @Test
    void aResampleWhoseBaselinePassesNothingRaisesTheUpperEndInsteadOfBeingDropped() {
        // 99 resamples with relative changes 0, 0.1, ..., 9.8 and one whose baseline passes nothing
        int[] base = new int[100];
        int[] cand = new int[100];
        for (int s = 0; s < 99; s++) {
            base[s] = 10;
            cand[s] = 10 + s;
        }
        cand[99] = 5;
        PairedBootstrap b = PairedBootstrap.fromResamples(200, base, cand);
        // over all 100 (+infinity last): positions 2.475 and 96.525; dropping it gave 0.245 and 9.555 (numpy.percentile, both)
        assertThat(b.relativeLow()).isCloseTo(0.2475, Offset.offset(1e-12));
        assertThat(b.relativeHigh()).isCloseTo(9.6525, Offset.offset(1e-12));
        // with three such resamples (and one where neither passes) the 97.5th percentile is +infinity: unbounded above, low end kept
        cand[97] = 0;
        base[97] = 0; // 0 of 0: no change
        base[96] = 0;
        base[98] = 0;
        PairedBootstrap open = PairedBootstrap.fromResamples(200, base, cand);
        assertThat(open.relativeHigh()).isNull();
        assertThat(open.relativeLow()).isNotNull();
    }

    @Test
    void quantilesInterpolateAndMeanStdUsesSampleVariance() {
        assertThat(PairedBootstrap.quantile(new double[] {1, 2, 3, 4, 5}, 0.5)).isEqualTo(3.0);
        assertThat(PairedBootstrap.quantile(new double[] {0, 10}, 0.25)).isEqualTo(2.5);
        double inf = Double.POSITIVE_INFINITY;
        assertThat(PairedBootstrap.quantile(new double[] {1, inf, inf}, 0.75)).isEqualTo(inf); // not NaN
        assertThat(PairedBootstrap.quantile(new double[] {1, 2, inf}, 0.5)).isEqualTo(2.0);
        MeanStd m = MeanStd.of(java.util.List.of(2.0, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0));
        assertThat(m.mean()).isEqualTo(5.0);
        assertThat(m.std()).isCloseTo(Math.sqrt(32.0 / 7), Offset.offset(1e-12));
        assertThat(MeanStd.of(java.util.List.of(0.3)).std()).isNaN();
    }
}
