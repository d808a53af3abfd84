package io.fathom.training;

import java.util.Arrays;

/**
 * The block products in loops the JDK 17 JIT vectorises by itself. The scores are lane sums: rows and
 * weights cut into pieces of {@link #LANES} values (the last padded with zeros), each product run as
 * {@code LANES} partial sums added up in lane order at the end. The gradient is an axpy over
 * {@link #SLAB}-wide slabs of the features, which stay in the L1 cache. The JIT only vectorises a
 * loop whose arrays it can align, which two offsets into one array defeat, so rows, pieces, weights
 * and gradients are separate arrays, each indexed from 0.
 */
final class PlainProducts implements BlockProducts {

    static final int LANES = 64;
    private static final int SLAB = 512;

    /** Per-thread buffers, reused from pass to pass while the shape fits. */
    private static final class Scratch {
        final float[][] rows;
        final float[][][] pieces;
        final float[] lanes0 = new float[LANES];
        final float[] lanes1 = new float[LANES];

        Scratch(int dim) {
            rows = new float[SoftmaxPass.BLOCK][dim];
            pieces = new float[SoftmaxPass.BLOCK][pieces(dim)][LANES];
        }
    }

    private static final ThreadLocal<Scratch> SCRATCH = new ThreadLocal<>();

    private static int pieces(int dim) {
        return (dim + LANES - 1) / LANES;
    }

    private final int dim;
    /** weights[col][piece][lane]. */
    private final float[][][] weights;

    PlainProducts(float[][] weights, int dim) {
        this.dim = dim;
        this.weights = new float[weights.length][pieces(dim)][LANES];
        for (int col = 0; col < weights.length; col++) {
            for (int j = 0; j < dim; j++) {
                this.weights[col][j / LANES][j % LANES] = weights[col][j];
            }
        }
    }

    private Scratch scratch(float[] block, int rows) {
        Scratch scratch = SCRATCH.get();
        if (scratch == null || scratch.rows[0].length != dim) {
            scratch = new Scratch(dim);
            SCRATCH.set(scratch);
        }
        for (int i = 0; i < rows; i++) {
            System.arraycopy(block, i * dim, scratch.rows[i], 0, dim);
        }
        return scratch;
    }

    @Override
    public void scores(float[] block, int rows, float[][] scores) {
        Scratch scratch = scratch(block, rows);
        int pieces = pieces(dim);
        for (int i = 0; i < rows; i++) {
            float[] row = scratch.rows[i];
            float[][] cut = scratch.pieces[i];
            for (int p = 0; p < pieces; p++) {
                System.arraycopy(row, p * LANES, cut[p], 0, Math.min(LANES, dim - p * LANES));
            }
        }
        float[] lanes0 = scratch.lanes0;
        float[] lanes1 = scratch.lanes1;
        int columns = weights.length;
        for (int i = 0; i < rows; i++) {
            float[][] x = scratch.pieces[i];
            int col = 0;
            for (; col + 1 < columns; col += 2) { // two columns per load of a piece of the row
                float[][] w0 = weights[col];
                float[][] w1 = weights[col + 1];
                Arrays.fill(lanes0, 0f);
                Arrays.fill(lanes1, 0f);
                for (int p = 0; p < pieces; p++) {
                    float[] xp = x[p];
                    float[] a = w0[p];
                    float[] b = w1[p];
                    for (int l = 0; l < LANES; l++) {
                        float v = xp[l];
                        lanes0[l] += a[l] * v;
                        lanes1[l] += b[l] * v;
                    }
                }
                scores[col][i] = sum(lanes0);
                scores[col + 1][i] = sum(lanes1);
            }
            for (; col < columns; col++) {
                float[][] w0 = weights[col];
                Arrays.fill(lanes0, 0f);
                for (int p = 0; p < pieces; p++) {
                    float[] xp = x[p];
                    float[] a = w0[p];
                    for (int l = 0; l < LANES; l++) {
                        lanes0[l] += a[l] * xp[l];
                    }
                }
                scores[col][i] = sum(lanes0);
            }
        }
    }

    private static float sum(float[] lanes) {
        float total = 0;
        for (float v : lanes) {
            total += v;
        }
        return total;
    }

    @Override
    public void gradient(float[] block, int rows, float[][] residuals, float[][] gradient) {
        Scratch scratch = scratch(block, rows);
        int columns = weights.length;
        for (int slab = 0; slab < dim; slab += SLAB) {
            int slabEnd = Math.min(dim, slab + SLAB);
            for (int i = 0; i < rows; i++) {
                float[] row = scratch.rows[i];
                for (int col = 0; col < columns; col++) {
                    float r = residuals[col][i];
                    float[] g = gradient[col];
                    for (int j = slab; j < slabEnd; j++) {
                        g[j] += r * row[j];
                    }
                }
            }
        }
    }
}
