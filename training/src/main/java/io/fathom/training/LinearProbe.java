package io.fathom.training;

import io.fathom.contracts.request.ProbeOptions;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A linear probe: features standardised on the training split, multinomial logistic regression
 * with L2 strength chosen by dev accuracy from a grid, walked from the strongest penalty to the
 * weakest with warm starts. Strengths are given as liblinear's C (loss weight), so that
 * {@code lambda = 1 / (C * trainRows)} in the mean-loss objective.
 */
public final class LinearProbe {

    /** liblinear's customary grid, as requests default to it: one source for the service, its tests and benchmarks. */
    public static final List<Double> DEFAULT_GRID = ProbeOptions.DEFAULT_C_GRID;
    private static final double TOLERANCE = 1e-5;
    private static final int MAX_ITERATIONS = 500;

    /** The chosen strength, the accuracies it gives, and its prediction for every test row. */
    public record Result(double chosenC, double devAccuracy, double testAccuracy, int iterations,
            int[] testPredictions) {
    }

    private LinearProbe() {
    }

    public static Result train(Features train, Features dev, Features test, List<Double> grid, int threads) {
        Fitted fitted = fit(train, dev, grid, threads);
        int[] predictions = fitted.predict(test);
        return new Result(fitted.chosenC(), fitted.devAccuracy(), Predictions.accuracy(predictions, test.labels()),
                fitted.iterations(), predictions);
    }

    /**
     * A probe trained on {@code train} with the strength that {@code dev} chose, to apply to new
     * rows: their classes, or their class probabilities.
     */
    public record Fitted(double chosenC, double devAccuracy, int iterations, Standardizer standardizer,
            SoftmaxRegression model) {

        public int[] predict(Features data) {
            return model.predict(standardizer.apply(data));
        }

        /** Row-major {@code [rows][classes]} probabilities. */
        public double[] probabilities(Features data) {
            return model.probabilities(standardizer.apply(data));
        }
    }

    public static Fitted fit(Features train, Features dev, List<Double> grid, int threads) {
        if (train.classes() < 2) {
            throw new IllegalArgumentException("a probe needs at least two classes, got " + train.classes());
        }
        Standardizer standardizer = Standardizer.fit(train);
        Features trainZ = standardizer.apply(train);
        Features devZ = standardizer.apply(dev);
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread thread = new Thread(r, "probe-trainer");
            thread.setDaemon(true);
            return thread;
        });
        try {
            SoftmaxRegression model = new SoftmaxRegression(train.classes(), train.dim(), threads);
            double[] best = null;
            double bestC = Double.NaN;
            double bestDev = -1;
            int iterations = 0;
            List<Double> ascending = grid.stream().sorted().toList();
            for (double c : ascending) { // small C = strong penalty first, then warm-start weaker ones
                iterations += model.fit(trainZ, 1 / (c * train.rows()), pool, TOLERANCE, MAX_ITERATIONS)
                        .iterations();
                double devAccuracy = Predictions.accuracy(model.predict(devZ), dev.labels());
                if (devAccuracy > bestDev) { // ties keep the stronger penalty
                    bestDev = devAccuracy;
                    bestC = c;
                    best = model.weights.clone();
                }
            }
            System.arraycopy(best, 0, model.weights, 0, best.length);
            return new Fitted(bestC, bestDev, iterations, standardizer, model);
        } finally {
            pool.shutdownNow();
        }
    }

    /** Per-feature mean and standard deviation of the training split, computed in one streamed pass. */
    public record Standardizer(float[] mean, float[] inverseStd) {

        public static Standardizer fit(Features data) {
            int dim = data.dim();
            double[] sum = new double[dim];
            double[] squares = new double[dim];
            float[] chunk = new float[SoftmaxRegression.CHUNK_ROWS * dim];
            for (int from = 0; from < data.rows(); from += SoftmaxRegression.CHUNK_ROWS) {
                int end = Math.min(data.rows(), from + SoftmaxRegression.CHUNK_ROWS);
                data.read(from, end, chunk);
                for (int offset = 0; offset < (end - from) * dim; offset += dim) {
                    for (int j = 0; j < dim; j++) {
                        double v = chunk[offset + j];
                        sum[j] += v;
                        squares[j] += v * v;
                    }
                }
            }
            float[] mean = new float[dim];
            float[] inverseStd = new float[dim];
            for (int j = 0; j < dim; j++) {
                double m = sum[j] / data.rows();
                double variance = Math.max(squares[j] / data.rows() - m * m, 0);
                mean[j] = (float) m;
                inverseStd[j] = variance > 1e-12 ? (float) (1 / Math.sqrt(variance)) : 0f;
            }
            return new Standardizer(mean, inverseStd);
        }

        /** A view that standardises rows as they are read. */
        public Features apply(Features data) {
            return new Features() {
                @Override
                public int rows() {
                    return data.rows();
                }

                @Override
                public int dim() {
                    return data.dim();
                }

                @Override
                public int classes() {
                    return data.classes();
                }

                @Override
                public int[] labels() {
                    return data.labels();
                }

                @Override
                public void read(int from, int to, float[] out) {
                    data.read(from, to, out);
                    int dim = data.dim();
                    for (int offset = 0; offset < (to - from) * dim; offset += dim) {
                        for (int j = 0; j < dim; j++) {
                            out[offset + j] = (out[offset + j] - mean[j]) * inverseStd[j];
                        }
                    }
                }
            };
        }
    }
}
