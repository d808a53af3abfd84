package io.fathom.inference.backend;

import java.util.List;

/**
 * Pooled hidden states of a batch: for item i, {@code states[i]} is row-major over
 * {@code [poolings, layers, dim]}; layer 0 is the embeddings output.
 */
public record EncodedBatch(List<Pooling> poolings, int layers, int dim, float[][] states, int[] tokenCounts,
        boolean[] truncated) {

    public int size() {
        return states.length;
    }
}
