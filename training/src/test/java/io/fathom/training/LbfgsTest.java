package io.fathom.training;

import static org.assertj.core.api.Assertions.assertThat;

import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class LbfgsTest {

    @Test
    void aPairWithoutPositiveCurvatureLeavesAFullHistoryAsItWas() {
        Lbfgs.CurvatureHistory history = new Lbfgs.CurvatureHistory(3, Lbfgs.Preconditioner.NONE);
        for (int k = 0; k < 12; k++) { // more than the history holds: the ring has wrapped
            double[] s = {1 + k, 0.5 * k, -0.25};
            double[] y = {2 * s[0], 3 * s[1], 4 * s[2]}; // a diagonal Hessian diag(2, 3, 4)
            assertThat(history.offer(s, y)).isTrue();
        }
        double[] before = direction(history);
        assertThat(history.offer(new double[] {1, 1, 1}, new double[] {-1, -1, -1})).isFalse(); // s.y < 0
        assertThat(history.offer(new double[] {1, 0, 0}, new double[] {0, 1, 0})).isFalse(); // s.y = 0
        assertThat(history.stored()).isEqualTo(10);
        assertThat(direction(history)).containsExactly(before, Offset.offset(0.0));
        // and a pair with positive curvature does change the estimate
        assertThat(history.offer(new double[] {0, 0, 1}, new double[] {0, 0, 9})).isTrue();
        assertThat(direction(history)).isNotEqualTo(before);
    }

    @Test
    void minimisesAQuadraticToItsKnownMinimum() {
        // f(w) = sum_i c_i (w_i - i)^2 with c = 1, 10, 100: minimum at (0, 1, 2)
        double[] c = {1, 10, 100};
        double[] w = {5, -5, 5};
        Lbfgs.minimize((x, gradient) -> {
            double value = 0;
            for (int i = 0; i < x.length; i++) {
                value += c[i] * (x[i] - i) * (x[i] - i);
                gradient[i] = 2 * c[i] * (x[i] - i);
            }
            return value;
        }, w, 1e-10, 200);
        assertThat(w).containsExactly(new double[] {0, 1, 2}, Offset.offset(1e-6));
    }

    @Test
    void aPreconditionedSearchReachesTheSameMinimumInFewerIterations() {
        // an ill-conditioned quadratic, f(w) = sum_i c_i (w_i - i)^2 with c from 1 to 10^4
        int n = 50;
        double[] c = new double[n];
        for (int i = 0; i < n; i++) {
            c[i] = Math.pow(10, 4.0 * i / (n - 1));
        }
        Lbfgs.Objective f = (x, gradient) -> {
            double value = 0;
            for (int i = 0; i < n; i++) {
                value += c[i] * (x[i] - i) * (x[i] - i);
                gradient[i] = 2 * c[i] * (x[i] - i);
            }
            return value;
        };
        double[] plain = new double[n];
        int plainIterations = Lbfgs.minimize(f, plain, 1e-10, 5000).iterations();
        double[] preconditioned = new double[n];
        // the inverse of the diagonal, off by up to a factor of 2 per coordinate
        Lbfgs.Search search = new Lbfgs.Search(preconditioned, 1e-10, 5000, 0, v -> {
            for (int i = 0; i < n; i++) {
                v[i] /= c[i] * (1 + (i % 2));
            }
        });
        while (!search.done()) {
            search.tell(f.evaluate(search.point(), search.gradient()));
        }
        double[] minimum = new double[n];
        for (int i = 0; i < n; i++) {
            minimum[i] = i;
        }
        assertThat(plain).containsExactly(minimum, Offset.offset(1e-3));
        assertThat(preconditioned).containsExactly(minimum, Offset.offset(1e-3));
        assertThat(search.result().iterations()).isLessThan(plainIterations / 3);
    }

    private static double[] direction(Lbfgs.CurvatureHistory history) {
        double[] g = {0.3, -0.7, 1.1};
        history.applyInverseHessian(g);
        return g;
    }
}
