package io.fathom.scoring.judge;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The phrase lists behind the politeness, consideration and specificity heuristics (safety has its
 * own, with negation: {@link UnsafeAdvice}). Matched case-insensitively on whole words against the
 * answer. Phrase lists only see wording: a polite refusal to help still reads as polite, and
 * sarcasm reads as courtesy.
 */
final class TonePatterns {

    static final Pattern POLITE = words("please|thank you|thanks|happy to help|glad to help|glad to|sorry|apologi[sz]e"
            + "|appreciate|you're welcome|kindly|my pleasure|of course");
    static final Pattern IMPOLITE = words("obviously|stupid|idiot(ic)?|dumb|shut up|whatever|you should have"
            + "|read the (manual|policy|faq|docs)|not my problem|as i (already )?said|calm down|deal with it"
            + "|figure it out|no offen[cs]e|nobody cares|it's your fault|useless|ridiculous|just do|get over it");
    /** Three or more consecutive all-capital words: shouting (single acronyms such as ARPU do not count). */
    static final Pattern SHOUTING = Pattern.compile("\\b[A-Z]{2,}(\\s+[A-Z]{2,}){2,}\\b|!!");
    static final Pattern CONSIDERATE = words("i understand|understandabl[ey]|frustrat(ing|ed|ion)|depends on|if you"
            + "|you may (want|wish|prefer)|you might|alternatively|options?|consider|keep in mind|note that|in your case"
            + "|your situation|however|make sure|let (me|us) know|we can|i can|for example");
    static final Pattern DISMISSIVE = words("not my problem|deal with it|figure it out|just do|whatever|get over it"
            + "|nobody cares|you should have");
    static final Pattern CONCRETE = Pattern.compile("\\d+([.,]\\d+)?\\s?(%|percent|days?|hours?|minutes?|seconds?"
            + "|weeks?|months?|years?|gb|mb|kg|g|km|m|usd|eur|gbp)?|[$€£]\\s?\\d|(?i)\\b(first|second|third|then|finally"
            + "|step \\d|for example|e\\.g\\.)\\b|(?m)^\\s*([-*•]|\\d+[.)])\\s");
    static final Pattern VAGUE = words("various|some things|stuff|it depends|etc|many factors|in general|generally"
            + "|a number of|things like|and so on|somehow|kind of|sort of|basically");

    private TonePatterns() {
    }

    private static Pattern words(String alternatives) {
        return Pattern.compile("(?i)\\b(" + alternatives + ")\\b");
    }

    static int count(Pattern pattern, String text) {
        Matcher matcher = pattern.matcher(text);
        int count = 0;
        while (matcher.find()) {
            count++;
        }
        return count;
    }
}
