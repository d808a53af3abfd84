package io.fathom.inference.backend;

import io.fathom.contracts.hidden.Float16;
import io.fathom.contracts.hidden.HiddenStateCodec;
import io.fathom.contracts.hidden.HiddenStateHeader;
import java.util.List;

/**
 * Pooled hidden states of a batch: for item i, row-major over {@code [poolings, layers, dim]};
 * layer 0 is the embeddings output. The values are either float32 ({@code states}) or, when the
 * backend already sent half precision, binary16 bits ({@code halves}), which then reach the event
 * as they came, without a round trip through float32.
 */
public record EncodedBatch(List<Pooling> poolings, int layers, int dim, float[][] states, short[][] halves,
        int[] tokenCounts, boolean[] truncated) {

    /** The smallest magnitude that rounds to infinity in binary16. */
    private static final float HALF_OVERFLOW = 65520f;
    private static final int HALF_EXPONENT = 0x7C00;

    /** A batch of float32 states. */
    public EncodedBatch(List<Pooling> poolings, int layers, int dim, float[][] states, int[] tokenCounts,
            boolean[] truncated) {
        this(poolings, layers, dim, states, null, tokenCounts, truncated);
    }

    public int size() {
        return tokenCounts.length;
    }

    /** False when item i holds NaN, an infinity, or a value half precision would turn into one. */
    public boolean finiteInHalf(int i) {
        if (halves != null) {
            for (short half : halves[i]) {
                if ((half & HALF_EXPONENT) == HALF_EXPONENT) {
                    return false;
                }
            }
            return true;
        }
        for (float value : states[i]) {
            if (!(Math.abs(value) < HALF_OVERFLOW)) {
                return false;
            }
        }
        return true;
    }

    /** Item i as a hidden-state event. */
    public byte[] event(HiddenStateHeader header, int i) {
        return halves != null ? HiddenStateCodec.encodeHalves(header, halves[i])
                : HiddenStateCodec.encode(header, states[i]);
    }

    /** Item i's values as float32, whichever way they came. */
    public float[] floats(int i) {
        if (halves == null) {
            return states[i];
        }
        float[] values = new float[halves[i].length];
        for (int v = 0; v < values.length; v++) {
            values[v] = Float16.toFloat(halves[i][v]);
        }
        return values;
    }
}
