package io.fathom.inference.backend;

import io.fathom.contracts.hidden.Float16;
import io.fathom.contracts.hidden.HiddenStateCodec;
import io.fathom.contracts.hidden.HiddenStateHeader;
import java.util.List;

/**
 * Pooled hidden states of a batch: for item i, row-major over {@code [poolings, layers, dim]};
 * layer 0 is the embeddings output, unless the batch was cut to its {@link #lastLayer()}. The
 * values are either float32 ({@code states}) or, when the backend already sent half precision,
 * binary16 bits ({@code halves}), which then reach the event as they came, without a round trip
 * through float32.
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

    /** The batch with only its last layer, {@code [poolings, 1, dim]} per item, in the same form (float32 or half). */
    public EncodedBatch lastLayer() {
        if (layers == 1) {
            return this;
        }
        float[][] lastStates = states == null ? null : new float[size()][];
        short[][] lastHalves = halves == null ? null : new short[size()][];
        for (int i = 0; i < size(); i++) {
            if (states != null) {
                lastStates[i] = new float[poolings.size() * dim];
                copyLastLayer(states[i], lastStates[i]);
            } else {
                lastHalves[i] = new short[poolings.size() * dim];
                copyLastLayer(halves[i], lastHalves[i]);
            }
        }
        return new EncodedBatch(poolings, 1, dim, lastStates, lastHalves, tokenCounts, truncated);
    }

    /** Copies each pooling's last layer of one item's values (a float[] or short[]) into {@code last}. */
    private void copyLastLayer(Object values, Object last) {
        for (int p = 0; p < poolings.size(); p++) {
            System.arraycopy(values, (p * layers + layers - 1) * dim, last, p * dim, dim);
        }
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
