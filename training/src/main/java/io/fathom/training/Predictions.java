package io.fathom.training;

/** What every classifier here does with its scores: the best class, and accuracy against labels. */
public final class Predictions {

    private Predictions() {
    }

    /** The index of the highest score; ties keep the lower index. */
    public static int argmax(double[] scores) {
        int best = 0;
        for (int c = 1; c < scores.length; c++) {
            if (scores[c] > scores[best]) {
                best = c;
            }
        }
        return best;
    }

    /** The share of predictions equal to their label; NaN without labels. */
    public static double accuracy(int[] predictions, int[] labels) {
        int correct = 0;
        for (int i = 0; i < labels.length; i++) {
            if (predictions[i] == labels[i]) {
                correct++;
            }
        }
        return labels.length == 0 ? Double.NaN : (double) correct / labels.length;
    }
}
