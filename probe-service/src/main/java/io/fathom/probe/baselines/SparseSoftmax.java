package io.fathom.probe.baselines;

import io.fathom.training.Lbfgs;
import io.fathom.training.Predictions;
import java.util.Arrays;

/**
 * Multinomial logistic regression on sparse count features, L2 on the weights (not the biases),
 * trained by L-BFGS on the mean negative log-likelihood: the objective scikit-learn's
 * {@code LogisticRegression(C)} minimises, with {@code lambda = 1 / (C * rows)}. Rows are lists of
 * (feature, count) pairs, so a vocabulary of many n-grams costs only what each text holds.
 */
final class SparseSoftmax {

    /** One text: its feature indices and their counts, index-aligned. */
    record Row(int[] features, float[] counts) {
    }

    private static final double TOLERANCE = 1e-6;
    private static final int MAX_ITERATIONS = 1000;

    private final int classes;
    private final int features;
    /** [classes][features + 1], the last column the bias. */
    private final double[] weights;

    SparseSoftmax(int classes, int features) {
        this.classes = classes;
        this.features = features;
        this.weights = new double[classes * (features + 1)];
    }

    /** Trains from the current weights (a warm start). */
    void fit(Row[] rows, int[] labels, double lambda) {
        Lbfgs.minimize((w, gradient) -> evaluate(rows, labels, w, gradient, lambda), weights, TOLERANCE,
                MAX_ITERATIONS);
    }

    double[] weights() {
        return weights;
    }

    int[] predict(Row[] rows) {
        int[] predictions = new int[rows.length];
        double[] scores = new double[classes];
        for (int i = 0; i < rows.length; i++) {
            scores(weights, rows[i], scores);
            predictions[i] = Predictions.argmax(scores);
        }
        return predictions;
    }

    private void scores(double[] w, Row row, double[] out) {
        for (int c = 0; c < classes; c++) {
            int base = c * (features + 1);
            double sum = w[base + features];
            for (int k = 0; k < row.features().length; k++) {
                sum += w[base + row.features()[k]] * row.counts()[k];
            }
            out[c] = sum;
        }
    }

    private double evaluate(Row[] rows, int[] labels, double[] w, double[] gradient, double lambda) {
        Arrays.fill(gradient, 0);
        double loss = 0;
        double[] p = new double[classes];
        for (int i = 0; i < rows.length; i++) {
            scores(w, rows[i], p);
            double max = Arrays.stream(p).max().orElse(0);
            double total = 0;
            for (int c = 0; c < classes; c++) {
                p[c] = Math.exp(p[c] - max);
                total += p[c];
            }
            loss -= Math.log(p[labels[i]] / total);
            for (int c = 0; c < classes; c++) {
                double delta = p[c] / total - (c == labels[i] ? 1 : 0);
                int base = c * (features + 1);
                Row row = rows[i];
                for (int k = 0; k < row.features().length; k++) {
                    gradient[base + row.features()[k]] += delta * row.counts()[k];
                }
                gradient[base + features] += delta;
            }
        }
        double penalty = 0;
        for (int c = 0; c < classes; c++) {
            int base = c * (features + 1);
            for (int j = 0; j < features; j++) {
                gradient[base + j] = gradient[base + j] / rows.length + lambda * w[base + j];
                penalty += w[base + j] * w[base + j];
            }
            gradient[base + features] /= rows.length;
        }
        return loss / rows.length + 0.5 * lambda * penalty;
    }
}
