package io.fathom.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ScramKafkaTest {

    /** What a wrong password may cost at most; a hang would run into the clients' 60 s defaults. */
    private static final Duration FAIL_WITHIN = Duration.ofSeconds(30);

    @BeforeAll
    static void startBroker() {
        // the broker's cold start should not count against the timings measured below
        ScramKafka.bootstrapServers();
    }

    @Test
    void theRightCredentialsProduceAndConsume() throws Exception {
        String topic = "scram-ok-" + UUID.randomUUID();
        try (KafkaProducer<String, String> producer = producer(ScramKafka.PASSWORD)) {
            producer.send(new ProducerRecord<>(topic, "k", "hello")).get(30, TimeUnit.SECONDS);
        }
        try (KafkaConsumer<String, String> consumer = consumer(ScramKafka.PASSWORD)) {
            consumer.subscribe(List.of(topic));
            ConsumerRecord<String, String> received = null;
            long deadline = System.nanoTime() + FAIL_WITHIN.toNanos();
            while (received == null && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                    received = r;
                }
            }
            assertThat(received).isNotNull();
            assertThat(received.value()).isEqualTo("hello");
        }
    }

    @Test
    void aWrongPasswordFailsASendQuickly() {
        try (KafkaProducer<String, String> producer = producer("not-" + ScramKafka.PASSWORD)) {
            long start = System.nanoTime();
            // get() with a timeout so that a hang fails the test instead of blocking it
            Throwable failure = catchThrowable(() -> producer.send(new ProducerRecord<>("scram-denied", "k", "v"))
                    .get(FAIL_WITHIN.toMillis(), TimeUnit.MILLISECONDS));
            report("producer send", start, failure);
            assertAuthenticationFailure(failure);
        }
    }

    @Test
    void aWrongPasswordFailsAPollQuickly() {
        try (KafkaConsumer<String, String> consumer = consumer("not-" + ScramKafka.PASSWORD)) {
            consumer.subscribe(List.of("scram-denied"));
            long start = System.nanoTime();
            // poll returns empty-handed after FAIL_WITHIN if nothing throws
            Throwable failure = catchThrowable(() -> consumer.poll(FAIL_WITHIN));
            report("consumer poll", start, failure);
            assertAuthenticationFailure(failure);
        }
    }

    @Test
    void theQuarkusPropertiesPointAtTheSaslListenerWithTheTestUser() {
        Map<String, String> config = new ScramKafka().start();
        assertThat(config).containsEntry("kafka.bootstrap.servers", ScramKafka.bootstrapServers())
                .containsEntry("kafka.security.protocol", "SASL_PLAINTEXT")
                .containsEntry("kafka.sasl.mechanism", "SCRAM-SHA-512");
        assertThat(config.get("kafka.bootstrap.servers")).doesNotContain("://")
                .isNotEqualTo(ScramKafka.plaintextBootstrapServers());
        assertThat(config.get("kafka.sasl.jaas.config"))
                .contains("ScramLoginModule required", "username=\"" + ScramKafka.USER + "\"",
                        "password=\"" + ScramKafka.PASSWORD + "\"")
                .endsWith(";");
    }

    private static void assertAuthenticationFailure(Throwable failure) {
        assertThat(failure).isNotNull();
        Throwable cause = failure;
        while (cause != null && !(cause instanceof SaslAuthenticationException)) {
            cause = cause.getCause();
        }
        assertThat(cause).as("a SaslAuthenticationException in %s", failure).isNotNull();
        assertThat(cause.getMessage()).contains("Authentication failed").contains(ScramKafka.MECHANISM);
    }

    private static void report(String what, long start, Throwable failure) {
        System.out.printf("%s with a wrong password failed after %d ms: %s%n", what,
                Duration.ofNanos(System.nanoTime() - start).toMillis(), failure);
    }

    private static KafkaProducer<String, String> producer(String password) {
        Map<String, Object> props = new HashMap<>(ScramKafka.clientProperties(ScramKafka.USER, password));
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, ScramKafka.bootstrapServers());
        return new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
    }

    private static KafkaConsumer<String, String> consumer(String password) {
        Map<String, Object> props = new HashMap<>(ScramKafka.clientProperties(ScramKafka.USER, password));
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, ScramKafka.bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "scram-test-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        return new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer());
    }
}
