package io.fathom.probe.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.OptionalInt;

/** Settings of the probe-service ({@code fathom.probe.*}). */
@ConfigMapping(prefix = "fathom.probe")
public interface ProbeConfig {

    /**
     * Where hidden states are spilled while a suite is collected; each instance works in a directory
     * of its own below it and deletes it when it stops (and those of instances that died).
     */
    @WithDefault("${java.io.tmpdir}/fathom-probe")
    String dataDir();

    /** Threads per probe training; default: the machine's cores. */
    OptionalInt trainingThreads();

    /** Fewest training items per class for a probe to be trained. */
    @WithDefault("2")
    int minTrainPerClass();
}
