package io.fathom.training;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * One pass over the training rows that evaluates the softmax loss and its gradient for several
 * models at once (the task and its control, each at its own point of its own search): reading the
 * rows is shared, each model only adds its columns to the products.
 *
 * <p>Per chunk of {@link SoftmaxRegression#CHUNK_ROWS} rows and per block of {@link #BLOCK} rows in
 * it, the block is read once; the scores (the rows times every model's weights) and the weight
 * gradient (the residuals times the rows) are float products ({@link BlockProducts}), the softmax
 * and loss are in double, and the block's float gradient is added to the chunk's double sums after
 * every block. Every column is computed on its own, the same whichever other models share the pass,
 * and chunks are summed in chunk order: the results depend neither on the thread count nor on the
 * company.
 */
final class SoftmaxPass {

    static final int BLOCK = 64;

    /**
     * One model to evaluate: its weights ({@code [classes][dim + 1]}, the bias last) and its labels.
     * A model without labels is linear: its residuals are its scores without the bias, its loss 0
     * and its bias gradient 0, so that its weight "gradient" is X^T X w, the product
     * {@link SecondMoment} needs.
     */
    record Model(int classes, int[] labels, double[] weights) {

        static Model linear(int columns, double[] weights) {
            return new Model(columns, null, weights);
        }
    }

    private final Features data;
    private final int dim;
    private final ExecutorService pool;
    private final int parallelism;

    SoftmaxPass(Features standardised, ExecutorService pool, int parallelism) {
        this.data = standardised;
        this.dim = standardised.dim();
        this.pool = pool;
        this.parallelism = parallelism;
    }

    /**
     * Writes into {@code gradients[m]} the summed (not averaged) loss gradient of model m over all
     * rows, and returns the summed losses.
     */
    double[] evaluate(List<Model> models, double[][] gradients) {
        int m = models.size();
        int[] columnStart = new int[m + 1];
        for (int k = 0; k < m; k++) {
            columnStart[k + 1] = columnStart[k] + models.get(k).classes();
        }
        int columns = columnStart[m];
        float[][] weights = new float[columns][dim];
        for (int k = 0; k < m; k++) {
            Model model = models.get(k);
            for (int c = 0; c < model.classes(); c++) {
                int from = c * (dim + 1);
                float[] to = weights[columnStart[k] + c];
                for (int j = 0; j < dim; j++) {
                    to[j] = (float) model.weights()[from + j];
                }
            }
        }
        Layout layout = new Layout(models, columnStart, columns, BlockProducts.Kernel.BEST.products(weights, dim));
        int rows = data.rows();
        int chunks = (rows + SoftmaxRegression.CHUNK_ROWS - 1) / SoftmaxRegression.CHUNK_ROWS;
        double[] losses = new double[m];
        for (double[] gradient : gradients) {
            Arrays.fill(gradient, 0);
        }
        Deque<Future<double[]>> inFlight = new ArrayDeque<>();
        int submitted = 0;
        try {
            for (int chunk = 0; chunk < chunks; chunk++) {
                while (submitted < chunks && inFlight.size() < parallelism * 2) {
                    int start = submitted++ * SoftmaxRegression.CHUNK_ROWS;
                    int end = Math.min(rows, start + SoftmaxRegression.CHUNK_ROWS);
                    inFlight.add(pool.submit(() -> partial(layout, start, end)));
                }
                double[] p = inFlight.removeFirst().get(); // per model: gradient, then all losses
                int offset = 0;
                for (int k = 0; k < m; k++) {
                    double[] gradient = gradients[k];
                    for (int i = 0; i < gradient.length; i++) {
                        gradient[i] += p[offset + i];
                    }
                    offset += gradient.length;
                }
                for (int k = 0; k < m; k++) {
                    losses[k] += p[offset + k];
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while training", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("training failed: " + e.getCause(), e.getCause());
        }
        return losses;
    }

    private record Layout(List<Model> models, int[] columnStart, int columns, BlockProducts products) {
    }

    /** Per-thread buffers, reused from pass to pass while the shape fits. */
    private static final class Scratch {
        final float[] block;
        final float[][] scores;
        final float[][] residuals;
        final float[][] gradient;

        Scratch(int dim, int columns) {
            block = new float[BLOCK * dim];
            scores = new float[columns][BLOCK];
            residuals = new float[columns][BLOCK];
            gradient = new float[columns][dim];
        }

        boolean fits(int dim, int columns) {
            return gradient[0].length == dim && gradient.length == columns;
        }
    }

    private static final ThreadLocal<Scratch> SCRATCH = new ThreadLocal<>();

    /** The summed gradients and losses of rows [start, end). */
    private double[] partial(Layout layout, int start, int end) {
        Scratch scratch = SCRATCH.get();
        if (scratch == null || !scratch.fits(dim, layout.columns())) {
            scratch = new Scratch(dim, layout.columns());
            SCRATCH.set(scratch);
        }
        List<Model> models = layout.models();
        int m = models.size();
        int[] gradientStart = new int[m + 1];
        for (int k = 0; k < m; k++) {
            gradientStart[k + 1] = gradientStart[k] + models.get(k).classes() * (dim + 1);
        }
        double[] out = new double[gradientStart[m] + m];
        for (float[] g : scratch.gradient) {
            Arrays.fill(g, 0f);
        }
        for (int block = start; block < end; block += BLOCK) {
            int rows = Math.min(BLOCK, end - block);
            // one read for the block, which stays in the cache for both products
            data.read(block, block + rows, scratch.block);
            layout.products().scores(scratch.block, rows, scratch.scores);
            for (int k = 0; k < m; k++) {
                out[gradientStart[m] + k] += softmax(models.get(k), layout.columnStart()[k], block, rows, scratch,
                        out, gradientStart[k]);
            }
            layout.products().gradient(scratch.block, rows, scratch.residuals, scratch.gradient);
            // the block's float sums join the chunk's double sums
            for (int k = 0; k < m; k++) {
                for (int c = 0; c < models.get(k).classes(); c++) {
                    float[] from = scratch.gradient[layout.columnStart()[k] + c];
                    int to = gradientStart[k] + c * (dim + 1);
                    for (int j = 0; j < dim; j++) {
                        out[to + j] += from[j];
                    }
                    Arrays.fill(from, 0f);
                }
            }
        }
        return out;
    }

    /**
     * The softmax of one model's scores over the block's rows: its residuals (probability minus
     * indicator) into the scratch, its bias gradient into {@code out}; returns the summed loss.
     */
    private double softmax(Model model, int firstColumn, int block, int rows, Scratch scratch, double[] out,
            int gradientOffset) {
        int classes = model.classes();
        float[][] scores = scratch.scores;
        float[][] residuals = scratch.residuals;
        if (model.labels() == null) {
            for (int c = 0; c < classes; c++) {
                System.arraycopy(scores[firstColumn + c], 0, residuals[firstColumn + c], 0, rows);
            }
            return 0;
        }
        double[] probabilities = new double[classes];
        double loss = 0;
        for (int i = 0; i < rows; i++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < classes; c++) {
                probabilities[c] = scores[firstColumn + c][i] + model.weights()[c * (dim + 1) + dim];
                max = Math.max(max, probabilities[c]);
            }
            int label = model.labels()[block + i];
            double labelScore = probabilities[label] - max;
            double total = 0;
            for (int c = 0; c < classes; c++) {
                probabilities[c] = Math.exp(probabilities[c] - max);
                total += probabilities[c];
            }
            loss += Math.log(total) - labelScore;
            for (int c = 0; c < classes; c++) {
                double delta = probabilities[c] / total - (c == label ? 1 : 0);
                residuals[firstColumn + c][i] = (float) delta;
                out[gradientOffset + c * (dim + 1) + dim] += delta;
            }
        }
        return loss;
    }
}
