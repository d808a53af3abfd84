package io.fathom.scoring.judge;

/** Small helpers for embedding vectors. */
public final class Vectors {

    private Vectors() {
    }

    /** A unit-length copy, or null for a null or all-zero vector (which has no direction). */
    public static float[] unit(float[] vector) {
        if (vector == null) {
            return null;
        }
        double norm = Math.sqrt(dot(vector, vector));
        if (!(norm > 0)) {
            return null;
        }
        float[] unit = new float[vector.length];
        for (int i = 0; i < vector.length; i++) {
            unit[i] = (float) (vector[i] / norm);
        }
        return unit;
    }

    public static double dot(float[] a, float[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("vectors of different dimension: " + a.length + " and " + b.length);
        }
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }
}
