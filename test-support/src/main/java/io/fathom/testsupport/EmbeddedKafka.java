package io.fathom.testsupport;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import io.smallrye.reactive.messaging.kafka.companion.test.EmbeddedKafkaBroker;
import java.util.Map;
import java.util.Properties;

/**
 * A real single-node KRaft Kafka broker in the test JVM, started once and shared by every test of
 * that JVM (a cold start costs seconds on two cores). Use it as a Quarkus test resource; it
 * points {@code kafka.bootstrap.servers} at the broker.
 */
public class EmbeddedKafka implements QuarkusTestResourceLifecycleManager {

    /** Large enough for the hidden states of the largest supported model (see docs/events.md). */
    public static final int MAX_MESSAGE_BYTES = 16 * 1024 * 1024;

    private static EmbeddedKafkaBroker broker;

    /** Settings of every test broker: fast first joins, one partition, room for the largest events. */
    static void configure(Properties p) {
        p.put("offsets.topic.num.partitions", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("num.partitions", "1");
        p.put("message.max.bytes", String.valueOf(MAX_MESSAGE_BYTES));
        p.put("replica.fetch.max.bytes", String.valueOf(MAX_MESSAGE_BYTES));
    }

    /** host:port of the shared broker, starting it on first use. */
    public static synchronized String bootstrapServers() {
        if (broker == null) {
            broker = new EmbeddedKafkaBroker()
                    .withKafkaHost("127.0.0.1")
                    .withDeleteLogDirsOnClose(true)
                    .withAdditionalProperties(EmbeddedKafka::configure)
                    .start();
            EmbeddedKafkaBroker started = broker;
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "embedded-kafka-stop"));
        }
        return broker.getAdvertisedListeners().replaceAll("[A-Z_]+://", "");
    }

    /** A client for producing and consuming in tests; close it after use. */
    public static KafkaCompanion companion() {
        return new KafkaCompanion(bootstrapServers());
    }

    @Override
    public Map<String, String> start() {
        return Map.of("kafka.bootstrap.servers", bootstrapServers());
    }

    @Override
    public void stop() {
        // the broker outlives individual test classes; the shutdown hook stops it with the JVM
    }
}
