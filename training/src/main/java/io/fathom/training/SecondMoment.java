package io.fathom.training;

import java.util.List;
import java.util.SplittableRandom;

/**
 * The leading eigenvalues and eigenvectors of the second moment S = X^T X / n of standardised
 * training rows (their correlation matrix), found by subspace iteration in passes over the rows,
 * and the L-BFGS preconditioner they give.
 *
 * <p>The Hessian of the mean softmax loss plus {@code lambda/2 |w|^2} is, per class, about
 * {@code lambda I + c S} with c the mean of p(1 - p) over rows; a few directions of S (factors shared
 * by many features) carry most of its variance, which makes the problem ill-conditioned when lambda
 * is small. The preconditioner inverts {@code lambda I + c S} on the leading directions exactly and
 * on the rest with their mean eigenvalue.
 */
final class SecondMoment {

    /** Directions kept. */
    static final int RANK = 32;
    /** Products with S before the Rayleigh-Ritz step. */
    static final int ITERATIONS = 3;
    /** The curvature scale c of the softmax loss assumed by the preconditioner. */
    static final double CURVATURE = 0.25;

    private final int dim;
    /** [RANK][dim] orthonormal. */
    private final double[][] vectors;
    private final double[] values;
    /** The mean eigenvalue of S off the kept directions. */
    private final double rest;

    private SecondMoment(int dim, double[][] vectors, double[] values, double rest) {
        this.dim = dim;
        this.vectors = vectors;
        this.values = values;
        this.rest = rest;
    }

    /** {@link #ITERATIONS} + 1 passes over {@code standardised}; deterministic (a fixed seed). */
    static SecondMoment of(Features standardised, SoftmaxPass pass, int nonConstantFeatures) {
        int dim = standardised.dim();
        int rank = Math.min(RANK, dim);
        double[][] v = new double[rank][dim];
        SplittableRandom random = new SplittableRandom(20261201);
        for (double[] row : v) {
            for (int j = 0; j < dim; j++) {
                row[j] = random.nextGaussian();
            }
        }
        orthonormalise(v);
        for (int it = 0; it < ITERATIONS; it++) {
            v = product(standardised, pass, v);
            orthonormalise(v);
        }
        double[][] sv = product(standardised, pass, v);
        double[][] t = new double[rank][rank];
        for (int a = 0; a < rank; a++) {
            for (int b = 0; b < rank; b++) {
                t[a][b] = 0.5 * (dot(v[a], sv[b]) + dot(v[b], sv[a]));
            }
        }
        double[][] q = new double[rank][rank];
        double[] values = jacobi(t, q);
        double[][] vectors = new double[rank][dim];
        double kept = 0;
        for (int a = 0; a < rank; a++) {
            kept += values[a];
            for (int b = 0; b < rank; b++) {
                double f = q[b][a];
                for (int j = 0; j < dim; j++) {
                    vectors[a][j] += f * v[b][j];
                }
            }
        }
        double rest = dim > rank ? Math.max(nonConstantFeatures - kept, 0) / (dim - rank) : 0;
        return new SecondMoment(dim, vectors, values, rest);
    }

    /** The eigenvalues found, in no particular order. */
    double[] values() {
        return values.clone();
    }

    /**
     * The inverse of {@code lambda I + c S} (per class block of {@code dim + 1}, the bias's
     * curvature taken as c), applied to every class block of a vector.
     */
    Lbfgs.Preconditioner preconditioner(double lambda) {
        double restInverse = 1 / (lambda + CURVATURE * rest);
        double[] extra = new double[values.length];
        for (int a = 0; a < values.length; a++) {
            extra[a] = 1 / (lambda + CURVATURE * Math.max(values[a], 0)) - restInverse;
        }
        double[] coefficients = new double[values.length];
        return x -> {
            for (int base = 0; base < x.length; base += dim + 1) {
                for (int a = 0; a < vectors.length; a++) {
                    double[] u = vectors[a];
                    double sum = 0;
                    for (int j = 0; j < dim; j++) {
                        sum += u[j] * x[base + j];
                    }
                    coefficients[a] = sum * extra[a];
                }
                for (int j = 0; j < dim; j++) {
                    x[base + j] *= restInverse;
                }
                for (int a = 0; a < vectors.length; a++) {
                    double[] u = vectors[a];
                    double f = coefficients[a];
                    for (int j = 0; j < dim; j++) {
                        x[base + j] += f * u[j];
                    }
                }
                x[base + dim] /= CURVATURE;
            }
        };
    }

    /** S v for every row of v, through one pass. */
    private static double[][] product(Features standardised, SoftmaxPass pass, double[][] v) {
        int dim = standardised.dim();
        int rank = v.length;
        double[] weights = new double[rank * (dim + 1)];
        for (int a = 0; a < rank; a++) {
            System.arraycopy(v[a], 0, weights, a * (dim + 1), dim);
        }
        double[][] sums = {new double[weights.length]};
        pass.evaluate(List.of(SoftmaxPass.Model.linear(rank, weights)), sums);
        double[][] out = new double[rank][dim];
        for (int a = 0; a < rank; a++) {
            for (int j = 0; j < dim; j++) {
                out[a][j] = sums[0][a * (dim + 1) + j] / standardised.rows();
            }
        }
        return out;
    }

    /** Modified Gram-Schmidt over the rows; a row that vanishes is left at zero. */
    private static void orthonormalise(double[][] v) {
        for (int a = 0; a < v.length; a++) {
            for (int b = 0; b < a; b++) {
                double f = dot(v[a], v[b]);
                for (int j = 0; j < v[a].length; j++) {
                    v[a][j] -= f * v[b][j];
                }
            }
            double norm = Math.sqrt(dot(v[a], v[a]));
            for (int j = 0; j < v[a].length; j++) {
                v[a][j] = norm > 1e-12 ? v[a][j] / norm : 0;
            }
        }
    }

    /**
     * Cyclic Jacobi rotations of the symmetric {@code t} (destroyed) until it is diagonal: returns
     * its eigenvalues, and the eigenvectors as the columns of {@code q}.
     */
    static double[] jacobi(double[][] t, double[][] q) {
        int k = t.length;
        for (int i = 0; i < k; i++) {
            q[i][i] = 1;
        }
        for (int sweep = 0; sweep < 100; sweep++) {
            double off = 0;
            double total = 0;
            for (int i = 0; i < k; i++) {
                for (int j = 0; j < k; j++) {
                    total += t[i][j] * t[i][j];
                    if (i != j) {
                        off += t[i][j] * t[i][j];
                    }
                }
            }
            if (off <= 1e-24 * total) {
                break;
            }
            for (int p = 0; p < k; p++) {
                for (int r = p + 1; r < k; r++) {
                    if (t[p][r] == 0) {
                        continue;
                    }
                    double theta = (t[r][r] - t[p][p]) / (2 * t[p][r]);
                    double tan = Math.signum(theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
                    if (theta == 0) {
                        tan = 1;
                    }
                    double cos = 1 / Math.sqrt(tan * tan + 1);
                    double sin = tan * cos;
                    for (int i = 0; i < k; i++) { // columns p and r
                        double a = t[i][p];
                        double b = t[i][r];
                        t[i][p] = cos * a - sin * b;
                        t[i][r] = sin * a + cos * b;
                    }
                    for (int i = 0; i < k; i++) { // rows p and r
                        double a = t[p][i];
                        double b = t[r][i];
                        t[p][i] = cos * a - sin * b;
                        t[r][i] = sin * a + cos * b;
                    }
                    for (int i = 0; i < k; i++) {
                        double a = q[i][p];
                        double b = q[i][r];
                        q[i][p] = cos * a - sin * b;
                        q[i][r] = sin * a + cos * b;
                    }
                }
            }
        }
        double[] values = new double[k];
        for (int i = 0; i < k; i++) {
            values[i] = t[i][i];
        }
        return values;
    }

    private static double dot(double[] a, double[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }
}
