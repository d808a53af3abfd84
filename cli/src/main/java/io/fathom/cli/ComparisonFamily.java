package io.fathom.cli;

import io.fathom.stats.Holm;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Every paired comparison a run reports, probing and scoring alike, as one family of tests: their
 * p-values Holm-adjusted together, so that what a report calls significant survives the number of
 * comparisons made.
 */
final class ComparisonFamily {

    static final double ALPHA = 0.05;

    private final Map<String, Double> adjusted = new LinkedHashMap<>();

    /** @param raw each comparison's raw p-value by a key that names it within the run */
    ComparisonFamily(Map<String, Double> raw) {
        double[] values = raw.values().stream().mapToDouble(Double::doubleValue).toArray();
        double[] holm = Holm.adjust(values);
        int i = 0;
        for (String key : raw.keySet()) {
            adjusted.put(key, holm[i++]);
        }
    }

    double adjusted(String key) {
        Double p = adjusted.get(key);
        if (p == null) {
            throw new IllegalArgumentException("no comparison " + key + " in the run's family");
        }
        return p;
    }

    int size() {
        return adjusted.size();
    }

    void printSummary(PrintStream out) {
        if (adjusted.isEmpty()) {
            return;
        }
        long significant = adjusted.values().stream().filter(p -> p <= ALPHA).count();
        out.println();
        out.printf("paired comparisons: %d in this run, p-values Holm-adjusted across all of them (p_holm);"
                + " %d significant at %.2f after adjustment%n", adjusted.size(), significant, ALPHA);
    }
}
