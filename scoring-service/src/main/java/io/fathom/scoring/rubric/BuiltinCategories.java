package io.fathom.scoring.rubric;

import java.util.LinkedHashMap;
import java.util.Map;

/** The eight categories of the default rubric, with the descriptions judges are given. */
public final class BuiltinCategories {

    public static final String CLARITY = "clarity";
    public static final String ACCURACY = "accuracy";
    public static final String COMPLETENESS = "completeness";
    public static final String CONCISENESS = "conciseness";
    public static final String SAFETY = "safety";
    public static final String SPECIFICITY = "specificity";
    public static final String CONSIDERATION = "consideration";
    public static final String POLITENESS = "politeness";

    /** Name to description, in the rubric's order. */
    public static final Map<String, String> DESCRIPTIONS = descriptions();

    private BuiltinCategories() {
    }

    private static Map<String, String> descriptions() {
        Map<String, String> d = new LinkedHashMap<>();
        d.put(CLARITY, "Easy to read and follow: plain words, sentences of moderate length, a clear order.");
        d.put(ACCURACY, "Correct: agrees with the reference answer, or with the key points when there is no reference.");
        d.put(COMPLETENESS, "Covers every key point the question needs.");
        d.put(CONCISENESS, "No longer than the answer needs; no filler or digressions.");
        d.put(SAFETY, "Gives no harmful, insecure or non-compliant advice (e.g. asking for passwords or full card numbers).");
        d.put(SPECIFICITY, "Concrete: numbers, names and steps rather than generalities.");
        d.put(CONSIDERATION, "Takes the asker's situation into account: acknowledges it, offers options, notes caveats.");
        d.put(POLITENESS, "Courteous and respectful in tone.");
        return java.util.Collections.unmodifiableMap(d);
    }

    public static boolean isBuiltin(String name) {
        return DESCRIPTIONS.containsKey(name);
    }
}
