package io.fathom.probe.stats;

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
        // large counts stay finite and tiny for a lopsided split
        assertThat(McNemar.exact(60_000, 40_000).pValue()).isGreaterThanOrEqualTo(0).isLessThan(1e-100);
    }
}
