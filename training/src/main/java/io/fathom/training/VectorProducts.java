package io.fathom.training;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The block products on the JDK's Vector API, in the widest vectors the CPU has. Both products are
 * register-blocked, so that each value loaded from memory feeds several fused multiply-adds:
 *
 * <ul>
 * <li>scores: 4 rows x 3 columns of vector accumulators run along the features together (7 loads for
 * 12 multiply-adds), each reduced across its lanes at the end; the features past the last whole
 * vector are added one by one;</li>
 * <li>gradient: for a slab of 4 vectors of features, 3 columns' slabs are held in 12 accumulators
 * while the block's rows stream past (4 loads and 3 broadcasts for 12 multiply-adds), then added to
 * the gradient.</li>
 * </ul>
 * Columns and rows left over from the blocking take narrower forms of the same loops.
 */
final class VectorProducts implements BlockProducts {

    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    private static final int STEP = SPECIES.length();

    private final float[][] weights;
    private final int dim;
    /** The features covered by whole vectors. */
    private final int vectorDim;

    VectorProducts(float[][] weights, int dim) {
        this.weights = weights;
        this.dim = dim;
        this.vectorDim = SPECIES.loopBound(dim);
    }

    @Override
    public void scores(float[] block, int rows, float[][] scores) {
        int columns = weights.length;
        int i = 0;
        for (; i + 4 <= rows; i += 4) {
            int col = 0;
            for (; col + 3 <= columns; col += 3) {
                scores4x3(block, i, col, scores);
            }
            for (; col < columns; col++) {
                for (int r = i; r < i + 4; r++) {
                    scores[col][r] = dot(block, r * dim, weights[col]);
                }
            }
        }
        for (; i < rows; i++) {
            for (int col = 0; col < columns; col++) {
                scores[col][i] = dot(block, i * dim, weights[col]);
            }
        }
    }

    private void scores4x3(float[] x, int row, int col, float[][] scores) {
        float[] w0 = weights[col];
        float[] w1 = weights[col + 1];
        float[] w2 = weights[col + 2];
        int o0 = row * dim;
        int o1 = o0 + dim;
        int o2 = o1 + dim;
        int o3 = o2 + dim;
        FloatVector a00 = FloatVector.zero(SPECIES);
        FloatVector a01 = a00;
        FloatVector a02 = a00;
        FloatVector a10 = a00;
        FloatVector a11 = a00;
        FloatVector a12 = a00;
        FloatVector a20 = a00;
        FloatVector a21 = a00;
        FloatVector a22 = a00;
        FloatVector a30 = a00;
        FloatVector a31 = a00;
        FloatVector a32 = a00;
        for (int j = 0; j < vectorDim; j += STEP) {
            FloatVector v0 = FloatVector.fromArray(SPECIES, w0, j);
            FloatVector v1 = FloatVector.fromArray(SPECIES, w1, j);
            FloatVector v2 = FloatVector.fromArray(SPECIES, w2, j);
            FloatVector x0 = FloatVector.fromArray(SPECIES, x, o0 + j);
            a00 = x0.fma(v0, a00);
            a01 = x0.fma(v1, a01);
            a02 = x0.fma(v2, a02);
            FloatVector x1 = FloatVector.fromArray(SPECIES, x, o1 + j);
            a10 = x1.fma(v0, a10);
            a11 = x1.fma(v1, a11);
            a12 = x1.fma(v2, a12);
            FloatVector x2 = FloatVector.fromArray(SPECIES, x, o2 + j);
            a20 = x2.fma(v0, a20);
            a21 = x2.fma(v1, a21);
            a22 = x2.fma(v2, a22);
            FloatVector x3 = FloatVector.fromArray(SPECIES, x, o3 + j);
            a30 = x3.fma(v0, a30);
            a31 = x3.fma(v1, a31);
            a32 = x3.fma(v2, a32);
        }
        scores[col][row] = sum(a00, x, o0, w0);
        scores[col + 1][row] = sum(a01, x, o0, w1);
        scores[col + 2][row] = sum(a02, x, o0, w2);
        scores[col][row + 1] = sum(a10, x, o1, w0);
        scores[col + 1][row + 1] = sum(a11, x, o1, w1);
        scores[col + 2][row + 1] = sum(a12, x, o1, w2);
        scores[col][row + 2] = sum(a20, x, o2, w0);
        scores[col + 1][row + 2] = sum(a21, x, o2, w1);
        scores[col + 2][row + 2] = sum(a22, x, o2, w2);
        scores[col][row + 3] = sum(a30, x, o3, w0);
        scores[col + 1][row + 3] = sum(a31, x, o3, w1);
        scores[col + 2][row + 3] = sum(a32, x, o3, w2);
    }

    private float dot(float[] x, int offset, float[] w) {
        FloatVector a = FloatVector.zero(SPECIES);
        for (int j = 0; j < vectorDim; j += STEP) {
            a = FloatVector.fromArray(SPECIES, x, offset + j).fma(FloatVector.fromArray(SPECIES, w, j), a);
        }
        return sum(a, x, offset, w);
    }

    /** The accumulator's lanes, then the features past the last whole vector. */
    private float sum(FloatVector lanes, float[] x, int offset, float[] w) {
        float total = lanes.reduceLanes(VectorOperators.ADD);
        for (int j = vectorDim; j < dim; j++) {
            total += x[offset + j] * w[j];
        }
        return total;
    }

    @Override
    public void gradient(float[] block, int rows, float[][] residuals, float[][] gradient) {
        int columns = weights.length;
        int j = 0;
        for (; j + 4 * STEP <= vectorDim; j += 4 * STEP) {
            int col = 0;
            for (; col + 3 <= columns; col += 3) {
                gradient3x4(block, rows, j, residuals, gradient, col);
            }
            for (; col < columns; col++) {
                for (int k = j; k < j + 4 * STEP; k += STEP) {
                    gradientVector(block, rows, k, residuals[col], gradient[col]);
                }
            }
        }
        for (; j < vectorDim; j += STEP) {
            for (int col = 0; col < columns; col++) {
                gradientVector(block, rows, j, residuals[col], gradient[col]);
            }
        }
        for (; j < dim; j++) {
            for (int col = 0; col < columns; col++) {
                float sum = 0;
                for (int i = 0; i < rows; i++) {
                    sum += residuals[col][i] * block[i * dim + j];
                }
                gradient[col][j] += sum;
            }
        }
    }

    private void gradient3x4(float[] x, int rows, int j, float[][] residuals, float[][] gradient, int col) {
        float[] r0 = residuals[col];
        float[] r1 = residuals[col + 1];
        float[] r2 = residuals[col + 2];
        FloatVector g00 = FloatVector.zero(SPECIES);
        FloatVector g01 = g00;
        FloatVector g02 = g00;
        FloatVector g03 = g00;
        FloatVector g10 = g00;
        FloatVector g11 = g00;
        FloatVector g12 = g00;
        FloatVector g13 = g00;
        FloatVector g20 = g00;
        FloatVector g21 = g00;
        FloatVector g22 = g00;
        FloatVector g23 = g00;
        for (int i = 0; i < rows; i++) {
            int o = i * dim + j;
            FloatVector x0 = FloatVector.fromArray(SPECIES, x, o);
            FloatVector x1 = FloatVector.fromArray(SPECIES, x, o + STEP);
            FloatVector x2 = FloatVector.fromArray(SPECIES, x, o + 2 * STEP);
            FloatVector x3 = FloatVector.fromArray(SPECIES, x, o + 3 * STEP);
            FloatVector b0 = FloatVector.broadcast(SPECIES, r0[i]);
            FloatVector b1 = FloatVector.broadcast(SPECIES, r1[i]);
            FloatVector b2 = FloatVector.broadcast(SPECIES, r2[i]);
            g00 = x0.fma(b0, g00);
            g01 = x1.fma(b0, g01);
            g02 = x2.fma(b0, g02);
            g03 = x3.fma(b0, g03);
            g10 = x0.fma(b1, g10);
            g11 = x1.fma(b1, g11);
            g12 = x2.fma(b1, g12);
            g13 = x3.fma(b1, g13);
            g20 = x0.fma(b2, g20);
            g21 = x1.fma(b2, g21);
            g22 = x2.fma(b2, g22);
            g23 = x3.fma(b2, g23);
        }
        add(gradient[col], j, g00, g01, g02, g03);
        add(gradient[col + 1], j, g10, g11, g12, g13);
        add(gradient[col + 2], j, g20, g21, g22, g23);
    }

    private static void add(float[] g, int j, FloatVector a, FloatVector b, FloatVector c, FloatVector d) {
        FloatVector.fromArray(SPECIES, g, j).add(a).intoArray(g, j);
        FloatVector.fromArray(SPECIES, g, j + STEP).add(b).intoArray(g, j + STEP);
        FloatVector.fromArray(SPECIES, g, j + 2 * STEP).add(c).intoArray(g, j + 2 * STEP);
        FloatVector.fromArray(SPECIES, g, j + 3 * STEP).add(d).intoArray(g, j + 3 * STEP);
    }

    private void gradientVector(float[] x, int rows, int j, float[] residuals, float[] gradient) {
        FloatVector g = FloatVector.zero(SPECIES);
        for (int i = 0; i < rows; i++) {
            g = FloatVector.fromArray(SPECIES, x, i * dim + j).fma(FloatVector.broadcast(SPECIES, residuals[i]), g);
        }
        FloatVector.fromArray(SPECIES, gradient, j).add(g).intoArray(gradient, j);
    }
}
