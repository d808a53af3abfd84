package io.fathom.contracts.request;

/** A corpus to blend, general or in-domain. */
public record CorpusSource(String name, String domain, DatasetRef dataset) {
}
