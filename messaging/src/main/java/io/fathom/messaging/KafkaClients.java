package io.fathom.messaging;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.smallrye.common.annotation.Identifier;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Builds every Kafka client of a service from Quarkus' {@code kafka.*} configuration, so that
 * security (SASL, TLS), timeouts and any other client setting apply to all of them alike; fathom's
 * own settings (manual commits, idempotence, sizes) go on top. Each client's metrics are bound to
 * the meter registry. Settings are never logged here; the clients log passwords as [hidden].
 */
@ApplicationScoped
public class KafkaClients {

    /**
     * A killed member's partitions pass to the others only when the broker expires its session: the
     * client's default, 45 s, was most of the time a kill cost (docs/reliability.md). The inference
     * service's requests channel sets the same value; {@code kafka.session.timeout.ms} overrides both.
     */
    static final int SESSION_TIMEOUT_MS = 15_000;

    private final Map<String, Object> kafka;
    private final MeterRegistry registry;
    private final int maxRecordBytes;
    private final List<KafkaClientMetrics> bound = new ArrayList<>();
    private volatile Admin admin;

    KafkaClients(@Identifier("default-kafka-broker") Map<String, Object> kafka, MeterRegistry registry,
            MessagingConfig config) {
        this.kafka = Map.copyOf(kafka);
        this.registry = registry;
        this.maxRecordBytes = config.maxRecordBytes();
    }

    /** A consumer of the group that commits by hand and starts new groups at the beginning of a topic. */
    public KafkaConsumer<String, byte[]> consumer(String groupId) {
        return bind(new KafkaConsumer<>(consumerSettings(groupId), new StringDeserializer(),
                new ByteArrayDeserializer()));
    }

    /** What {@link #consumer} is built with: the configured settings, then fathom's. */
    Map<String, Object> consumerSettings(String groupId) {
        Map<String, Object> props = base(ConsumerConfig.configNames());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.putIfAbsent(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 200);
        props.putIfAbsent(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, SESSION_TIMEOUT_MS);
        props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, maxRecordBytes);
        props.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, maxRecordBytes);
        return props;
    }

    /** An idempotent producer whose sends are acknowledged by all in-sync replicas. */
    public KafkaProducer<String, byte[]> producer() {
        Map<String, Object> props = base(ProducerConfig.configNames());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, maxRecordBytes);
        props.putIfAbsent(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        return bind(new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer()));
    }

    /** A shared admin client, for readiness checks. */
    public Admin admin() {
        if (admin == null) {
            synchronized (this) {
                if (admin == null) {
                    Map<String, Object> props = base(AdminClientConfig.configNames());
                    props.putIfAbsent(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000);
                    props.putIfAbsent(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
                    admin = Admin.create(props);
                }
            }
        }
        return admin;
    }

    /** The configured settings a client of this kind knows, so that none logs unknown-setting warnings. */
    private Map<String, Object> base(Set<String> known) {
        Map<String, Object> props = new HashMap<>();
        kafka.forEach((key, value) -> {
            if (known.contains(key) || key.startsWith("sasl.") || key.startsWith("ssl.")) {
                props.put(key, value);
            }
        });
        return props;
    }

    private synchronized <C extends AutoCloseable> C bind(C client) {
        KafkaClientMetrics metrics = client instanceof KafkaConsumer<?, ?> consumer ? new KafkaClientMetrics(consumer)
                : new KafkaClientMetrics((KafkaProducer<?, ?>) client);
        metrics.bindTo(registry);
        bound.add(metrics);
        return client;
    }

    @PreDestroy
    synchronized void close() {
        bound.forEach(KafkaClientMetrics::close);
        bound.clear();
        if (admin != null) {
            admin.close(Duration.ofSeconds(5));
        }
    }
}
