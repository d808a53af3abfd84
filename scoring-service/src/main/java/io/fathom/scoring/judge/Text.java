package io.fathom.scoring.judge;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What the heuristics need from a text, read in one pass: its words (lower case), sentence count,
 * syllable count and content terms (stop words dropped, plural and -ing/-ed endings cut).
 */
public record Text(String raw, List<String> words, int sentences, int syllables, Set<String> terms) {

    private static final Set<String> STOP_WORDS = Set.of("a", "an", "the", "and", "or", "but", "if", "of", "to", "in",
            "on", "at", "by", "for", "with", "from", "as", "is", "are", "was", "were", "be", "been", "being", "it", "its",
            "this", "that", "these", "those", "you", "your", "we", "our", "they", "their", "he", "she", "his", "her",
            "i", "me", "my", "do", "does", "did", "so", "not", "no", "can", "will", "would", "should", "could", "may",
            "have", "has", "had", "then", "than", "there", "what", "which", "who", "how", "when", "where", "why", "all",
            "any", "each", "more", "most", "some", "such", "into", "about", "also", "just", "very", "them", "up", "out");

    public static Text of(String raw) {
        String text = raw == null ? "" : raw;
        List<String> words = new ArrayList<>();
        Set<String> terms = new HashSet<>();
        int sentences = 0;
        int syllables = 0;
        boolean inSentence = false;
        StringBuilder word = new StringBuilder();
        for (int i = 0; i <= text.length(); i++) {
            char c = i < text.length() ? text.charAt(i) : ' ';
            if (Character.isLetterOrDigit(c) || (c == '\'' && word.length() > 0)) {
                word.append(Character.toLowerCase(c));
                inSentence = true;
                continue;
            }
            if (word.length() > 0) {
                String w = word.toString();
                words.add(w);
                syllables += syllables(w);
                if (!STOP_WORDS.contains(w)) {
                    terms.add(stem(w));
                }
                word.setLength(0);
            }
            if ((c == '.' || c == '!' || c == '?' || c == '\n') && inSentence) {
                sentences++;
                inSentence = false;
            }
        }
        if (inSentence) {
            sentences++;
        }
        return new Text(text, List.copyOf(words), sentences, syllables, terms);
    }

    public int wordCount() {
        return words.size();
    }

    /** Share of {@code other}'s content terms that this text contains; 1 when it has none. */
    public double recallOf(Text other) {
        if (other.terms.isEmpty()) {
            return 1;
        }
        int found = 0;
        for (String term : other.terms) {
            if (terms.contains(term)) {
                found++;
            }
        }
        return (double) found / other.terms.size();
    }

    static String stem(String word) {
        String w = word.endsWith("'s") ? word.substring(0, word.length() - 2) : word;
        if (w.length() > 5 && w.endsWith("ing")) {
            return w.substring(0, w.length() - 3);
        }
        if (w.length() > 4 && w.endsWith("ed")) {
            return w.substring(0, w.length() - 2);
        }
        if (w.length() > 4 && w.endsWith("es")) {
            return w.substring(0, w.length() - 2);
        }
        if (w.length() > 3 && w.endsWith("s") && !w.endsWith("ss")) {
            return w.substring(0, w.length() - 1);
        }
        return w;
    }

    /** Vowel groups, less a silent final e; at least one per word. Good enough for readability formulas. */
    static int syllables(String word) {
        int count = 0;
        boolean previousVowel = false;
        for (int i = 0; i < word.length(); i++) {
            boolean vowel = "aeiouy".indexOf(word.charAt(i)) >= 0;
            if (vowel && !previousVowel) {
                count++;
            }
            previousVowel = vowel;
        }
        if (word.length() > 2 && word.endsWith("e") && !word.endsWith("le") && count > 1) {
            count--;
        }
        return Math.max(1, count);
    }

    public String lower() {
        return raw.toLowerCase(Locale.ROOT);
    }
}
