package io.fathom.stats;

import java.util.Collection;

/** Mean and sample standard deviation (n - 1 in the denominator; 0 for a single value). */
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
        double std = values.size() < 2 ? 0 : Math.sqrt(squares / (values.size() - 1));
        return new MeanStd(mean, std, values.size());
    }
}
