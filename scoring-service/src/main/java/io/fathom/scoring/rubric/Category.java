package io.fathom.scoring.rubric;

/**
 * One validated rubric category: its default weight and the scale its scores are reported on.
 * Judges score on 0-1 (1 best); {@link #toScale} maps that onto {@code [min, max]}.
 */
public record Category(String name, String description, double weight, double min, double max) {

    public double toScale(double unit) {
        return min + unit * (max - min);
    }

    /** The inverse of {@link #toScale}: a score on this category's scale as 0-1. */
    public double toUnit(double scaled) {
        return (scaled - min) / (max - min);
    }
}
