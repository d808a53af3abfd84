package io.fathom.bench;

import de.bwaldvogel.liblinear.Feature;
import de.bwaldvogel.liblinear.FeatureNode;
import de.bwaldvogel.liblinear.Linear;
import de.bwaldvogel.liblinear.Model;
import de.bwaldvogel.liblinear.Parameter;
import de.bwaldvogel.liblinear.Problem;
import de.bwaldvogel.liblinear.SolverType;
import io.fathom.training.Features;
import io.fathom.training.LinearProbe;
import io.fathom.training.ProbeData;
import java.util.ArrayList;
import java.util.List;

/**
 * liblinear-java's L2-regularised logistic regression (L2R_LR, one-vs-rest for more than two
 * classes, eps 1e-4, single-threaded) driven as LinearProbeTest drives it: features standardised on
 * the training split exactly as LinearProbe does, a bias feature, every C of the grid trained from
 * scratch, C chosen by dev accuracy (ties keep the earlier, smaller C).
 */
final class LiblinearReference {

    static final double EPS = 1e-4;
    private static final int CHUNK_ROWS = 1024;

    record PerC(double c, double seconds, double devAccuracy) {
    }

    record Result(double chosenC, double devAccuracy, double testAccuracy, double seconds, double prepareSeconds,
            List<PerC> perC) {
    }

    private LiblinearReference() {
    }

    static Result train(Features train, Features dev, Features test, List<Double> grid) {
        Linear.disableDebugOutput();
        long start = System.nanoTime();
        LinearProbe.Standardizer standardizer = LinearProbe.Standardizer.fit(train);
        Problem problem = problem(standardizer.apply(train));
        float[] devX = ProbeData.copyOf(standardizer.apply(dev)).x();
        float[] testX = ProbeData.copyOf(standardizer.apply(test)).x();
        double prepare = (System.nanoTime() - start) / 1e9;
        List<PerC> perC = new ArrayList<>();
        double bestDev = -1;
        double bestC = Double.NaN;
        Model best = null;
        for (double c : grid.stream().sorted().toList()) {
            long t = System.nanoTime();
            Model model = Linear.train(problem, new Parameter(SolverType.L2R_LR, c, EPS));
            double devAccuracy = accuracy(model, devX, dev.dim(), dev.labels());
            perC.add(new PerC(c, (System.nanoTime() - t) / 1e9, devAccuracy));
            if (devAccuracy > bestDev) {
                bestDev = devAccuracy;
                bestC = c;
                best = model;
            }
        }
        double testAccuracy = accuracy(best, testX, test.dim(), test.labels());
        return new Result(bestC, bestDev, testAccuracy, (System.nanoTime() - start) / 1e9, prepare, perC);
    }

    private static Problem problem(Features data) {
        int dim = data.dim();
        Problem problem = new Problem();
        problem.l = data.rows();
        problem.n = dim + 1;
        problem.bias = 1;
        problem.x = new Feature[data.rows()][];
        problem.y = new double[data.rows()];
        float[] chunk = new float[CHUNK_ROWS * dim];
        for (int from = 0; from < data.rows(); from += CHUNK_ROWS) {
            int end = Math.min(data.rows(), from + CHUNK_ROWS);
            data.read(from, end, chunk);
            for (int i = from; i < end; i++) {
                Feature[] row = new Feature[dim + 1];
                for (int j = 0; j < dim; j++) {
                    row[j] = new FeatureNode(j + 1, chunk[(i - from) * dim + j]);
                }
                row[dim] = new FeatureNode(dim + 1, 1);
                problem.x[i] = row;
                problem.y[i] = data.labels()[i];
            }
        }
        return problem;
    }

    private static double accuracy(Model model, float[] x, int dim, int[] labels) {
        FeatureNode[] row = new FeatureNode[dim + 1];
        for (int j = 0; j <= dim; j++) {
            row[j] = new FeatureNode(j + 1, 1);
        }
        int correct = 0;
        for (int i = 0; i < labels.length; i++) {
            for (int j = 0; j < dim; j++) {
                row[j].value = x[i * dim + j];
            }
            if ((int) Linear.predict(model, row) == labels[i]) {
                correct++;
            }
        }
        return (double) correct / labels.length;
    }
}
