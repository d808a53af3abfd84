package io.fathom.contracts.hidden;

/** A decoded hidden-state event: its header and the half-precision values, row-major over the shape. */
public record HiddenStateEvent(HiddenStateHeader header, short[] halfValues) {

    /** One pooled layer as floats. */
    public float[] vector(int pooling, int layer) {
        int dim = header.dim();
        int offset = offset(pooling, layer);
        float[] out = new float[dim];
        for (int i = 0; i < dim; i++) {
            out[i] = Float16.toFloat(halfValues[offset + i]);
        }
        return out;
    }

    private int offset(int pooling, int layer) {
        return (pooling * header.layers() + layer) * header.dim();
    }
}
