package io.fathom.datasets;

/** Examples wanted per split; each is rounded down to a multiple of the number of labels to stay balanced. */
public record Sizes(int train, int dev, int test) {

    /** SentEval's sizes. */
    public static final Sizes SENTEVAL = new Sizes(100_000, 10_000, 10_000);

    public Sizes {
        if (train < 0 || dev < 0 || test < 0) {
            throw new IllegalArgumentException("split sizes must not be negative: " + train + "/" + dev + "/" + test);
        }
    }

    public int of(int split) {
        return switch (split) {
            case 0 -> train;
            case 1 -> dev;
            default -> test;
        };
    }
}
