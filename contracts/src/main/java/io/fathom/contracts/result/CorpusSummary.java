package io.fathom.contracts.result;

import io.fathom.contracts.SchemaVersion;
import io.fathom.contracts.Services;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What the datamix-service made of a corpus suite before mixing it: the examples of each source,
 * what deduplication removed and why, and the domain classifier that scored every example.
 *
 * @param embedder the model whose pooled last layer embedded the examples
 * @param sources per source, in request order
 * @param available examples left to mix per domain after deduplication (unlabelled ones counted
 *        under the domain the classifier gave them)
 * @param removed where the list of removed examples is (JSONL: id, source, reason, the kept
 *        example's id, cosine), in the service's sink directory; null when nothing was removed or
 *        it could not be written
 */
public record CorpusSummary(int schemaVersion, String key, String runId, String service, String suite,
        String embedder, Map<String, SourceCounts> sources, Map<String, Long> available, DomainClassifier classifier,
        double nearDuplicateCosine, String removed, Instant at) implements ResultEvent {

    /**
     * One source: examples received, removed as exact duplicates (the same normalised text) and as
     * near duplicates (embeddings at least {@code nearDuplicateCosine} similar) of an example kept
     * before them, and kept. {@code duplicatesOf} counts the removed ones by the source of the
     * example each repeats.
     */
    public record SourceCounts(String domain, boolean mixed, long examples, long exactDuplicates,
            long nearDuplicates, long kept, Map<String, Long> duplicatesOf) {
    }

    /**
     * The logistic regression on the embeddings that gives every example its probability of being
     * in-domain. Trained on the kept labelled examples with two-fold cross-fitting: each example is
     * scored by the model trained on the other fold (on at most 2^25 values of it), so
     * {@code heldOutAccuracy} (over all {@code labelledExamples}) and every labelled example's score
     * are out of sample. {@code majority} is the accuracy of always answering the larger domain, the
     * floor it has to beat; {@code chosenC} per fold, chosen on a dev part of that fold's training
     * half. Null classifier: fewer than ten labelled examples of a domain, so no score (unlabelled
     * sources are then an error).
     */
    public record DomainClassifier(long labelledExamples, double heldOutAccuracy, double majority,
            List<Double> chosenC, long unlabelledInDomain, long unlabelledGeneral) {
    }

    public static CorpusSummary of(String runId, String suite, String embedder, Map<String, SourceCounts> sources,
            Map<String, Long> available, DomainClassifier classifier, double nearDuplicateCosine, String removed) {
        return new CorpusSummary(SchemaVersion.CURRENT, "corpus/" + runId + "/" + suite, runId, Services.DATAMIX,
                suite, embedder, sources, available, classifier, nearDuplicateCosine, removed, Instant.now());
    }
}
