package io.fathom.training;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The blocked float pass that trains probes against the scalar double evaluation it replaced, and
 * tasks trained together against the same tasks trained apart.
 */
class SharedPassTest {

    static ProbeData train;
    static ProbeData dev;
    static ProbeData test;
    static ExecutorService pool;

    @BeforeAll
    static void data() {
        train = LinearProbeTest.sample(4000, 1);
        dev = LinearProbeTest.sample(1000, 2);
        test = LinearProbeTest.sample(3000, 3);
        pool = Executors.newFixedThreadPool(2);
    }

    @AfterAll
    static void stop() {
        pool.shutdownNow();
    }

    /** The same rows with labels that carry no signal, as a control task's. */
    static ProbeData relabelled(ProbeData data, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int[] labels = new int[data.rows()];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = random.nextInt(data.classes());
        }
        return new ProbeData(data.x(), data.rows(), data.dim(), labels, data.classes());
    }

    @Test
    void lossAndGradientEqualTheScalarDoubleEvaluation() {
        // 100 features: not a whole number of lanes; 1500 rows: a partial chunk and a partial block
        SplittableRandom random = new SplittableRandom(5);
        int rows = 1500;
        int dim = 100;
        float[] x = new float[rows * dim];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) random.nextGaussian();
        }
        int[] task = new int[rows];
        int[] control = new int[rows];
        for (int i = 0; i < rows; i++) {
            task[i] = random.nextInt(4);
            control[i] = random.nextInt(3);
        }
        ProbeData data = new ProbeData(x, rows, dim, task, 4);
        double[] w1 = weights(random, 4, dim);
        double[] w2 = weights(random, 3, dim);
        double[][] gradients = {new double[w1.length], new double[w2.length]};
        double[] losses = new SoftmaxPass(data, pool, 2).evaluate(List.of(new SoftmaxPass.Model(4, task, w1),
                new SoftmaxPass.Model(3, control, w2)), gradients);

        double[] reference1 = new double[w1.length];
        double loss1 = ScalarSoftmax.sums(data, task, 4, w1, reference1);
        double[] reference2 = new double[w2.length];
        double loss2 = ScalarSoftmax.sums(data, control, 3, w2, reference2);
        assertThat(losses[0]).isCloseTo(loss1, Offset.offset(1e-5 * Math.abs(loss1)));
        assertThat(losses[1]).isCloseTo(loss2, Offset.offset(1e-5 * Math.abs(loss2)));
        assertThat(distance(gradients[0], reference1)).isLessThan(1e-5 * norm(reference1));
        assertThat(distance(gradients[1], reference2)).isLessThan(1e-5 * norm(reference2));
    }

    @Test
    void trainsAsTheScalarDoubleTrainerDid() {
        LinearProbe.Result ours = LinearProbe.train(train, dev, test, LinearProbe.DEFAULT_GRID, 2);
        LinearProbe.Result before = ScalarSoftmax.train(train, dev, test, LinearProbe.DEFAULT_GRID);
        int agree = 0;
        for (int i = 0; i < test.rows(); i++) {
            agree += ours.testPredictions()[i] == before.testPredictions()[i] ? 1 : 0;
        }
        System.out.printf("blocked float pass %.4f (C=%s, %d iterations) vs scalar double %.4f (C=%s, %d); "
                + "%d of %d test predictions agree%n", ours.testAccuracy(), ours.chosenC(), ours.iterations(),
                before.testAccuracy(), before.chosenC(), before.iterations(), agree, test.rows());
        assertThat(ours.chosenC()).isEqualTo(before.chosenC());
        assertThat(ours.testAccuracy()).isCloseTo(before.testAccuracy(), Offset.offset(0.005));
        assertThat(ours.devAccuracy()).isCloseTo(before.devAccuracy(), Offset.offset(0.005));
        assertThat((double) agree / test.rows()).isGreaterThan(0.99);
    }

    @Test
    void onCorrelatedFeaturesThePreconditionedTrainerReachesThePlainOptimumInFewerIterations() {
        // 4 factors shared by all 96 features make the problem ill-conditioned: plain L-BFGS (the
        // scalar reference) needs many iterations at the weak penalties, the preconditioned search few
        ProbeData correlatedTrain = correlated(3000, 21);
        ProbeData correlatedDev = correlated(1000, 22);
        ProbeData correlatedTest = correlated(3000, 23);
        LinearProbe.Result ours = LinearProbe.train(correlatedTrain, correlatedDev, correlatedTest,
                LinearProbe.DEFAULT_GRID, 2);
        LinearProbe.Result plain = ScalarSoftmax.train(correlatedTrain, correlatedDev, correlatedTest,
                LinearProbe.DEFAULT_GRID);
        int agree = 0;
        for (int i = 0; i < correlatedTest.rows(); i++) {
            agree += ours.testPredictions()[i] == plain.testPredictions()[i] ? 1 : 0;
        }
        System.out.printf("correlated features: preconditioned %.4f (C=%s, %d iterations) vs plain %.4f (C=%s, %d); "
                + "%d of %d test predictions agree%n", ours.testAccuracy(), ours.chosenC(), ours.iterations(),
                plain.testAccuracy(), plain.chosenC(), plain.iterations(), agree, correlatedTest.rows());
        assertThat(ours.chosenC()).isEqualTo(plain.chosenC());
        assertThat(ours.testAccuracy()).isCloseTo(plain.testAccuracy(), Offset.offset(0.005));
        assertThat(ours.devAccuracy()).isCloseTo(plain.devAccuracy(), Offset.offset(0.005));
        assertThat((double) agree / correlatedTest.rows()).isGreaterThan(0.99);
        assertThat(ours.iterations()).isLessThan(plain.iterations() / 2);
    }

    /** 5 classes in 96 features, on top of 4 latent factors with large loadings on every feature. */
    static ProbeData correlated(int rows, long seed) {
        int dim = 96;
        int classes = 5;
        SplittableRandom fixed = new SplittableRandom(98);
        double[][] centre = new double[classes][dim];
        double[][] loading = new double[4][dim];
        for (int j = 0; j < dim; j++) {
            for (int c = 0; c < classes; c++) {
                centre[c][j] = fixed.nextGaussian() * 0.3;
            }
            for (int f = 0; f < 4; f++) {
                loading[f][j] = fixed.nextGaussian() * (f + 1);
            }
        }
        SplittableRandom random = new SplittableRandom(seed);
        float[] x = new float[rows * dim];
        int[] labels = new int[rows];
        double[] z = new double[4];
        for (int i = 0; i < rows; i++) {
            labels[i] = random.nextInt(classes);
            for (int f = 0; f < 4; f++) {
                z[f] = random.nextGaussian();
            }
            for (int j = 0; j < dim; j++) {
                double v = centre[labels[i]][j] + random.nextGaussian();
                for (int f = 0; f < 4; f++) {
                    v += z[f] * loading[f][j];
                }
                x[i * dim + j] = (float) v;
            }
        }
        return new ProbeData(x, rows, dim, labels, classes);
    }

    @Test
    void aTaskAndItsControlTrainedTogetherEqualThemTrainedApart() {
        ProbeData controlTrain = relabelled(train, 11);
        ProbeData controlDev = relabelled(dev, 12);
        ProbeData controlTest = relabelled(test, 13);
        List<LinearProbe.Result> together = LinearProbe.trainTogether(List.of(
                new LinearProbe.Task(train, dev, test), new LinearProbe.Task(controlTrain, controlDev, controlTest)),
                LinearProbe.DEFAULT_GRID, 2);
        LinearProbe.Result task = LinearProbe.train(train, dev, test, LinearProbe.DEFAULT_GRID, 2);
        LinearProbe.Result control = LinearProbe.train(controlTrain, controlDev, controlTest,
                LinearProbe.DEFAULT_GRID, 2);
        assertThat(together.get(0)).usingRecursiveComparison().isEqualTo(task);
        assertThat(together.get(1)).usingRecursiveComparison().isEqualTo(control);
        assertThat(together.get(0).testPredictions()).containsExactly(task.testPredictions());
        assertThat(together.get(1).testPredictions()).containsExactly(control.testPredictions());
        assertThat(task.testAccuracy()).isGreaterThan(control.testAccuracy() + 0.3);
    }

    @Test
    void tasksTrainedTogetherGiveTheSameNumbersWhateverTheThreadCount() {
        List<LinearProbe.Task> tasks = List.of(new LinearProbe.Task(train, dev, test),
                new LinearProbe.Task(relabelled(train, 11), relabelled(dev, 12), relabelled(test, 13)));
        List<LinearProbe.Result> two = LinearProbe.trainTogether(tasks, LinearProbe.DEFAULT_GRID, 2);
        List<LinearProbe.Result> one = LinearProbe.trainTogether(tasks, LinearProbe.DEFAULT_GRID, 1);
        assertThat(one).usingRecursiveComparison().isEqualTo(two);
        for (int t = 0; t < 2; t++) {
            assertThat(one.get(t).testPredictions()).containsExactly(two.get(t).testPredictions());
        }
    }

    private static double[] weights(SplittableRandom random, int classes, int dim) {
        double[] w = new double[classes * (dim + 1)];
        for (int i = 0; i < w.length; i++) {
            w[i] = random.nextGaussian() * 0.2;
        }
        return w;
    }

    private static double distance(double[] a, double[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += (a[i] - b[i]) * (a[i] - b[i]);
        }
        return Math.sqrt(sum);
    }

    private static double norm(double[] a) {
        return distance(a, new double[a.length]);
    }

    /** The evaluation the trainer used before the blocked pass: a row at a time, in double. */
    static final class ScalarSoftmax {

        private ScalarSoftmax() {
        }

        /** Summed loss; summed gradient into {@code gradient}. */
        static double sums(Features data, int[] labels, int classes, double[] w, double[] gradient) {
            int dim = data.dim();
            float[] x = new float[data.rows() * dim];
            data.read(0, data.rows(), x);
            double loss = 0;
            double[] p = new double[classes];
            java.util.Arrays.fill(gradient, 0);
            for (int i = 0; i < data.rows(); i++) {
                double max = Double.NEGATIVE_INFINITY;
                for (int c = 0; c < classes; c++) {
                    double s = w[c * (dim + 1) + dim];
                    for (int j = 0; j < dim; j++) {
                        s += w[c * (dim + 1) + j] * x[i * dim + j];
                    }
                    p[c] = s;
                    max = Math.max(max, s);
                }
                double total = 0;
                for (int c = 0; c < classes; c++) {
                    p[c] = Math.exp(p[c] - max);
                    total += p[c];
                }
                loss += -Math.log(p[labels[i]] / total);
                for (int c = 0; c < classes; c++) {
                    double delta = p[c] / total - (c == labels[i] ? 1 : 0);
                    for (int j = 0; j < dim; j++) {
                        gradient[c * (dim + 1) + j] += delta * x[i * dim + j];
                    }
                    gradient[c * (dim + 1) + dim] += delta;
                }
            }
            return loss;
        }

        /** LinearProbe.train as it was: the same standardisation, grid walk and stopping rule. */
        static LinearProbe.Result train(Features train, Features dev, Features test, List<Double> grid) {
            LinearProbe.Standardizer standardizer = LinearProbe.Standardizer.fit(train);
            ProbeData trainZ = ProbeData.copyOf(standardizer.apply(train));
            Features devZ = standardizer.apply(dev);
            int dim = train.dim();
            int rows = train.rows();
            SoftmaxRegression model = new SoftmaxRegression(train.classes(), dim);
            double[] best = null;
            double bestC = Double.NaN;
            double bestDev = -1;
            int iterations = 0;
            for (double c : new ArrayList<>(grid.stream().sorted().toList())) {
                double lambda = 1 / (c * rows);
                iterations += Lbfgs.minimize((w, gradient) -> {
                    double loss = sums(trainZ, train.labels(), train.classes(), w, gradient);
                    double penalty = 0;
                    for (int k = 0; k < train.classes(); k++) {
                        for (int j = 0; j < dim; j++) {
                            int at = k * (dim + 1) + j;
                            gradient[at] = gradient[at] / rows + lambda * w[at];
                            penalty += w[at] * w[at];
                        }
                        gradient[k * (dim + 1) + dim] /= rows;
                    }
                    return loss / rows + 0.5 * lambda * penalty;
                }, model.weights, 1e-5, 500).iterations();
                double devAccuracy = Predictions.accuracy(model.predict(devZ), dev.labels());
                if (devAccuracy > bestDev) {
                    bestDev = devAccuracy;
                    bestC = c;
                    best = model.weights.clone();
                }
            }
            System.arraycopy(best, 0, model.weights, 0, best.length);
            int[] predictions = model.predict(standardizer.apply(test));
            return new LinearProbe.Result(bestC, bestDev, Predictions.accuracy(predictions, test.labels()), iterations,
                    predictions);
        }
    }
}
