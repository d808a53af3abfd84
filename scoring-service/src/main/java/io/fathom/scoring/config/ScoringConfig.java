package io.fathom.scoring.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of the scoring-service ({@code fathom.scoring.*}). */
@ConfigMapping(prefix = "fathom.scoring")
public interface ScoringConfig {

    @WithDefault("fathom-scoring")
    String groupId();

    @WithDefault("fathom.hidden-states")
    String hiddenStatesTopic();

    @WithDefault("fathom.results")
    String resultsTopic();

    @WithDefault("fathom.dead-letter")
    String deadLetterTopic();

    /** Consumer fetch limit per partition: at least the topic's max.message.bytes. */
    @WithDefault("16777216")
    int maxFetchBytes();

    /** Which pooled view of the embedder's last layer gives similarities. */
    @WithDefault("mean")
    String pooling();
}
