package io.fathom.contracts.request;

import java.util.List;

/**
 * A corpus to blend: its examples, read from a JSONL dataset or given inline, and the domain that
 * labels them all ({@link #GENERAL}, {@link #IN_DOMAIN}, or {@link #UNLABELLED}, which the domain
 * classifier decides per example). A source with {@code mix} false only trains the classifier.
 */
public record CorpusSource(String name, String domain, DatasetRef dataset, List<CorpusExample> items, Boolean mix) {

    public static final String GENERAL = "general";
    public static final String IN_DOMAIN = "in-domain";
    public static final String UNLABELLED = "unlabelled";

    /** Whether the source's examples go into mixtures (the default). */
    public boolean mixed() {
        return mix == null || mix;
    }

    public boolean labelled() {
        return !UNLABELLED.equals(domain);
    }
}
