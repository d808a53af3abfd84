package io.fathom.probe.store;

import io.fathom.training.Features;

/** The rows of one split (given by row numbers) of a {@link HalfMatrix}, with their classes. */
public record SplitFeatures(HalfMatrix matrix, int[] rowNumbers, int[] labels, int classes) implements Features {

    @Override
    public int rows() {
        return rowNumbers.length;
    }

    @Override
    public int dim() {
        return matrix.dim();
    }

    @Override
    public void read(int from, int to, float[] out) {
        int dim = matrix.dim();
        for (int k = from; k < to; k++) {
            matrix.readRow(rowNumbers[k], out, (k - from) * dim);
        }
    }
}
