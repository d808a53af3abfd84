package io.fathom.datasets;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Classifiers that see only the surface of a text, trained on a dataset's train split and scored on its test split:
 * what a task must not be solvable by.
 */
public final class SurfaceCues {

    private SurfaceCues() {
    }

    /**
     * Accuracy of predicting, for each value of {@code feature}, the label most often seen with it in train (the
     * most common label overall for a value train never showed): e.g. the first word, or the length.
     */
    public static double lookupAccuracy(List<Example> examples, Function<String, Object> feature) {
        Map<Object, Map<String, Integer>> counts = new HashMap<>();
        Map<String, Integer> overall = new HashMap<>();
        for (Example e : split(examples, "train")) {
            counts.computeIfAbsent(feature.apply(e.text()), k -> new HashMap<>()).merge(e.label(), 1, Integer::sum);
            overall.merge(e.label(), 1, Integer::sum);
        }
        List<Example> test = split(examples, "test");
        long right = test.stream().filter(e -> mostCommon(counts.getOrDefault(feature.apply(e.text()), overall))
                .equals(e.label())).count();
        return (double) right / test.size();
    }

    /** Accuracy of a multinomial naive Bayes on counts of every whitespace token and every pair of adjacent ones. */
    public static double bagOfWordsAccuracy(List<Example> examples) {
        Map<String, Map<String, Integer>> counts = new HashMap<>();
        Map<String, Integer> totals = new HashMap<>();
        Map<String, Integer> documents = new HashMap<>();
        Set<String> vocabulary = new HashSet<>();
        for (Example e : split(examples, "train")) {
            documents.merge(e.label(), 1, Integer::sum);
            for (String feature : unigramsAndBigrams(e.text())) {
                counts.computeIfAbsent(e.label(), k -> new HashMap<>()).merge(feature, 1, Integer::sum);
                totals.merge(e.label(), 1, Integer::sum);
                vocabulary.add(feature);
            }
        }
        List<Example> test = split(examples, "test");
        long right = 0;
        for (Example e : test) {
            List<String> features = unigramsAndBigrams(e.text());
            String best = null;
            double bestScore = Double.NEGATIVE_INFINITY;
            for (String label : documents.keySet()) {
                Map<String, Integer> seen = counts.getOrDefault(label, Map.of());
                double denominator = totals.getOrDefault(label, 0) + vocabulary.size();
                double score = Math.log(documents.get(label));
                for (String feature : features) {
                    if (vocabulary.contains(feature)) { // features train never saw say nothing
                        score += Math.log((seen.getOrDefault(feature, 0) + 1) / denominator);
                    }
                }
                if (score > bestScore) {
                    bestScore = score;
                    best = label;
                }
            }
            right += e.label().equals(best) ? 1 : 0;
        }
        return (double) right / test.size();
    }

    /** Pearson correlation of two equally long series. */
    public static double correlation(double[] x, double[] y) {
        double meanX = Arrays.stream(x).average().orElse(0);
        double meanY = Arrays.stream(y).average().orElse(0);
        double xy = 0;
        double xx = 0;
        double yy = 0;
        for (int i = 0; i < x.length; i++) {
            xy += (x[i] - meanX) * (y[i] - meanY);
            xx += (x[i] - meanX) * (x[i] - meanX);
            yy += (y[i] - meanY) * (y[i] - meanY);
        }
        return xy / Math.sqrt(xx * yy);
    }

    public static List<Example> split(List<Example> examples, String split) {
        return examples.stream().filter(e -> e.split().equals(split)).collect(Collectors.toList());
    }

    private static List<String> unigramsAndBigrams(String text) {
        String[] tokens = text.split(" ");
        List<String> features = new ArrayList<>(Arrays.asList(tokens));
        for (int i = 0; i + 1 < tokens.length; i++) {
            features.add(tokens[i] + " " + tokens[i + 1]);
        }
        return features;
    }

    private static String mostCommon(Map<String, Integer> counts) {
        return counts.entrySet().stream().max(Map.Entry.<String, Integer>comparingByValue()
                .thenComparing(Map.Entry.comparingByKey())).orElseThrow().getKey();
    }
}
