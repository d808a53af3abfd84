package io.fathom.probe.training;

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

    /** liblinear's customary grid. */
    public static final List<Double> DEFAULT_GRID = List.of(0.001, 0.01, 0.1, 1.0, 10.0, 100.0);
    private static final double TOLERANCE = 1e-5;
    private static final int MAX_ITERATIONS = 500;

    /** The chosen strength and the accuracies it gives. */
    public record Result(double chosenC, double devAccuracy, double testAccuracy, int iterations) {
    }

    private LinearProbe() {
    }

    public static Result train(ProbeData train, ProbeData dev, ProbeData test, List<Double> grid, int threads) {
        if (train.classes() < 2) {
            throw new IllegalArgumentException("a probe needs at least two classes, got " + train.classes());
        }
        Standardizer standardizer = Standardizer.fit(train);
        ProbeData trainZ = standardizer.apply(train);
        ProbeData devZ = standardizer.apply(dev);
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread thread = new Thread(r, "probe-trainer");
            thread.setDaemon(true);
            return thread;
        });
        try {
            SoftmaxRegression model = new SoftmaxRegression(train.classes(), train.dim());
            double[] best = null;
            double bestC = Double.NaN;
            double bestDev = -1;
            int iterations = 0;
            List<Double> ascending = grid.stream().sorted().toList();
            for (double c : ascending) { // small C = strong penalty first, then warm-start weaker ones
                iterations += model.fit(trainZ, 1 / (c * train.rows()), pool, TOLERANCE, MAX_ITERATIONS)
                        .iterations();
                double devAccuracy = model.accuracy(devZ);
                if (devAccuracy > bestDev) { // ties keep the stronger penalty
                    bestDev = devAccuracy;
                    bestC = c;
                    best = model.weights.clone();
                }
            }
            System.arraycopy(best, 0, model.weights, 0, best.length);
            return new Result(bestC, bestDev, model.accuracy(standardizer.apply(test)), iterations);
        } finally {
            pool.shutdownNow();
        }
    }

    /** Per-feature mean and standard deviation of the training split. */
    record Standardizer(float[] mean, float[] inverseStd) {

        static Standardizer fit(ProbeData data) {
            int dim = data.dim();
            double[] sum = new double[dim];
            double[] squares = new double[dim];
            for (int i = 0; i < data.rows(); i++) {
                for (int j = 0; j < dim; j++) {
                    double v = data.x()[i * dim + j];
                    sum[j] += v;
                    squares[j] += v * v;
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

        ProbeData apply(ProbeData data) {
            int dim = data.dim();
            float[] z = new float[data.x().length];
            for (int i = 0; i < data.rows(); i++) {
                for (int j = 0; j < dim; j++) {
                    z[i * dim + j] = (data.x()[i * dim + j] - mean[j]) * inverseStd[j];
                }
            }
            return new ProbeData(z, data.rows(), dim, data.labels(), data.classes());
        }
    }
}
