package io.fathom.training;

import static org.assertj.core.api.Assertions.assertThat;

import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class LbfgsTest {

    @Test
    void aPairWithoutPositiveCurvatureLeavesAFullHistoryAsItWas() {
        Lbfgs.CurvatureHistory history = new Lbfgs.CurvatureHistory(3);
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

    private static double[] direction(Lbfgs.CurvatureHistory history) {
        double[] g = {0.3, -0.7, 1.1};
        history.applyInverseHessian(g);
        return g;
    }
}
