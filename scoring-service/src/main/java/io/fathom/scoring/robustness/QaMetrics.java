package io.fathom.scoring.robustness;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Extractive-QA metrics with the SQuAD v1.1 evaluation script's answer normalisation: lower case,
 * ASCII punctuation removed, the articles a/an/the removed, any Unicode whitespace collapsed. Against several gold answers the best match
 * counts.
 */
public final class QaMetrics {

    /** SQuAD's punctuation is Python's string.punctuation: the 32 ASCII marks, which \p{Punct} is. */
    private static final Pattern PUNCTUATION = Pattern.compile("\\p{Punct}");
    /** Word boundaries as Python 3's re draws them, around Unicode letters and digits. */
    private static final Pattern ARTICLES = Pattern.compile("\\b(a|an|the)\\b", Pattern.UNICODE_CHARACTER_CLASS);
    /**
     * What Python's str.split() splits on: Unicode white space (no-break and ideographic spaces,
     * line and paragraph separators, NEL) and the ASCII separators U+001C to U+001F.
     */
    private static final Pattern SPACES = Pattern.compile("[\\s\\x{1C}-\\x{1F}]+", Pattern.UNICODE_CHARACTER_CLASS);
    private static final Pattern LABEL = Pattern.compile("^(?i)(final answer|answer|a)\\s*:\\s*");

    private QaMetrics() {
    }

    /**
     * The answer in a model's text: its first non-blank line, without a leading "Answer:" or "A:"
     * label; empty when there is none (scored as wrong, and counted as unparsed).
     */
    public static String extract(String text) {
        if (text == null) {
            return "";
        }
        for (String line : text.split("\\R")) {
            String answer = LABEL.matcher(line.strip()).replaceFirst("").strip();
            if (!answer.isEmpty()) {
                return answer;
            }
        }
        return "";
    }

    public static String normalize(String answer) {
        String lower = answer == null ? "" : answer.toLowerCase(Locale.ROOT);
        String noPunctuation = PUNCTUATION.matcher(lower).replaceAll("");
        String noArticles = ARTICLES.matcher(noPunctuation).replaceAll(" ");
        return SPACES.matcher(noArticles).replaceAll(" ").strip();
    }

    public static double exactMatch(String prediction, List<String> golds) {
        String normalized = normalize(prediction);
        for (String gold : golds) {
            if (normalize(gold).equals(normalized)) {
                return 1;
            }
        }
        return 0;
    }

    /** Token-overlap F1, the best over gold answers; two empty answers match fully. */
    public static double f1(String prediction, List<String> golds) {
        double best = 0;
        for (String gold : golds) {
            best = Math.max(best, tokenF1(tokens(normalize(prediction)), tokens(normalize(gold))));
        }
        return best;
    }

    private static List<String> tokens(String normalized) {
        return normalized.isEmpty() ? List.of() : Arrays.asList(normalized.split(" "));
    }

    private static double tokenF1(List<String> predicted, List<String> gold) {
        if (predicted.isEmpty() || gold.isEmpty()) {
            return predicted.isEmpty() && gold.isEmpty() ? 1 : 0;
        }
        Map<String, Integer> goldCounts = new HashMap<>();
        gold.forEach(token -> goldCounts.merge(token, 1, Integer::sum));
        int common = 0;
        for (String token : predicted) {
            Integer left = goldCounts.get(token);
            if (left != null && left > 0) {
                common++;
                goldCounts.put(token, left - 1);
            }
        }
        if (common == 0) {
            return 0;
        }
        double precision = (double) common / predicted.size();
        double recall = (double) common / gold.size();
        return 2 * precision * recall / (precision + recall);
    }
}
