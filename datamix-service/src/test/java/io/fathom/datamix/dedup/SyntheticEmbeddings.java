package io.fathom.datamix.dedup;

import java.util.SplittableRandom;

/**
 * A stream of synthetic embeddings with planted near duplicates, for the tests and the benchmark.
 * Example {@code i} depends only on the seed and {@code i}, so a stream of millions needs no memory
 * and any prefix is a sample with all its pairs. Originals point along a shared direction plus their
 * own Gaussian one, so unrelated examples are at cosine 0.3 or so, as sentence embeddings are; a
 * copy is an earlier example turned to a chosen cosine with it: just above the threshold (a near
 * duplicate) or just below it (not one). Norms vary; texts are all distinct.
 */
public final class SyntheticEmbeddings {

    public enum Kind { ORIGINAL, COPY_ABOVE, COPY_BELOW }

    private static final double COPY_ABOVE_SHARE = 0.15;
    private static final double COPY_BELOW_SHARE = 0.10;
    /** Copies stay this far from the threshold, beyond the error of half-precision storage. */
    private static final double MARGIN = 0.002;
    private static final double SHARED_WEIGHT = 0.65; // cosine 0.65^2 / (1 + 0.65^2) = 0.3 between originals

    private final int dim;
    private final double threshold;
    private final long seed;
    private final double[] shared;

    public SyntheticEmbeddings(int dim, double threshold, long seed) {
        this.dim = dim;
        this.threshold = threshold;
        this.seed = seed;
        this.shared = gaussianUnit(dim, new SplittableRandom(seed));
    }

    public String id(int i) {
        return "example-" + i;
    }

    public String text(int i) {
        return "synthetic text number " + i;
    }

    public Kind kind(int i) {
        return kind(i, random(i));
    }

    public float[] vector(int i) {
        SplittableRandom random = random(i);
        double[] direction = direction(i, random);
        double norm = 0.5 + 1.5 * random.nextDouble();
        float[] vector = new float[dim];
        for (int d = 0; d < dim; d++) {
            vector[d] = (float) (norm * direction[d]);
        }
        return vector;
    }

    private static Kind kind(int i, SplittableRandom random) {
        double u = random.nextDouble();
        return i == 0 || u >= COPY_ABOVE_SHARE + COPY_BELOW_SHARE ? Kind.ORIGINAL
                : u < COPY_ABOVE_SHARE ? Kind.COPY_ABOVE : Kind.COPY_BELOW;
    }

    private double[] direction(int i, SplittableRandom random) {
        Kind kind = kind(i, random);
        if (kind == Kind.ORIGINAL) {
            double[] own = gaussianUnit(dim, random);
            for (int d = 0; d < dim; d++) {
                own[d] += SHARED_WEIGHT * shared[d];
            }
            return unit(own);
        }
        int sourceIndex = random.nextInt(i);
        double[] source = direction(sourceIndex, random(sourceIndex));
        double cosine = kind == Kind.COPY_ABOVE
                ? random.nextDouble(threshold + MARGIN, 0.995)
                : random.nextDouble(threshold - 0.05, threshold - MARGIN);
        return turned(source, cosine, random);
    }

    /** A random unit vector at exactly {@code cosine} from the unit vector {@code source}. */
    static double[] turned(double[] source, double cosine, SplittableRandom random) {
        double[] noise = gaussianUnit(source.length, random);
        double along = dot(noise, source);
        for (int d = 0; d < source.length; d++) {
            noise[d] -= along * source[d];
        }
        double[] across = unit(noise);
        double sine = Math.sqrt(1 - cosine * cosine);
        double[] turned = new double[source.length];
        for (int d = 0; d < source.length; d++) {
            turned[d] = cosine * source[d] + sine * across[d];
        }
        return turned;
    }

    static double[] gaussianUnit(int dim, SplittableRandom random) {
        double[] v = new double[dim];
        for (int d = 0; d < dim; d++) {
            v[d] = random.nextGaussian();
        }
        return unit(v);
    }

    static float[] toFloat(double[] v) {
        float[] f = new float[v.length];
        for (int d = 0; d < v.length; d++) {
            f[d] = (float) v[d];
        }
        return f;
    }

    private SplittableRandom random(int i) {
        return new SplittableRandom(seed * 0x9E3779B97F4A7C15L + i);
    }

    private static double[] unit(double[] v) {
        double norm = Math.sqrt(dot(v, v));
        for (int d = 0; d < v.length; d++) {
            v[d] /= norm;
        }
        return v;
    }

    private static double dot(double[] a, double[] b) {
        double sum = 0;
        for (int d = 0; d < a.length; d++) {
            sum += a[d] * b[d];
        }
        return sum;
    }
}
