package io.fathom.contracts.hidden;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class Float16Test {

    @Test
    void everyHalfValueSurvivesARoundTrip() {
        for (int h = 0; h < 1 << 16; h++) {
            float f = Float16.toFloat((short) h);
            if (Float.isNaN(f)) {
                assertThat(Float.isNaN(Float16.toFloat(Float16.fromFloat(f)))).isTrue();
            } else {
                assertThat(Float16.fromFloat(f) & 0xffff).as("half 0x%04x", h).isEqualTo(h);
            }
        }
    }

    @Test
    void roundsToTheNearestHalfWithTiesToEven() {
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 200_000; i++) {
            // magnitudes from far below the smallest subnormal to beyond the largest finite half
            float f = (float) ((random.nextBoolean() ? 1 : -1) * Math.pow(2, random.nextDouble(-27, 17)));
            short h = Float16.fromFloat(f);
            float chosen = Float16.toFloat(h);
            if (Math.abs(f) >= 65520f) {
                assertThat(Float.isInfinite(chosen)).as("%s overflows", f).isTrue();
                continue;
            }
            double error = Math.abs((double) chosen - f);
            for (int neighbour : new int[] {(h & 0xffff) - 1, (h & 0xffff) + 1}) {
                float other = Float16.toFloat((short) neighbour);
                if (Float.isNaN(other) || Float.isInfinite(other)) {
                    continue;
                }
                double otherError = Math.abs((double) other - f);
                assertThat(error).as("%s -> %s, neighbour %s", f, chosen, other).isLessThanOrEqualTo(otherError);
                if (error == otherError) {
                    assertThat(h & 1).as("tie at %s goes to the even half", f).isZero();
                }
            }
        }
    }

    @Test
    void keepsSpecialValues() {
        assertThat(Float16.toFloat(Float16.fromFloat(Float.POSITIVE_INFINITY))).isEqualTo(Float.POSITIVE_INFINITY);
        assertThat(Float16.toFloat(Float16.fromFloat(Float.NEGATIVE_INFINITY))).isEqualTo(Float.NEGATIVE_INFINITY);
        assertThat(Float16.toFloat(Float16.fromFloat(Float.NaN))).isNaN();
        assertThat(Float16.toFloat(Float16.fromFloat(1e6f))).isEqualTo(Float.POSITIVE_INFINITY);
        assertThat(Float16.toFloat(Float16.fromFloat(65504f))).isEqualTo(65504f);
        assertThat(Float16.toFloat(Float16.fromFloat(0x1p-24f))).isEqualTo(0x1p-24f);
        assertThat(Float16.toFloat(Float16.fromFloat(0x1p-26f))).isZero();
        assertThat(Float16.fromFloat(-0f) & 0xffff).isEqualTo(0x8000);
    }
}
