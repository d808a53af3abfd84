package io.fathom.probe.training;

/** Labelled feature vectors, row-major: row i is {@code x[i*dim .. i*dim+dim)}, its class {@code labels[i]}. */
public record ProbeData(float[] x, int rows, int dim, int[] labels, int classes) {

    public ProbeData {
        if (x.length != (long) rows * dim || labels.length != rows) {
            throw new IllegalArgumentException("expected " + rows + " x " + dim + " values and " + rows
                    + " labels, got " + x.length + " and " + labels.length);
        }
    }
}
