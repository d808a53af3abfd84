package io.fathom.training;

/**
 * Limited-memory BFGS with a backtracking (Armijo) line search, for smooth convex objectives such
 * as L2-regularised logistic regression.
 */
public final class Lbfgs {

    /** Writes the gradient at {@code w} into {@code gradient} and returns the objective's value. */
    public interface Objective {
        double evaluate(double[] w, double[] gradient);
    }

    public record Result(double value, int iterations, int evaluations) {
    }

    /**
     * A fixed symmetric positive definite estimate of the inverse Hessian, applied in place: the
     * search's initial inverse-Hessian estimate becomes this one, scaled by the latest curvature
     * pair, instead of a multiple of the identity.
     */
    public interface Preconditioner {
        Preconditioner NONE = v -> { };

        void apply(double[] v);
    }

    private static final int HISTORY = 10;
    private static final double ARMIJO = 1e-4;

    private Lbfgs() {
    }

    /**
     * The last {@link #HISTORY} curvature pairs (s = step, y = change of gradient) and the implicit
     * inverse-Hessian estimate they define, starting from the preconditioner M scaled by
     * s.y / y.My of the newest pair. A pair without positive curvature is refused and leaves the
     * history as it was.
     */
    static final class CurvatureHistory {
        private final Preconditioner preconditioner;
        private final double[][] s;
        private final double[][] y;
        private final double[] rho = new double[HISTORY];
        private final double[] alpha = new double[HISTORY];
        private final double[] my;
        private double initialScale;
        private int newest = -1; // ring buffer
        private int stored;

        CurvatureHistory(int n, Preconditioner preconditioner) {
            this.preconditioner = preconditioner;
            s = new double[HISTORY][n];
            y = new double[HISTORY][n];
            my = new double[n];
        }

        int stored() {
            return stored;
        }

        void clear() {
            stored = 0;
        }

        /** Keeps the pair when s.y > 0 (copied); returns whether it was kept. */
        boolean offer(double[] step, double[] gradientChange) {
            double sy = dot(step, gradientChange);
            if (!(sy > 1e-12)) {
                return false;
            }
            int slot = Math.floorMod(newest + 1, HISTORY);
            System.arraycopy(step, 0, s[slot], 0, step.length);
            System.arraycopy(gradientChange, 0, y[slot], 0, gradientChange.length);
            rho[slot] = 1 / sy;
            System.arraycopy(gradientChange, 0, my, 0, my.length);
            preconditioner.apply(my);
            initialScale = sy / dot(gradientChange, my);
            newest = slot;
            stored = Math.min(stored + 1, HISTORY);
            return true;
        }

        /** Two-loop recursion: overwrites {@code direction} (holding g) with H g. */
        void applyInverseHessian(double[] direction) {
            for (int k = 0; k < stored; k++) {
                int i = Math.floorMod(newest - k, HISTORY);
                alpha[i] = rho[i] * dot(s[i], direction);
                axpy(-alpha[i], y[i], direction);
            }
            preconditioner.apply(direction);
            scale(direction, stored > 0 ? initialScale : 1 / Math.max(norm(direction), 1e-12));
            for (int k = stored - 1; k >= 0; k--) {
                int i = Math.floorMod(newest - k, HISTORY);
                double beta = rho[i] * dot(y[i], direction);
                axpy(alpha[i] - beta, s[i], direction);
            }
        }
    }

    /** Minimises in place, starting from {@code w}; stops at a relative gradient norm of {@code tolerance}. */
    public static Result minimize(Objective f, double[] w, double tolerance, int maxIterations) {
        Search search = new Search(w, tolerance, maxIterations, 0, Preconditioner.NONE);
        while (!search.done()) {
            search.tell(f.evaluate(search.point(), search.gradient()));
        }
        return search.result();
    }

    /**
     * One minimisation driven from outside, one evaluation at a time: the caller evaluates the
     * objective at {@link #point()}, writes the gradient into {@link #gradient()} and passes the value
     * to {@link #tell}, until {@link #done()}. So several independent searches can share the passes
     * over their data, each taking exactly the steps it would take alone. {@code w} is updated in
     * place as steps are accepted.
     */
    public static final class Search {
        private final double[] w;
        private final double tolerance;
        private final int maxIterations;
        private final CurvatureHistory history;
        private final double[] g;
        private final double[] gNext;
        private final double[] direction;
        private final double[] wNext;
        private final double[] step;
        private final double[] gradientChange;
        private double value;
        private final double scale;
        private double initialNorm;
        private double stepLength;
        private double slope;
        private int iteration;
        private int evaluations;
        private boolean started;
        private boolean done;

        /**
         * Stops at a gradient norm of {@code tolerance x scale}, or relative to its own first
         * gradient when {@code scale} is 0: so that a warm-started search can be held to the same
         * rule as the cold start whose first gradient set the scale.
         */
        public Search(double[] w, double tolerance, int maxIterations, double scale, Preconditioner preconditioner) {
            int n = w.length;
            this.scale = scale;
            this.w = w;
            this.tolerance = tolerance;
            this.maxIterations = maxIterations;
            history = new CurvatureHistory(n, preconditioner);
            g = new double[n];
            gNext = new double[n];
            direction = new double[n];
            wNext = new double[n];
            step = new double[n];
            gradientChange = new double[n];
        }

        public boolean done() {
            return done;
        }

        /** Where the objective is wanted next; not to be modified. */
        public double[] point() {
            return started ? wNext : w;
        }

        /** Where the gradient at {@link #point()} goes. */
        public double[] gradient() {
            return started ? gNext : g;
        }

        /** The objective's value at {@link #point()}, its gradient already in {@link #gradient()}. */
        public void tell(double at) {
            if (done) {
                throw new IllegalStateException("the search is over");
            }
            evaluations++;
            if (!started) {
                started = true;
                value = at;
                initialNorm = scale > 0 ? scale : Math.max(norm(g), 1e-12);
                nextIteration();
                return;
            }
            if (!(at <= value + ARMIJO * stepLength * slope || stepLength < 1e-10)) {
                stepLength *= 0.5;
                proposeStep();
                return;
            }
            int n = w.length;
            for (int i = 0; i < n; i++) {
                step[i] = wNext[i] - w[i];
                gradientChange[i] = gNext[i] - g[i];
            }
            history.offer(step, gradientChange);
            boolean converged = Math.abs(value - at) <= 1e-10 * Math.max(1, Math.abs(value));
            System.arraycopy(wNext, 0, w, 0, n);
            System.arraycopy(gNext, 0, g, 0, n);
            value = at;
            if (converged) {
                done = true;
            } else {
                nextIteration();
            }
        }

        public Result result() {
            return new Result(value, iteration, evaluations);
        }

        /** The gradient norm the tolerance is relative to (known after the first evaluation). */
        public double referenceNorm() {
            return initialNorm;
        }

        private void nextIteration() {
            if (iteration >= maxIterations || norm(g) <= tolerance * initialNorm) {
                done = true;
                return;
            }
            iteration++;
            int n = w.length;
            // direction = -H g, H the implicit inverse-Hessian estimate
            System.arraycopy(g, 0, direction, 0, n);
            history.applyInverseHessian(direction);
            scale(direction, -1);
            slope = dot(g, direction);
            if (slope >= 0) { // not a descent direction: restart from the preconditioned gradient
                history.clear();
                System.arraycopy(g, 0, direction, 0, n);
                history.applyInverseHessian(direction);
                scale(direction, -1);
                slope = dot(g, direction);
            }
            stepLength = 1;
            proposeStep();
        }

        private void proposeStep() {
            for (int i = 0; i < w.length; i++) {
                wNext[i] = w[i] + stepLength * direction[i];
            }
        }
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
