package io.fathom.datamix.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.OptionalInt;

/** Settings of the datamix-service ({@code fathom.datamix.*}). */
@ConfigMapping(prefix = "fathom.datamix")
public interface DatamixConfig {

    /**
     * Where corpus embeddings are spilled while a suite is collected; each instance works in a
     * directory of its own below it and deletes it when it stops (and those of instances that died).
     */
    @WithDefault("${java.io.tmpdir}/fathom-datamix")
    String dataDir();

    /** The directory manifests are written to, one {@code <mixture id>.jsonl} each; created if missing. */
    @WithDefault("${java.io.tmpdir}/fathom-mixtures")
    String sinkDir();

    /** Examples one corpus suite may hold; those past it are counted and reported, not stored. */
    @WithDefault("10000000")
    long maxExamplesPerSuite();

    /** Threads that train the domain classifier; default: the machine's cores. */
    OptionalInt trainingThreads();
}
