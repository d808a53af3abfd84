package io.fathom.contracts.request;

import com.fasterxml.jackson.annotation.JsonValue;

/** What a suite asks for; each kind is consumed by a different service. */
public enum SuiteKind {
    /** Labelled sentences with splits: hidden states for probing classifiers. */
    PROBING("probing"),
    /** Questions with references and rubric weights, answered by generation or precomputed: rubric scoring. */
    QUESTIONS("questions"),
    /** Instruction templates tagged seen/unseen over QA or RE items: robustness. */
    INSTRUCTIONS("instructions"),
    /** In-domain and general corpora to blend. */
    CORPUS("corpus");

    private final String json;

    SuiteKind(String json) {
        this.json = json;
    }

    @JsonValue
    public String json() {
        return json;
    }

    /** Whether the scoring-service grades this kind's answers. */
    public boolean scored() {
        return this == QUESTIONS || this == INSTRUCTIONS;
    }
}
