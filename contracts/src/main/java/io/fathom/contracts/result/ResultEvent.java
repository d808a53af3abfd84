package io.fathom.contracts.result;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * An event on {@code fathom.results}. {@link #key()} is deterministic: a redelivered or replayed
 * result has the same key as the original, so consumers can tell duplicates from new results.
 * It is also the Kafka record key.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = ProgressEvent.class, name = "progress"),
        @JsonSubTypes.Type(value = ErrorEvent.class, name = "error"),
        @JsonSubTypes.Type(value = ProbeLayerResult.class, name = "probe-layer"),
        @JsonSubTypes.Type(value = ProbeSummary.class, name = "probe-summary"),
        @JsonSubTypes.Type(value = ScoreItem.class, name = "score-item"),
        @JsonSubTypes.Type(value = ScoreSummary.class, name = "score-summary"),
        @JsonSubTypes.Type(value = RobustnessSummary.class, name = "robustness-summary"),
        @JsonSubTypes.Type(value = CorpusSummary.class, name = "corpus-summary"),
        @JsonSubTypes.Type(value = MixtureResult.class, name = "mixture")
})
public sealed interface ResultEvent permits ProgressEvent, ErrorEvent, ProbeLayerResult, ProbeSummary, ScoreItem,
        ScoreSummary, RobustnessSummary, CorpusSummary, MixtureResult {

    int schemaVersion();

    String key();

    /** The run the event belongs to, or null when it could not be read from the input. */
    String runId();

    /** The service that emitted it: inference, probe, scoring, datamix. */
    String service();
}
