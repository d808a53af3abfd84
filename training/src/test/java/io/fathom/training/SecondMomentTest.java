package io.fathom.training;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class SecondMomentTest {

    @Test
    void jacobiDiagonalisesASymmetricMatrix() {
        double[][] a = {{4, 1, -2}, {1, 3, 0.5}, {-2, 0.5, 1}};
        double[][] t = Arrays.stream(a).map(double[]::clone).toArray(double[][]::new);
        double[][] q = new double[3][3];
        double[] values = SecondMoment.jacobi(t, q);
        for (int k = 0; k < 3; k++) {
            for (int i = 0; i < 3; i++) { // A q_k = value_k q_k
                double av = 0;
                for (int j = 0; j < 3; j++) {
                    av += a[i][j] * q[j][k];
                }
                assertThat(av).isCloseTo(values[k] * q[i][k], Offset.offset(1e-10));
            }
        }
        assertThat(Arrays.stream(values).sum()).isCloseTo(8, Offset.offset(1e-10));
    }

    @Test
    void findsTheLeadingEigenvaluesOfTheFeaturesSecondMoment() {
        // 3 factors shared by all 200 features, of variances 9, 4 and 1 per feature, plus unit noise
        SplittableRandom random = new SplittableRandom(7);
        int rows = 3000;
        int dim = 200;
        double[][] loadings = new double[3][dim];
        double[] sd = {3, 2, 1};
        for (int f = 0; f < 3; f++) {
            for (int j = 0; j < dim; j++) {
                loadings[f][j] = random.nextGaussian() * sd[f];
            }
        }
        float[] x = new float[rows * dim];
        for (int i = 0; i < rows; i++) {
            double[] z = {random.nextGaussian(), random.nextGaussian(), random.nextGaussian()};
            for (int j = 0; j < dim; j++) {
                double v = random.nextGaussian();
                for (int f = 0; f < 3; f++) {
                    v += z[f] * loadings[f][j];
                }
                x[i * dim + j] = (float) v;
            }
        }
        ProbeData data = new ProbeData(x, rows, dim, new int[rows], 2);
        double[][] s = new double[dim][dim]; // S = X^T X / n, directly
        for (int i = 0; i < rows; i++) {
            for (int a = 0; a < dim; a++) {
                for (int b = 0; b < dim; b++) {
                    s[a][b] += (double) x[i * dim + a] * x[i * dim + b] / rows;
                }
            }
        }
        double trace = 0;
        for (int a = 0; a < dim; a++) {
            trace += s[a][a];
        }
        double[] exact = SecondMoment.jacobi(Arrays.stream(s).map(double[]::clone).toArray(double[][]::new),
                new double[dim][dim]);
        Arrays.sort(exact);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            double[] found = SecondMoment.of(data, new SoftmaxPass(data, pool, 2), (int) Math.round(trace)).values();
            Arrays.sort(found);
            for (int k = 1; k <= 3; k++) { // the factors' eigenvalues, a few hundred each
                assertThat(found[found.length - k]).isCloseTo(exact[dim - k], Offset.offset(1e-3 * exact[dim - k]));
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
