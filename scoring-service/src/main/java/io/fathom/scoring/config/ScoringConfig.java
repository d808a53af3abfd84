package io.fathom.scoring.config;

import io.fathom.triton.TritonSettings;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Map;
import java.util.Optional;

/** Settings of the scoring-service ({@code fathom.scoring.*}); consuming is set by {@code fathom.messaging.*}. */
@ConfigMapping(prefix = "fathom.scoring")
public interface ScoringConfig {

    /** Which pooled view of the embedder's last layer gives similarities. */
    @WithDefault("mean")
    String pooling();

    /**
     * Judge models for {@code judge: llm}, by name: models served by Triton that generate
     * ({@code generation.convention} set), called through the same generator as answers are.
     */
    Map<String, TritonSettings> judges();

    /** The judge of runs that name none ({@code options.scoring.judgeModel}); unset: such runs get UNSUPPORTED. */
    Optional<String> judgeModel();
}
