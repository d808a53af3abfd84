package io.fathom.testsupport;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import io.smallrye.reactive.messaging.kafka.companion.test.EmbeddedKafkaBroker;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;

/**
 * A real single-node KRaft Kafka broker in the test JVM, started once and shared by every test of
 * that JVM (a cold start costs seconds on two cores). Use it as a Quarkus test resource; it
 * points {@code kafka.bootstrap.servers} at the broker.
 *
 * <p>With {@code -Dfathom.test.kafka=container} the same tests run against Testcontainers' Kafka
 * (the apache/kafka image, with the same settings) where a Docker engine is available; where none
 * is, they say so once and keep the embedded broker, so that the build never depends on Docker.
 */
public class EmbeddedKafka implements QuarkusTestResourceLifecycleManager {

    /** Large enough for the hidden states of the largest supported model (see docs/events.md). */
    public static final int MAX_MESSAGE_BYTES = 16 * 1024 * 1024;
    /** "container" for Testcontainers' Kafka where Docker is available; anything else for the embedded broker. */
    public static final String BROKER_PROPERTY = "fathom.test.kafka";
    static final String KAFKA_IMAGE = "apache/kafka:4.1.1";

    private static String bootstrap;

    /** Settings of every test broker: fast first joins, one partition, room for the largest events. */
    static Map<String, String> settings() {
        return Map.of("offsets.topic.num.partitions", "1",
                "group.initial.rebalance.delay.ms", "0",
                "num.partitions", "1",
                "message.max.bytes", String.valueOf(MAX_MESSAGE_BYTES),
                "replica.fetch.max.bytes", String.valueOf(MAX_MESSAGE_BYTES));
    }

    static void configure(Properties p) {
        p.putAll(settings());
    }

    /** host:port of the shared broker, starting it on first use. */
    public static synchronized String bootstrapServers() {
        if (bootstrap == null) {
            boolean container = "container".equals(System.getProperty(BROKER_PROPERTY));
            if (container && !DockerClientFactory.instance().isDockerAvailable()) {
                System.err.println(BROKER_PROPERTY + "=container, but no Docker engine is available here:"
                        + " the tests use the embedded broker");
                container = false;
            }
            bootstrap = container ? startContainer() : startEmbedded();
        }
        return bootstrap;
    }

    private static String startEmbedded() {
        EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker()
                .withKafkaHost("127.0.0.1")
                .withDeleteLogDirsOnClose(true)
                .withAdditionalProperties(EmbeddedKafka::configure)
                .start();
        Runtime.getRuntime().addShutdownHook(new Thread(broker::close, "embedded-kafka-stop"));
        return broker.getAdvertisedListeners().replaceAll("[A-Z_]+://", "");
    }

    private static String startContainer() {
        KafkaContainer kafka = new KafkaContainer(KAFKA_IMAGE);
        // the image reads broker settings from KAFKA_<NAME> variables, dots as underscores
        settings().forEach((key, value) -> kafka.withEnv("KAFKA_" + key.toUpperCase(Locale.ROOT).replace('.', '_'),
                value));
        kafka.start();
        Runtime.getRuntime().addShutdownHook(new Thread(kafka::stop, "kafka-container-stop"));
        return kafka.getBootstrapServers();
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
