package io.fathom.contracts.request;

import java.util.Map;

/**
 * How a corpus suite's mixtures are drawn: {@code size} examples each; {@code weights} per source
 * (with ratios: how each domain's share is divided among its sources; without: the shares of the
 * whole mixture); the cosine from which embeddings are near duplicates; the run model that embeds.
 */
public record MixOptions(Integer size, Map<String, Double> weights, Double nearDuplicateCosine, String embedder) {

    public static final double DEFAULT_NEAR_DUPLICATE_COSINE = 0.95;

    public double nearDuplicateCosineOrDefault() {
        return nearDuplicateCosine == null ? DEFAULT_NEAR_DUPLICATE_COSINE : nearDuplicateCosine;
    }
}
