package io.fathom.training;

/**
 * Multinomial logistic regression weights, with an L2 penalty on the weights (not the biases) when
 * trained ({@link LinearProbe} drives L-BFGS on the mean negative log-likelihood through
 * {@link SoftmaxPass}), and what they predict. Rows are read in chunks, so memory holds one chunk
 * rather than the whole data set.
 */
public final class SoftmaxRegression {

    static final int CHUNK_ROWS = 1024;

    private final int classes;
    private final int dim;
    /** [classes][dim + 1], the last column the bias. */
    final double[] weights;

    SoftmaxRegression(int classes, int dim) {
        this.classes = classes;
        this.dim = dim;
        this.weights = new double[classes * (dim + 1)];
    }

    int classes() {
        return classes;
    }

    /** The predicted class of every row. */
    int[] predict(Features data) {
        int[] predictions = new int[data.rows()];
        float[] chunk = new float[CHUNK_ROWS * dim];
        for (int from = 0; from < data.rows(); from += CHUNK_ROWS) {
            int end = Math.min(data.rows(), from + CHUNK_ROWS);
            data.read(from, end, chunk);
            for (int i = from; i < end; i++) {
                predictions[i] = predictRow(chunk, (i - from) * dim);
            }
        }
        return predictions;
    }

    /** Row-major {@code [rows][classes]} class probabilities (the softmax of the scores). */
    double[] probabilities(Features data) {
        double[] out = new double[data.rows() * classes];
        float[] chunk = new float[CHUNK_ROWS * dim];
        double[] scores = new double[classes];
        for (int from = 0; from < data.rows(); from += CHUNK_ROWS) {
            int end = Math.min(data.rows(), from + CHUNK_ROWS);
            data.read(from, end, chunk);
            for (int i = from; i < end; i++) {
                double max = Double.NEGATIVE_INFINITY;
                for (int c = 0; c < classes; c++) {
                    scores[c] = score(weights, c, chunk, (i - from) * dim);
                    max = Math.max(max, scores[c]);
                }
                double total = 0;
                for (int c = 0; c < classes; c++) {
                    scores[c] = Math.exp(scores[c] - max);
                    total += scores[c];
                }
                for (int c = 0; c < classes; c++) {
                    out[i * classes + c] = scores[c] / total;
                }
            }
        }
        return out;
    }

    private int predictRow(float[] x, int offset) {
        double[] scores = new double[classes];
        for (int c = 0; c < classes; c++) {
            scores[c] = score(weights, c, x, offset);
        }
        return Predictions.argmax(scores);
    }

    private double score(double[] w, int c, float[] x, int offset) {
        int base = c * (dim + 1);
        double sum = w[base + dim];
        for (int j = 0; j < dim; j++) {
            sum += w[base + j] * x[offset + j];
        }
        return sum;
    }
}
