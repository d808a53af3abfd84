package io.fathom.probe.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.OptionalInt;

/** Settings of the probe-service ({@code fathom.probe.*}). */
@ConfigMapping(prefix = "fathom.probe")
public interface ProbeConfig {

    /** Where hidden states are spilled while a suite is collected; emptied at start-up. */
    @WithDefault("${java.io.tmpdir}/fathom-probe")
    String dataDir();

    @WithDefault("fathom-probe")
    String groupId();

    @WithDefault("fathom.hidden-states")
    String hiddenStatesTopic();

    @WithDefault("fathom.results")
    String resultsTopic();

    @WithDefault("fathom.dead-letter")
    String deadLetterTopic();

    /** Threads per probe training; default: the machine's cores. */
    OptionalInt trainingThreads();

    /** Fewest training items per class for a probe to be trained. */
    @WithDefault("2")
    int minTrainPerClass();

    /** Consumer fetch limit per partition: at least the topic's max.message.bytes. */
    @WithDefault("16777216")
    int maxFetchBytes();
}
