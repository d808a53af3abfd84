package io.fathom.messaging;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/**
 * Settings of the consumer core ({@code fathom.messaging.*}), the same in every downstream service.
 * Kafka client settings themselves come from Quarkus' {@code kafka.*} properties.
 */
@ConfigMapping(prefix = "fathom.messaging")
public interface MessagingConfig {

    Topics topics();

    /** Consumer group of the suites consumer; default {@code fathom-<service>}. Run outcomes use it + "-runs". */
    Optional<String> groupId();

    /**
     * How long a suite (or a run) may go without a new record before it is given up: an error names
     * what was missing, its offsets are released and its data freed. It must exceed the longest gap
     * between two models' passes over one suite, since the inference-service runs models one after another.
     */
    @WithDefault("24h")
    Duration unitTimeout();

    /** Finished or given-up units remembered, so that a late redelivery is counted rather than reopened. */
    @WithDefault("10000")
    int finishedMemory();

    /** Complete units waiting for or at work; above it the consumer pauses its partitions. */
    @WithDefault("4")
    int maxQueuedUnits();

    /**
     * Threads that work on complete units (probe training, grading) off the poll thread. Two: a small
     * suite trains on about one thread, so a second keeps the cores busy (docs/reliability.md, Load).
     */
    @WithDefault("2")
    int workThreads();

    /** Tries per record published (results, dead letters, outcomes), each after the client's own retries. */
    @WithDefault("6")
    int publishAttempts();

    /** Wait before the second try; doubled for each further one, up to 1 minute. */
    @WithDefault("1s")
    Duration publishBackoff();

    /** Consumer fetch limit per partition and producer request limit: at least the topics' max.message.bytes. */
    @WithDefault("16777216")
    int maxRecordBytes();

    /** Series of the fathom_eval_* gauges (labels come from requests); past it new ones are counted as dropped. */
    @WithDefault("5000")
    int evaluationSeries();

    /** Topic names; the defaults are the contracts' constants. */
    interface Topics {
        @WithDefault(io.fathom.contracts.Topics.REQUESTS)
        String requests();

        @WithDefault(io.fathom.contracts.Topics.HIDDEN_STATES)
        String hiddenStates();

        @WithDefault(io.fathom.contracts.Topics.GENERATIONS)
        String generations();

        @WithDefault(io.fathom.contracts.Topics.RESULTS)
        String results();

        @WithDefault(io.fathom.contracts.Topics.DEAD_LETTER)
        String deadLetter();

        @WithDefault(io.fathom.contracts.Topics.SUITE_OUTCOMES)
        String suiteOutcomes();

        @WithDefault(io.fathom.contracts.Topics.RUNS)
        String runs();
    }
}
