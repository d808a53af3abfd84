package io.fathom.datamix.dedup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LshParametersTest {

    @Test
    void defaultsAreTheFewestBandsThatFindPairsAtTheThresholdWithTheTargetProbability() {
        LshParameters lsh = LshParameters.forThreshold(0.95, Deduplicator.DEFAULT_ROWS, 0.99);

        assertThat(lsh).isEqualTo(new LshParameters(72, 26));
        assertThat(lsh.candidateProbability(0.95)).isBetween(0.99, 0.991);
        assertThat(new LshParameters(71, 26).candidateProbability(0.95)).isLessThan(0.99);
        // unrelated pairs rarely become candidates, and less rarely as they get closer
        assertThat(lsh.candidateProbability(0.0)).isLessThan(1.1e-6);
        assertThat(lsh.candidateProbability(0.3)).isLessThan(1.1e-4);
        assertThat(lsh.candidateProbability(0.5)).isLessThan(1.9e-3);
    }

    @Test
    void rejectsParametersOutsideTheirRange() {
        assertThatThrownBy(() -> new LshParameters(0, 20)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new LshParameters(10, 33)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LshParameters.forThreshold(1.0, 20, 0.99))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LshParameters.forThreshold(0.95, 20, 1.0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Deduplicator(1.0, new LshParameters(10, 10), 1, (index, into) -> { }))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
