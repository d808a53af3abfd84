package io.fathom.training;

import static org.assertj.core.api.Assertions.assertThat;

import de.bwaldvogel.liblinear.Feature;
import de.bwaldvogel.liblinear.FeatureNode;
import de.bwaldvogel.liblinear.Linear;
import de.bwaldvogel.liblinear.Model;
import de.bwaldvogel.liblinear.Parameter;
import de.bwaldvogel.liblinear.Problem;
import de.bwaldvogel.liblinear.SolverType;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The linear probe against liblinear's L2 logistic regression on the same standardised features and grid. */
class LinearProbeTest {

    static ProbeData train;
    static ProbeData dev;
    static ProbeData test;

    /** Overlapping Gaussian classes in 48 dimensions, plus noise dimensions, so accuracy is well below 100%. */
    static ProbeData sample(int rows, long seed) {
        int dim = 64;
        int classes = 5;
        SplittableRandom centres = new SplittableRandom(99);
        double[][] centre = new double[classes][dim];
        for (int c = 0; c < classes; c++) {
            for (int j = 0; j < 48; j++) {
                centre[c][j] = centres.nextGaussian() * 0.35;
            }
        }
        SplittableRandom random = new SplittableRandom(seed);
        float[] x = new float[rows * dim];
        int[] labels = new int[rows];
        for (int i = 0; i < rows; i++) {
            labels[i] = random.nextInt(classes);
            for (int j = 0; j < dim; j++) {
                x[i * dim + j] = (float) (centre[labels[i]][j] + random.nextGaussian() + (j % 7 == 0 ? 3 : 0));
            }
        }
        return new ProbeData(x, rows, dim, labels, classes);
    }

    @BeforeAll
    static void data() {
        train = sample(4000, 1);
        dev = sample(1000, 2);
        test = sample(3000, 3);
    }

    @Test
    void probabilitiesSumToOneAndPeakAtThePredictedClass() {
        LinearProbe.Fitted fitted = LinearProbe.fit(train, dev, List.of(0.01, 1.0), 2);
        double[] probabilities = fitted.probabilities(test);
        int[] predictions = fitted.predict(test);
        int classes = test.classes();
        double meanTruth = 0;
        for (int i = 0; i < test.rows(); i++) {
            double[] row = Arrays.copyOfRange(probabilities, i * classes, (i + 1) * classes);
            assertThat(Arrays.stream(row).sum()).isCloseTo(1.0, Offset.offset(1e-9));
            assertThat(Predictions.argmax(row)).isEqualTo(predictions[i]);
            meanTruth += row[test.labels()[i]] / test.rows();
        }
        assertThat(meanTruth).as("mean probability of the true class, well above chance 0.2").isGreaterThan(0.5);
    }

    @Test
    void isAtLeastAsAccurateAsLiblinear() {
        LinearProbe.Result ours = LinearProbe.train(train, dev, test, LinearProbe.DEFAULT_GRID, 2);

        LinearProbe.Standardizer standardizer = LinearProbe.Standardizer.fit(train);
        Problem problem = problem(ProbeData.copyOf(standardizer.apply(train)));
        double bestDev = -1;
        Model best = null;
        for (double c : LinearProbe.DEFAULT_GRID) {
            Model model = Linear.train(problem, new Parameter(SolverType.L2R_LR, c, 1e-4));
            double devAccuracy = accuracy(model, ProbeData.copyOf(standardizer.apply(dev)));
            if (devAccuracy > bestDev) {
                bestDev = devAccuracy;
                best = model;
            }
        }
        double reference = accuracy(best, ProbeData.copyOf(standardizer.apply(test)));
        System.out.printf("fathom %.4f (C=%s) vs liblinear %.4f%n", ours.testAccuracy(), ours.chosenC(), reference);
        // liblinear's multi-class logistic regression is one-vs-rest; a multinomial model may do
        // slightly better, never more than half a point worse
        assertThat(ours.testAccuracy()).isGreaterThanOrEqualTo(reference - 0.005)
                .isLessThanOrEqualTo(reference + 0.02);
        assertThat(ours.testAccuracy()).as("the task is learnable but not trivial").isBetween(0.5, 0.97);
    }

    @Test
    void givesTheSameNumbersWhateverTheThreadCount() {
        LinearProbe.Result first = LinearProbe.train(train, dev, test, LinearProbe.DEFAULT_GRID, 2);
        LinearProbe.Result second = LinearProbe.train(train, dev, test, LinearProbe.DEFAULT_GRID, 1);
        assertThat(second).usingRecursiveComparison().isEqualTo(first);
        assertThat(second.testPredictions()).containsExactly(first.testPredictions());
    }

    private static Problem problem(ProbeData data) {
        Problem problem = new Problem();
        problem.l = data.rows();
        problem.n = data.dim() + 1;
        problem.bias = 1;
        problem.x = new Feature[data.rows()][];
        problem.y = new double[data.rows()];
        for (int i = 0; i < data.rows(); i++) {
            problem.x[i] = row(data, i);
            problem.y[i] = data.labels()[i];
        }
        return problem;
    }

    private static Feature[] row(ProbeData data, int i) {
        Feature[] row = new Feature[data.dim() + 1];
        for (int j = 0; j < data.dim(); j++) {
            row[j] = new FeatureNode(j + 1, data.x()[i * data.dim() + j]);
        }
        row[data.dim()] = new FeatureNode(data.dim() + 1, 1);
        return row;
    }

    private static double accuracy(Model model, ProbeData data) {
        int correct = 0;
        for (int i = 0; i < data.rows(); i++) {
            if ((int) Linear.predict(model, row(data, i)) == data.labels()[i]) {
                correct++;
            }
        }
        return (double) correct / data.rows();
    }
}
