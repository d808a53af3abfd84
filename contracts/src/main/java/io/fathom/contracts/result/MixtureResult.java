package io.fathom.contracts.result;

import io.fathom.contracts.SchemaVersion;
import io.fathom.contracts.Services;
import java.time.Instant;
import java.util.Map;

/**
 * One mixture of a corpus suite, its manifest written: {@code mixtureId} is derived from the
 * manifest's bytes, so the same inputs and seed give the same id. A model fine-tuned on it names
 * that id in its metadata ({@code dataMixId}), which is how results are traced back to the ratio.
 *
 * @param ratio the in-domain share asked for; null for a mixture drawn by per-source weights alone
 * @param achievedRatio in-domain examples / all examples of the manifest
 * @param perSource examples per source
 * @param perDomain examples per domain, unlabelled ones under the domain the classifier gave them
 * @param meanDomainScore per domain, the mean in-domain probability of its examples
 * @param manifest where the manifest is: a path in the service's sink directory
 * @param deduplication what deduplication did to the suite's examples before any was drawn
 */
public record MixtureResult(int schemaVersion, String key, String runId, String service, String suite,
        String mixtureId, Double ratio, double achievedRatio, long size, Map<String, Long> perSource,
        Map<String, Long> perDomain, Map<String, Double> meanDomainScore, long seed, String manifest,
        Deduplication deduplication, Instant at) implements ResultEvent {

    /** The suite's examples, those removed as exact and as near duplicates, and those kept. */
    public record Deduplication(long examples, long exactDuplicates, long nearDuplicates, long kept) {
    }

    /** The key names the ratio (or "weights"), so a replay of the same request has the same keys. */
    public static MixtureResult of(String runId, String suite, String mixtureId, Double ratio, double achievedRatio,
            long size, Map<String, Long> perSource, Map<String, Long> perDomain, Map<String, Double> meanDomainScore,
            long seed, String manifest, Deduplication deduplication) {
        return new MixtureResult(SchemaVersion.CURRENT, keyOf(runId, suite, ratio), runId, Services.DATAMIX, suite,
                mixtureId, ratio, achievedRatio, size, perSource, perDomain, meanDomainScore, seed, manifest,
                deduplication, Instant.now());
    }

    public static String keyOf(String runId, String suite, Double ratio) {
        return "mixture/" + runId + "/" + suite + "/" + (ratio == null ? "weights" : ratio.toString());
    }
}
