package io.fathom.datamix.dedup;

import java.util.ArrayList;
import java.util.List;

/**
 * The reference answer for near duplicates: the same rule as {@link Deduplicator} (in input order,
 * an example is removed when some kept example before it is at least at the threshold's cosine),
 * with every kept example compared in double precision instead of LSH candidates.
 */
public final class ExactDeduplication {

    private ExactDeduplication() {
    }

    /** Which of {@code vectors} are near duplicates. */
    public static boolean[] removed(List<float[]> vectors, double threshold) {
        boolean[] removed = new boolean[vectors.size()];
        List<double[]> kept = new ArrayList<>();
        for (int i = 0; i < vectors.size(); i++) {
            double[] unit = unit(vectors.get(i));
            for (double[] other : kept) {
                if (dot(unit, other) >= threshold) {
                    removed[i] = true;
                    break;
                }
            }
            if (!removed[i]) {
                kept.add(unit);
            }
        }
        return removed;
    }

    public static double cosine(float[] a, float[] b) {
        return dot(unit(a), unit(b));
    }

    private static double[] unit(float[] v) {
        double squares = 0;
        for (float x : v) {
            squares += (double) x * x;
        }
        double norm = Math.sqrt(squares);
        double[] unit = new double[v.length];
        for (int d = 0; d < v.length; d++) {
            unit[d] = v[d] / norm;
        }
        return unit;
    }

    private static double dot(double[] a, double[] b) {
        double sum = 0;
        for (int d = 0; d < a.length; d++) {
            sum += a[d] * b[d];
        }
        return sum;
    }
}
