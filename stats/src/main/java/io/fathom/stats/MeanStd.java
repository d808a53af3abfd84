package io.fathom.stats;

import java.util.Collection;

/**
 * Mean and sample standard deviation (n - 1 in the denominator). A single value has no spread to
 * estimate: its std is NaN, not 0, so that no report mistakes one template for a perfectly stable set.
 */
public record MeanStd(double mean, double std, int count) {

    public static MeanStd of(Collection<Double> values) {
        if (values.isEmpty()) {
            throw new IllegalArgumentException("no values to summarise");
        }
        double sum = 0;
        for (double value : values) {
            sum += value;
        }
        double mean = sum / values.size();
        double squares = 0;
        for (double value : values) {
            squares += (value - mean) * (value - mean);
        }
        double std = values.size() < 2 ? Double.NaN : Math.sqrt(squares / (values.size() - 1));
        return new MeanStd(mean, std, values.size());
    }
}
