package io.fathom.probe.training;

/**
 * Limited-memory BFGS with a backtracking (Armijo) line search, for smooth convex objectives such
 * as L2-regularised logistic regression.
 */
final class Lbfgs {

    /** Writes the gradient at {@code w} into {@code gradient} and returns the objective's value. */
    interface Objective {
        double evaluate(double[] w, double[] gradient);
    }

    record Result(double value, int iterations, int evaluations) {
    }

    private static final int HISTORY = 10;
    private static final double ARMIJO = 1e-4;

    private Lbfgs() {
    }

    /** Minimises in place, starting from {@code w}; stops at a relative gradient norm of {@code tolerance}. */
    static Result minimize(Objective f, double[] w, double tolerance, int maxIterations) {
        int n = w.length;
        double[][] s = new double[HISTORY][n];
        double[][] y = new double[HISTORY][n];
        double[] rho = new double[HISTORY];
        double[] alpha = new double[HISTORY];
        double[] g = new double[n];
        double[] gNext = new double[n];
        double[] direction = new double[n];
        double[] wNext = new double[n];
        double value = f.evaluate(w, g);
        int evaluations = 1;
        double initialNorm = Math.max(norm(g), 1e-12);
        int newest = -1; // ring buffer of the last HISTORY (s, y) pairs
        int stored = 0;
        int iteration = 0;
        while (iteration < maxIterations && norm(g) > tolerance * initialNorm) {
            iteration++;
            // two-loop recursion: direction = -H g, H the implicit inverse-Hessian estimate
            System.arraycopy(g, 0, direction, 0, n);
            for (int k = 0; k < stored; k++) {
                int i = Math.floorMod(newest - k, HISTORY);
                alpha[i] = rho[i] * dot(s[i], direction);
                axpy(-alpha[i], y[i], direction);
            }
            scale(direction, stored > 0 ? dot(s[newest], y[newest]) / dot(y[newest], y[newest])
                    : 1 / Math.max(norm(g), 1e-12));
            for (int k = stored - 1; k >= 0; k--) {
                int i = Math.floorMod(newest - k, HISTORY);
                double beta = rho[i] * dot(y[i], direction);
                axpy(alpha[i] - beta, s[i], direction);
            }
            scale(direction, -1);
            double slope = dot(g, direction);
            if (slope >= 0) { // not a descent direction: restart from steepest descent
                stored = 0;
                System.arraycopy(g, 0, direction, 0, n);
                scale(direction, -1 / Math.max(norm(g), 1e-12));
                slope = dot(g, direction);
            }
            double step = 1;
            double nextValue;
            while (true) {
                for (int i = 0; i < n; i++) {
                    wNext[i] = w[i] + step * direction[i];
                }
                nextValue = f.evaluate(wNext, gNext);
                evaluations++;
                if (nextValue <= value + ARMIJO * step * slope || step < 1e-10) {
                    break;
                }
                step *= 0.5;
            }
            int slot = Math.floorMod(newest + 1, HISTORY);
            double sy = 0;
            for (int i = 0; i < n; i++) {
                s[slot][i] = wNext[i] - w[i];
                y[slot][i] = gNext[i] - g[i];
                sy += s[slot][i] * y[slot][i];
            }
            if (sy > 1e-12) {
                rho[slot] = 1 / sy;
                newest = slot;
                stored = Math.min(stored + 1, HISTORY);
            }
            boolean converged = Math.abs(value - nextValue) <= 1e-10 * Math.max(1, Math.abs(value));
            System.arraycopy(wNext, 0, w, 0, n);
            System.arraycopy(gNext, 0, g, 0, n);
            value = nextValue;
            if (converged) {
                break;
            }
        }
        return new Result(value, iteration, evaluations);
    }

    private static double dot(double[] a, double[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }

    private static double norm(double[] a) {
        return Math.sqrt(dot(a, a));
    }

    private static void axpy(double a, double[] x, double[] y) {
        for (int i = 0; i < x.length; i++) {
            y[i] += a * x[i];
        }
    }

    private static void scale(double[] x, double factor) {
        for (int i = 0; i < x.length; i++) {
            x[i] *= factor;
        }
    }
}
