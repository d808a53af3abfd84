package io.fathom.probe.tasks;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * A control task in the sense of Hewitt and Liang (2019), adapted to sentence-level probing: the
 * control label of a sentence is a fixed random function of its last word type, drawn from the
 * real task's label distribution. A probe can only score on it by memorising word identity, so
 * selectivity = task accuracy - control accuracy shows how much of the task accuracy is more than
 * that. The last word rather than the first because sentences tend to open with a handful of
 * determiners and pronouns, which would make the control trivially learnable; sentence-final words
 * are as varied as the vocabulary. Deterministic for a seed.
 */
public final class ControlTask {

    private final List<String> labels;
    private final double[] cumulative;
    private final long seed;

    private ControlTask(List<String> labels, double[] cumulative, long seed) {
        this.labels = labels;
        this.cumulative = cumulative;
        this.seed = seed;
    }

    /** Control labels that follow the distribution of {@code labelCounts} (the task's training labels). */
    public static ControlTask of(Map<String, Long> labelCounts, long seed) {
        TreeMap<String, Long> sorted = new TreeMap<>(labelCounts);
        long total = sorted.values().stream().mapToLong(Long::longValue).sum();
        if (sorted.size() < 2 || total <= 0) {
            throw new IllegalArgumentException("a control task needs at least two labels with counts, got "
                    + labelCounts);
        }
        List<String> labels = new ArrayList<>(sorted.keySet());
        double[] cumulative = new double[labels.size()];
        double running = 0;
        for (int i = 0; i < labels.size(); i++) {
            running += (double) sorted.get(labels.get(i)) / total;
            cumulative[i] = running;
        }
        cumulative[labels.size() - 1] = 1; // guard against rounding
        return new ControlTask(List.copyOf(labels), cumulative, seed);
    }

    /** The control label of a sentence whose {@link #keyOf key} is {@code key}. */
    public String label(String key) {
        String type = key;
        // String.hashCode is fixed by the Java specification, so labels are stable across JVMs
        double u = new SplittableRandom(seed * 0x9E3779B97F4A7C15L ^ type.hashCode()).nextDouble();
        for (int i = 0; i < cumulative.length; i++) {
            if (u < cumulative[i]) {
                return labels.get(i);
            }
        }
        return labels.get(labels.size() - 1);
    }

    /** The input the control label is a function of: the sentence's last word, lower-cased, without punctuation. */
    public static String keyOf(String sentence) {
        if (sentence == null) {
            return "";
        }
        int end = sentence.length();
        while (end > 0 && !Character.isLetterOrDigit(sentence.codePointBefore(end))) {
            end -= Character.charCount(sentence.codePointBefore(end));
        }
        int start = end;
        while (start > 0 && Character.isLetterOrDigit(sentence.codePointBefore(start))) {
            start -= Character.charCount(sentence.codePointBefore(start));
        }
        return sentence.substring(start, end).toLowerCase(Locale.ROOT);
    }
}
