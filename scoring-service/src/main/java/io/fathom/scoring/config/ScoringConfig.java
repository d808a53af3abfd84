package io.fathom.scoring.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of the scoring-service ({@code fathom.scoring.*}); consuming is set by {@code fathom.messaging.*}. */
@ConfigMapping(prefix = "fathom.scoring")
public interface ScoringConfig {

    /** Which pooled view of the embedder's last layer gives similarities. */
    @WithDefault("mean")
    String pooling();
}
