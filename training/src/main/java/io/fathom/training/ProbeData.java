package io.fathom.training;

/** Labelled feature vectors in memory, row-major: row i is {@code x[i*dim .. i*dim+dim)}, its class {@code labels[i]}. */
public record ProbeData(float[] x, int rows, int dim, int[] labels, int classes) implements Features {

    public ProbeData {
        if (x.length != (long) rows * dim || labels.length != rows) {
            throw new IllegalArgumentException("expected " + rows + " x " + dim + " values and " + rows
                    + " labels, got " + x.length + " and " + labels.length);
        }
    }

    /** Reads all rows of {@code features} into memory. */
    public static ProbeData copyOf(Features features) {
        float[] x = new float[features.rows() * features.dim()];
        if (features.rows() > 0) {
            features.read(0, features.rows(), x);
        }
        return new ProbeData(x, features.rows(), features.dim(), features.labels(), features.classes());
    }

    @Override
    public void read(int from, int to, float[] out) {
        System.arraycopy(x, from * dim, out, 0, (to - from) * dim);
    }
}
