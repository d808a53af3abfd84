package io.fathom.training;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * Multinomial logistic regression with an L2 penalty on the weights (not the biases), trained by
 * L-BFGS on the mean negative log-likelihood. Rows are read and processed in parallel chunks, each
 * with its own gradient buffer, summed in a fixed order so that results do not depend on thread
 * timing, and memory holds one chunk per thread rather than the whole data set.
 */
public final class SoftmaxRegression {

    static final int CHUNK_ROWS = 1024;

    private final int classes;
    private final int dim;
    /** Threads of the pool it is given: at most twice as many chunks are in flight. */
    private final int parallelism;
    /** [classes][dim + 1], the last column the bias. */
    final double[] weights;

    SoftmaxRegression(int classes, int dim, int parallelism) {
        this.classes = classes;
        this.dim = dim;
        this.parallelism = parallelism;
        this.weights = new double[classes * (dim + 1)];
    }

    /** Trains from the current weights (a warm start); {@code lambda} multiplies ½‖W‖². */
    Lbfgs.Result fit(Features data, double lambda, ExecutorService pool, double tolerance, int maxIterations) {
        Lbfgs.Objective objective = (w, gradient) -> evaluate(data, w, gradient, lambda, pool);
        return Lbfgs.minimize(objective, weights, tolerance, maxIterations);
    }

    /** The predicted class of every row. */
    int[] predict(Features data) {
        int[] predictions = new int[data.rows()];
        float[] chunk = new float[CHUNK_ROWS * dim];
        for (int from = 0; from < data.rows(); from += CHUNK_ROWS) {
            int end = Math.min(data.rows(), from + CHUNK_ROWS);
            data.read(from, end, chunk);
            for (int i = from; i < end; i++) {
                predictions[i] = predictRow(chunk, (i - from) * dim);
            }
        }
        return predictions;
    }

    /** Row-major {@code [rows][classes]} class probabilities (the softmax of the scores). */
    double[] probabilities(Features data) {
        double[] out = new double[data.rows() * classes];
        float[] chunk = new float[CHUNK_ROWS * dim];
        double[] scores = new double[classes];
        for (int from = 0; from < data.rows(); from += CHUNK_ROWS) {
            int end = Math.min(data.rows(), from + CHUNK_ROWS);
            data.read(from, end, chunk);
            for (int i = from; i < end; i++) {
                double max = Double.NEGATIVE_INFINITY;
                for (int c = 0; c < classes; c++) {
                    scores[c] = score(weights, c, chunk, (i - from) * dim);
                    max = Math.max(max, scores[c]);
                }
                double total = 0;
                for (int c = 0; c < classes; c++) {
                    scores[c] = Math.exp(scores[c] - max);
                    total += scores[c];
                }
                for (int c = 0; c < classes; c++) {
                    out[i * classes + c] = scores[c] / total;
                }
            }
        }
        return out;
    }

    private int predictRow(float[] x, int offset) {
        double[] scores = new double[classes];
        for (int c = 0; c < classes; c++) {
            scores[c] = score(weights, c, x, offset);
        }
        return Predictions.argmax(scores);
    }

    private double score(double[] w, int c, float[] x, int offset) {
        int base = c * (dim + 1);
        double sum = w[base + dim];
        for (int j = 0; j < dim; j++) {
            sum += w[base + j] * x[offset + j];
        }
        return sum;
    }

    private double evaluate(Features data, double[] w, double[] gradient, double lambda, ExecutorService pool) {
        int rows = data.rows();
        int chunks = (rows + CHUNK_ROWS - 1) / CHUNK_ROWS;
        // chunk boundaries do not depend on the thread count, so neither does the summation order;
        // partial sums are added as they come, in chunk order, with a bounded number in flight
        Deque<Future<double[]>> inFlight = new ArrayDeque<>();
        int submitted = 0;
        Arrays.fill(gradient, 0);
        double loss = 0;
        try {
            for (int chunk = 0; chunk < chunks; chunk++) {
                while (submitted < chunks && inFlight.size() < parallelism * 2) {
                    int start = submitted++ * CHUNK_ROWS;
                    int end = Math.min(rows, start + CHUNK_ROWS);
                    inFlight.add(pool.submit(() -> partial(data, w, start, end)));
                }
                double[] p = inFlight.removeFirst().get(); // [gradient..., loss]
                for (int i = 0; i < gradient.length; i++) {
                    gradient[i] += p[i];
                }
                loss += p[gradient.length];
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while training", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("training failed: " + e.getCause(), e.getCause());
        }
        double penalty = 0;
        for (int c = 0; c < classes; c++) {
            int base = c * (dim + 1);
            for (int j = 0; j < dim; j++) {
                gradient[base + j] = gradient[base + j] / rows + lambda * w[base + j];
                penalty += w[base + j] * w[base + j];
            }
            gradient[base + dim] /= rows;
        }
        return loss / rows + 0.5 * lambda * penalty;
    }

    private static final ThreadLocal<float[]> CHUNKS = new ThreadLocal<>();

    /** Summed loss gradient and loss over rows [start, end), unscaled. */
    private double[] partial(Features data, double[] w, int start, int end) {
        float[] x = CHUNKS.get();
        if (x == null || x.length < CHUNK_ROWS * dim) {
            x = new float[CHUNK_ROWS * dim];
            CHUNKS.set(x);
        }
        data.read(start, end, x);
        double[] out = new double[w.length + 1];
        double[] probabilities = new double[classes];
        int[] labels = data.labels();
        for (int i = start; i < end; i++) {
            int offset = (i - start) * dim;
            double max = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < classes; c++) {
                probabilities[c] = score(w, c, x, offset);
                max = Math.max(max, probabilities[c]);
            }
            double total = 0;
            for (int c = 0; c < classes; c++) {
                probabilities[c] = Math.exp(probabilities[c] - max);
                total += probabilities[c];
            }
            int label = labels[i];
            out[w.length] += -(Math.log(probabilities[label] / total));
            for (int c = 0; c < classes; c++) {
                double delta = probabilities[c] / total - (c == label ? 1 : 0);
                int base = c * (dim + 1);
                for (int j = 0; j < dim; j++) {
                    out[base + j] += delta * x[offset + j];
                }
                out[base + dim] += delta;
            }
        }
        return out;
    }
}
