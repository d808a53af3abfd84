package io.fathom.training;

/**
 * Labelled feature vectors that a probe reads in row ranges, so that they may live on disk: only
 * the rows being worked on need to be in memory.
 */
public interface Features {

    int rows();

    int dim();

    int classes();

    /** The class of every row. */
    int[] labels();

    /** Copies rows {@code [from, to)}, row-major, into {@code out} from index 0. */
    void read(int from, int to, float[] out);
}
