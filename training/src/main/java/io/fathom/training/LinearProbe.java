package io.fathom.training;

import io.fathom.contracts.request.ProbeOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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
    /** Where the methods without a scratch directory copy training rows that are not in memory. */
    private static final Path DEFAULT_SCRATCH = Path.of(System.getProperty("java.io.tmpdir"));
    private static final double TOLERANCE = 1e-5;
    private static final int MAX_ITERATIONS = 500;

    /** The chosen strength, the accuracies it gives, and its prediction for every test row. */
    public record Result(double chosenC, double devAccuracy, double testAccuracy, int iterations,
            int[] testPredictions) {
    }

    private LinearProbe() {
    }

    /**
     * Which float products train probes in this JVM: "vector" (the Vector API, with
     * {@code --add-modules=jdk.incubator.vector}) or "plain".
     */
    public static String products() {
        return BlockProducts.Kernel.BEST.name().toLowerCase(Locale.ROOT);
    }

    public static Result train(Features train, Features dev, Features test, List<Double> grid, int threads) {
        return trainTogether(List.of(new Task(train, dev, test)), grid, threads).get(0);
    }

    /**
     * The splits of one task. Tasks trained together share their features: every task's train split
     * holds the same rows as the first's (likewise dev and test), only the labels and class counts
     * differ, as for a task and its control task.
     */
    public record Task(Features train, Features dev, Features test) {
    }

    /**
     * Trains every task as {@link #train} would train it alone, with the same results, but in shared
     * passes over the training rows: the features are read (from the first task's splits) once per
     * pass for all of them.
     */
    public static List<Result> trainTogether(List<Task> tasks, List<Double> grid, int threads) {
        return trainTogether(tasks, grid, threads, DEFAULT_SCRATCH);
    }

    /**
     * {@link #trainTogether(List, List, int)} with the standardised copy of the training rows (as large
     * as them, in floats) written to {@code scratch} unless they are already in memory.
     */
    public static List<Result> trainTogether(List<Task> tasks, List<Double> grid, int threads, Path scratch) {
        List<Fitted> fitted = fitTogether(tasks.stream().map(Task::train).toList(),
                tasks.stream().map(Task::dev).toList(), grid, threads, scratch);
        List<Result> results = new ArrayList<>();
        for (int t = 0; t < tasks.size(); t++) {
            Fitted f = fitted.get(t);
            Features test = tasks.get(t).test();
            int[] predictions = f.predict(test);
            results.add(new Result(f.chosenC(), f.devAccuracy(), Predictions.accuracy(predictions, test.labels()),
                    f.iterations(), predictions));
        }
        return results;
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
        return fitTogether(List.of(train), List.of(dev), grid, threads, DEFAULT_SCRATCH).get(0);
    }

    /** {@link #fit} for tasks that share their features (see {@link Task}), in shared passes. */
    public static List<Fitted> fitTogether(List<Features> trains, List<Features> devs, List<Double> grid,
            int threads, Path scratch) {
        Features train = trains.get(0);
        for (int t = 0; t < trains.size(); t++) {
            Features other = trains.get(t);
            if (other.classes() < 2) {
                throw new IllegalArgumentException("a probe needs at least two classes, got " + other.classes());
            }
            if (other.rows() != train.rows() || other.dim() != train.dim() || devs.get(t).rows() != devs.get(0).rows()) {
                throw new IllegalArgumentException("tasks trained together share their rows: task " + t + " has "
                        + other.rows() + " x " + other.dim() + " training rows, task 0 " + train.rows() + " x "
                        + train.dim());
            }
        }
        if (grid.isEmpty()) {
            throw new IllegalArgumentException("the grid of C values is empty");
        }
        Standardizer standardizer = Standardizer.fit(train);
        Features devZ = standardizer.apply(devs.get(0));
        // rows in memory stay there; others are copied once, so that a pass reads floats and standardises none
        Features trainZ = train instanceof ProbeData ? ProbeData.copyOf(standardizer.apply(train))
                : FloatSpill.of(standardizer.apply(train), scratch);
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread thread = new Thread(r, "probe-trainer");
            thread.setDaemon(true);
            return thread;
        });
        try {
            SoftmaxPass pass = new SoftmaxPass(trainZ, pool, threads);
            SecondMoment moment = SecondMoment.of(trainZ, pass, standardizer.nonConstantFeatures());
            List<Double> ascending = grid.stream().sorted().toList();
            List<Walk> walks = new ArrayList<>();
            for (int t = 0; t < trains.size(); t++) {
                walks.add(new Walk(trains.get(t), devZ, devs.get(t).labels(), ascending, moment));
            }
            while (true) {
                List<Walk> active = walks.stream().filter(w -> !w.finished()).toList();
                if (active.isEmpty()) {
                    break;
                }
                List<SoftmaxPass.Model> models = new ArrayList<>();
                double[][] gradients = new double[active.size()][];
                for (int k = 0; k < active.size(); k++) {
                    Walk walk = active.get(k);
                    models.add(new SoftmaxPass.Model(walk.model.classes(), walk.labels, walk.search.point()));
                    gradients[k] = walk.search.gradient();
                }
                double[] losses = pass.evaluate(models, gradients);
                for (int k = 0; k < active.size(); k++) {
                    active.get(k).tell(losses[k]);
                }
            }
            return walks.stream().map(w -> new Fitted(w.bestC, w.bestDev, w.iterations, standardizer, w.model))
                    .toList();
        } finally {
            pool.shutdownNow();
            if (trainZ instanceof FloatSpill spill) {
                spill.close();
            }
        }
    }

    /**
     * One task's way through the grid: small C (strong penalty) first, each weaker one warm-started
     * from the last; after each, the dev accuracy, the best kept (ties keep the stronger penalty).
     */
    private static final class Walk {
        final SoftmaxRegression model;
        final int[] labels;
        final int rows;
        final int dim;
        final Features devZ;
        final int[] devLabels;
        final List<Double> ascending;
        final SecondMoment moment;
        int index;
        double lambda;
        double scale;
        Lbfgs.Search search;
        double[] best;
        double bestC = Double.NaN;
        double bestDev = -1;
        int iterations;

        Walk(Features train, Features devZ, int[] devLabels, List<Double> ascending, SecondMoment moment) {
            this.model = new SoftmaxRegression(train.classes(), train.dim());
            this.labels = train.labels();
            this.rows = train.rows();
            this.dim = train.dim();
            this.devZ = devZ;
            this.devLabels = devLabels;
            this.ascending = ascending;
            this.moment = moment;
            start();
        }

        boolean finished() {
            return index == ascending.size();
        }

        private void start() {
            lambda = 1 / (ascending.get(index) * rows);
            // every strength stops at the same gradient norm: TOLERANCE times the norm at zero
            // weights (the first, cold search's start; the penalty adds nothing there)
            search = new Lbfgs.Search(model.weights, TOLERANCE, MAX_ITERATIONS, scale, moment.preconditioner(lambda));
        }

        /** The summed loss at the search's point, its summed gradient in the search's gradient. */
        void tell(double loss) {
            double[] w = search.point();
            double[] gradient = search.gradient();
            double penalty = 0;
            for (int c = 0; c < model.classes(); c++) {
                int base = c * (dim + 1);
                for (int j = 0; j < dim; j++) {
                    gradient[base + j] = gradient[base + j] / rows + lambda * w[base + j];
                    penalty += w[base + j] * w[base + j];
                }
                gradient[base + dim] /= rows;
            }
            search.tell(loss / rows + 0.5 * lambda * penalty);
            if (!search.done()) {
                return;
            }
            iterations += search.result().iterations();
            if (index == 0) {
                scale = search.referenceNorm();
            }
            double devAccuracy = Predictions.accuracy(model.predict(devZ), devLabels);
            if (devAccuracy > bestDev) {
                bestDev = devAccuracy;
                bestC = ascending.get(index);
                best = model.weights.clone();
            }
            index++;
            if (finished()) {
                System.arraycopy(best, 0, model.weights, 0, best.length);
            } else {
                start();
            }
        }
    }

    /** Per-feature mean and standard deviation of the training split, computed in one streamed pass. */
    public record Standardizer(float[] mean, float[] inverseStd) {

        int nonConstantFeatures() {
            int count = 0;
            for (float f : inverseStd) {
                count += f != 0 ? 1 : 0;
            }
            return count;
        }

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
