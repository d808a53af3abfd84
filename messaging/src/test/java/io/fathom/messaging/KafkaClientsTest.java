package io.fathom.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.junit.jupiter.api.Test;

class KafkaClientsTest {

    @Test
    void consumersExpireAKilledMembersSessionSoonerThanTheClientDefaultUnlessConfigured() {
        Map<String, Object> defaults = new KafkaClients(Map.of("bootstrap.servers", "127.0.0.1:9"),
                new SimpleMeterRegistry(), UnitConsumerTest.config("t-")).consumerSettings("g");
        assertEquals(15_000, defaults.get(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG));
        assertEquals("g", defaults.get(ConsumerConfig.GROUP_ID_CONFIG));
        assertEquals(false, defaults.get(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG));

        Map<String, Object> configured = new KafkaClients(Map.of("bootstrap.servers", "127.0.0.1:9",
                "session.timeout.ms", "45000", "enable.auto.commit", "true"), new SimpleMeterRegistry(),
                UnitConsumerTest.config("t-")).consumerSettings("g");
        assertEquals("45000", configured.get(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG));
        assertEquals(false, configured.get(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG)); // commits stay manual
    }
}
