package io.fathom.probe.baselines;

import io.fathom.contracts.result.ProbeSummary;
import io.fathom.training.Predictions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What surface cues alone get on a probing task, trained and scored on the probes' own splits, as
 * SentEval reports beside its probes: the majority class, a classifier that sees only the text's
 * length in words, and a bag of words (unigram and bigram counts). Both classifiers are multinomial
 * logistic regressions with the L2 strength chosen on dev from the run's grid, as the linear probe.
 * A probe that does no better than these measures the text's surface, not the model.
 */
public final class SurfaceBaselines {

    /** Words (runs of letters and digits) and single punctuation marks, lower-cased. */
    private static final Pattern TOKEN = Pattern.compile("[\\p{L}\\p{N}]+|[^\\s\\p{L}\\p{N}]");
    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}]+");
    /** Bounds the weights (classes x features), which L-BFGS keeps 21 copies of. */
    static final long MAX_WEIGHTS = 2_000_000;
    static final int MAX_FEATURES = 50_000;

    /** One split: its texts and their class indices (-1 for a class training never saw: always wrong). */
    public record Split(List<String> texts, int[] labels) {
    }

    private SurfaceBaselines() {
    }

    public static ProbeSummary.Baselines of(Split train, Split dev, Split test, int classes, List<Double> grid) {
        Map<String, Integer> lengths = new HashMap<>();
        Map<String, Integer> ngrams = vocabulary(train.texts(), Math.toIntExact(Math.min(MAX_FEATURES,
                MAX_WEIGHTS / classes)));
        double length = accuracy(train, dev, test, classes, grid, text -> List.of("words=" + words(text)), lengths,
                true);
        double bagOfWords = accuracy(train, dev, test, classes, grid, SurfaceBaselines::ngrams, ngrams, false);
        return new ProbeSummary.Baselines(majority(train.labels(), test.labels(), classes), length, bagOfWords,
                ngrams.size());
    }

    /** Test accuracy of always answering the most frequent training class (ties: the lowest index). */
    public static double majority(int[] trainLabels, int[] testLabels, int classes) {
        int[] counts = new int[classes];
        for (int label : trainLabels) {
            counts[label]++;
        }
        int most = 0;
        for (int c = 1; c < classes; c++) {
            if (counts[c] > counts[most]) {
                most = c;
            }
        }
        int hits = 0;
        for (int label : testLabels) {
            hits += label == most ? 1 : 0;
        }
        return testLabels.length == 0 ? Double.NaN : (double) hits / testLabels.length;
    }

    private interface Featurizer {
        List<String> features(String text);
    }

    /**
     * Trains on train for each strength of the grid, from the strongest penalty with warm starts,
     * keeps the one best on dev (ties: the stronger) and returns its test accuracy.
     *
     * @param grow whether features unseen so far join the vocabulary (only while reading train)
     */
    private static double accuracy(Split train, Split dev, Split test, int classes, List<Double> grid,
            Featurizer featurizer, Map<String, Integer> vocabulary, boolean grow) {
        SparseSoftmax.Row[] trainRows = rows(train.texts(), featurizer, vocabulary, grow);
        SparseSoftmax.Row[] devRows = rows(dev.texts(), featurizer, vocabulary, false);
        SparseSoftmax.Row[] testRows = rows(test.texts(), featurizer, vocabulary, false);
        SparseSoftmax model = new SparseSoftmax(classes, vocabulary.size());
        double[] best = null;
        double bestDev = -1;
        for (double c : grid.stream().sorted().toList()) {
            model.fit(trainRows, train.labels(), 1 / (c * trainRows.length));
            double devAccuracy = Predictions.accuracy(model.predict(devRows), dev.labels());
            if (devAccuracy > bestDev) {
                bestDev = devAccuracy;
                best = model.weights().clone();
            }
        }
        System.arraycopy(best, 0, model.weights(), 0, best.length);
        return Predictions.accuracy(model.predict(testRows), test.labels());
    }

    private static SparseSoftmax.Row[] rows(List<String> texts, Featurizer featurizer, Map<String, Integer> vocabulary,
            boolean grow) {
        SparseSoftmax.Row[] rows = new SparseSoftmax.Row[texts.size()];
        for (int i = 0; i < rows.length; i++) {
            Map<Integer, Integer> counts = new LinkedHashMap<>();
            for (String feature : featurizer.features(texts.get(i))) {
                Integer index = grow ? vocabulary.computeIfAbsent(feature, f -> vocabulary.size())
                        : vocabulary.get(feature);
                if (index != null) {
                    counts.merge(index, 1, Integer::sum);
                }
            }
            int[] features = new int[counts.size()];
            float[] values = new float[counts.size()];
            int k = 0;
            for (Map.Entry<Integer, Integer> entry : counts.entrySet()) {
                features[k] = entry.getKey();
                values[k++] = entry.getValue();
            }
            rows[i] = new SparseSoftmax.Row(features, values);
        }
        return rows;
    }

    /** The {@code limit} most frequent n-grams of the training texts (ties: alphabetical), indexed. */
    static Map<String, Integer> vocabulary(List<String> texts, int limit) {
        Map<String, Integer> frequency = new HashMap<>();
        texts.forEach(text -> ngrams(text).forEach(g -> frequency.merge(g, 1, Integer::sum)));
        List<Map.Entry<String, Integer>> ranked = new ArrayList<>(frequency.entrySet());
        ranked.sort(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()));
        Map<String, Integer> vocabulary = new HashMap<>();
        ranked.stream().limit(limit).forEach(e -> vocabulary.put(e.getKey(), vocabulary.size()));
        return vocabulary;
    }

    /** Unigrams and bigrams of the text's tokens. */
    static List<String> ngrams(String text) {
        List<String> tokens = new ArrayList<>();
        Matcher matcher = TOKEN.matcher(text.toLowerCase(Locale.ROOT));
        while (matcher.find()) {
            tokens.add(matcher.group());
        }
        List<String> grams = new ArrayList<>(tokens);
        for (int i = 1; i < tokens.size(); i++) {
            grams.add(tokens.get(i - 1) + " " + tokens.get(i));
        }
        return grams;
    }

    /** Length in words: runs of letters and digits. */
    static int words(String text) {
        Matcher matcher = WORD.matcher(text);
        int count = 0;
        while (matcher.find()) {
            count++;
        }
        return count;
    }
}
