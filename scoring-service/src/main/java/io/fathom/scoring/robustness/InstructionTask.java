package io.fathom.scoring.robustness;

import io.fathom.contracts.request.InstructionItem;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The instruction tasks and their metrics. Each answer becomes a row of additive counts
 * ({@link #outcome}), and a metric over any multiset of items (every item, the paired ones, a
 * bootstrap resample) is computed from their sums ({@link #values}): micro-F1 pools triples
 * across items, so it cannot be a mean of per-item values.
 */
public enum InstructionTask {

    /** Exact match and token F1 of the extracted answer, best over the gold answers. Counts: EM, F1. */
    QA("qa", List.of("exact_match", "f1")) {
        @Override
        public double[] outcome(InstructionItem item, String answer) {
            if (answer == null) {
                return new double[2];
            }
            List<String> golds = item.answers() == null || item.answers().isEmpty() ? List.of("") : item.answers();
            String extracted = QaMetrics.extract(answer);
            return new double[] {QaMetrics.exactMatch(extracted, golds), QaMetrics.f1(extracted, golds)};
        }

        @Override
        double[] fromSums(double[] sums, int items) {
            return new double[] {sums[0] / items, sums[1] / items};
        }

        @Override
        public boolean readable(String answer) {
            return !QaMetrics.extract(answer).isEmpty();
        }
    },

    /**
     * Relation accuracy (the item's set of relation labels equals the gold set) per item, and
     * micro-F1 over all triples. Counts: relation hit, true positives, predicted, gold.
     */
    RE("re", List.of("relation_accuracy", "micro_f1")) {
        @Override
        public double[] outcome(InstructionItem item, String answer) {
            Set<Triples.Triple> gold = Triples.gold(item.triples());
            if (answer == null) {
                return new double[] {0, 0, 0, gold.size()};
            }
            Set<Triples.Triple> predicted = Triples.parse(answer);
            long truePositives = predicted.stream().filter(gold::contains).count();
            return new double[] {Triples.relations(gold).equals(Triples.relations(predicted)) ? 1 : 0, truePositives,
                    predicted.size(), gold.size()};
        }

        @Override
        double[] fromSums(double[] sums, int items) {
            // 2PR / (P + R) with P = tp / predicted and R = tp / gold; 0 when nothing is predicted or gold
            double f1 = sums[2] + sums[3] == 0 ? 0 : 2 * sums[1] / (sums[2] + sums[3]);
            return new double[] {sums[0] / items, f1};
        }

        @Override
        public boolean readable(String answer) {
            return Triples.readable(answer);
        }
    };

    private final String json;
    private final List<String> metrics;

    InstructionTask(String json, List<String> metrics) {
        this.json = json;
        this.metrics = metrics;
    }

    /** The task of a suite's {@code task} field (the request schema allows only these). */
    public static InstructionTask of(String task) {
        for (InstructionTask value : values()) {
            if (value.json.equals(task)) {
                return value;
            }
        }
        throw new IllegalArgumentException("unknown instruction task '" + task + "'");
    }

    public String json() {
        return json;
    }

    public List<String> metrics() {
        return metrics;
    }

    /** The counts of one answer to {@code item}; a missing answer ({@code null}) counts as wrong. */
    public abstract double[] outcome(InstructionItem item, String answer);

    /** Whether anything could be read from the answer; an unreadable one is scored as wrong. */
    public abstract boolean readable(String answer);

    /** Each metric, in the order of {@link #metrics()}, from counts summed over {@code items} items. */
    abstract double[] fromSums(double[] sums, int items);

    /**
     * Each metric, in the order of {@link #metrics()}, over outcome rows (at least one), row i
     * counted {@code weights[i]} times.
     */
    double[] values(double[][] rows, int[] weights) {
        double[] sums = new double[rows[0].length];
        int items = 0;
        for (int i = 0; i < rows.length; i++) {
            items += weights[i];
            for (int c = 0; c < sums.length; c++) {
                sums[c] += weights[i] * rows[i][c];
            }
        }
        return fromSums(sums, items);
    }

    /** The metrics by name over outcome rows (at least one), each counted once. */
    public Map<String, Double> metrics(double[][] rows) {
        int[] once = new int[rows.length];
        Arrays.fill(once, 1);
        double[] values = values(rows, once);
        Map<String, Double> named = new LinkedHashMap<>();
        for (int k = 0; k < metrics.size(); k++) {
            named.put(metrics.get(k), values[k]);
        }
        return named;
    }
}
