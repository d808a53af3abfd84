package io.fathom.training;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class MlpProbeTest {

    /** XOR of the signs of two coordinates among noise: no linear probe can do better than chance. */
    static ProbeData xor(int rows, long seed) {
        int dim = 8;
        SplittableRandom random = new SplittableRandom(seed);
        float[] x = new float[rows * dim];
        int[] labels = new int[rows];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < dim; j++) {
                x[i * dim + j] = (float) random.nextGaussian();
            }
            labels[i] = (x[i * dim] > 0) == (x[i * dim + 1] > 0) ? 1 : 0;
        }
        return new ProbeData(x, rows, dim, labels, 2);
    }

    @Test
    void findsWhatNoLinearProbeCan() {
        ProbeData train = xor(2000, 1);
        ProbeData dev = xor(400, 2);
        ProbeData test = xor(400, 3);
        LinearProbe.Result linear = LinearProbe.train(train, dev, test, LinearProbe.DEFAULT_GRID, 2);
        LinearProbe.Result mlp = MlpProbe.train(train, dev, test, MlpProbe.DEFAULT_DECAY_GRID, 7);
        assertThat(linear.testAccuracy()).isLessThan(0.6);
        assertThat(mlp.testAccuracy()).isGreaterThan(0.85);
        assertThat(MlpProbe.DEFAULT_DECAY_GRID).contains(mlp.chosenC());
    }

    @Test
    void isDeterministicForASeed() {
        ProbeData train = xor(600, 4);
        ProbeData dev = xor(200, 5);
        LinearProbe.Result first = MlpProbe.train(train, dev, dev, MlpProbe.DEFAULT_DECAY_GRID, 11);
        LinearProbe.Result second = MlpProbe.train(train, dev, dev, MlpProbe.DEFAULT_DECAY_GRID, 11);
        assertThat(second.testPredictions()).containsExactly(first.testPredictions());
        assertThat(second.testAccuracy()).isEqualTo(first.testAccuracy());
    }
}
