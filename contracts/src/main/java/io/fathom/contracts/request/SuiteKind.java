package io.fathom.contracts.request;

import com.fasterxml.jackson.annotation.JsonValue;

/** What a suite asks for; each kind is consumed by a different service. */
public enum SuiteKind {
    /** Labelled sentences with splits: hidden states for probing classifiers. */
    PROBING("probing"),
    /** Questions with references and rubric weights: generations for rubric scoring. */
    QUESTIONS("questions"),
    /** Instruction templates tagged seen/unseen over QA or RE items: robustness. */
    INSTRUCTIONS("instructions"),
    /** In-domain and general corpora to blend. */
    CORPUS("corpus"),
    /** Answers produced elsewhere, graded without generation. */
    RESPONSES("responses");

    private final String json;

    SuiteKind(String json) {
        this.json = json;
    }

    @JsonValue
    public String json() {
        return json;
    }
}
