package io.fathom.inference.backend;

import static org.assertj.core.api.Assertions.assertThat;

import io.fathom.contracts.hidden.Float16;
import java.util.List;
import org.junit.jupiter.api.Test;

class EncodedBatchTest {

    private static final List<Pooling> BOTH = List.of(Pooling.MEAN, Pooling.LAST);

    /** Values of item i: pooling p, layer l, dim d holds i*1000 + p*100 + l*10 + d. */
    private static float[] values(int item) {
        float[] values = new float[2 * 3 * 2];
        for (int p = 0; p < 2; p++) {
            for (int l = 0; l < 3; l++) {
                for (int d = 0; d < 2; d++) {
                    values[(p * 3 + l) * 2 + d] = item * 1000 + p * 100 + l * 10 + d;
                }
            }
        }
        return values;
    }

    @Test
    void theLastLayerOfEachPoolingIsKeptInFloatsAndInHalves() {
        float[][] states = {values(0), values(1)};
        short[][] halves = new short[2][];
        for (int i = 0; i < 2; i++) {
            halves[i] = new short[states[i].length];
            for (int v = 0; v < states[i].length; v++) {
                halves[i][v] = Float16.fromFloat(states[i][v]);
            }
        }
        int[] tokens = {3, 4};
        boolean[] truncated = {false, true};
        for (EncodedBatch batch : List.of(new EncodedBatch(BOTH, 3, 2, states, tokens, truncated),
                new EncodedBatch(BOTH, 3, 2, null, halves, tokens, truncated))) {
            EncodedBatch last = batch.lastLayer();
            assertThat(last.layers()).isEqualTo(1);
            assertThat(last.dim()).isEqualTo(2);
            assertThat(last.poolings()).isEqualTo(BOTH);
            assertThat(last.tokenCounts()).isEqualTo(tokens);
            assertThat(last.truncated()).isEqualTo(truncated);
            assertThat(last.halves() == null).isEqualTo(batch.halves() == null);
            assertThat(last.floats(0)).containsExactly(20, 21, 120, 121);
            assertThat(last.floats(1)).containsExactly(1020, 1021, 1120, 1121);
        }
    }
}
