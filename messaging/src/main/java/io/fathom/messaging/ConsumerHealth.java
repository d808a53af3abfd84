package io.fathom.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;

/** Health of the consumer core: live while its loops run, ready while they work and the broker answers. */
final class ConsumerHealth {

    private ConsumerHealth() {
    }

    /** Down only when a loop has ended or is stuck: a restart is what helps then. */
    @Liveness
    @ApplicationScoped
    static class Live implements HealthCheck {
        private final SuitePipeline pipeline;

        Live(SuitePipeline pipeline) {
            this.pipeline = pipeline;
        }

        @Override
        public HealthCheckResponse call() {
            HealthCheckResponseBuilder response = HealthCheckResponse.named("consumers").up();
            for (UnitConsumer<?, ?> consumer : pipeline.consumers()) {
                response.withData(consumer.settings().name(), consumer.alive() ? "running" : "stopped");
                if (!consumer.alive()) {
                    response.down();
                }
            }
            return response.build();
        }
    }

    /**
     * Down while a loop is not running, a publish fails, or the broker does not answer within 3 s;
     * in a service without consumers, while a publish fails.
     */
    @Readiness
    @ApplicationScoped
    static class Ready implements HealthCheck {
        private static final Duration BROKER_TIMEOUT = Duration.ofSeconds(3);
        private final SuitePipeline pipeline;
        private final KafkaClients clients;
        private final Publisher publisher;

        Ready(SuitePipeline pipeline, KafkaClients clients, Publisher publisher) {
            this.pipeline = pipeline;
            this.clients = clients;
            this.publisher = publisher;
        }

        @Override
        public HealthCheckResponse call() {
            HealthCheckResponseBuilder response = HealthCheckResponse.named("consumers").up();
            if (pipeline.consumers().isEmpty()) { // a service that only publishes through the core
                String failure = publisher.lastFailure();
                return failure == null ? response.build() : response.down().withData("publisher", failure).build();
            }
            for (UnitConsumer<?, ?> consumer : pipeline.consumers()) {
                String problem = consumer.problem();
                response.withData(consumer.settings().name(), problem == null ? "ok" : problem);
                if (problem != null) {
                    response.down();
                }
            }
            try {
                String cluster = clients.admin().describeCluster().clusterId().get(BROKER_TIMEOUT.toMillis(),
                        TimeUnit.MILLISECONDS);
                response.withData("kafka", "cluster " + cluster);
            } catch (Exception e) {
                response.down().withData("kafka", "broker not reachable within " + BROKER_TIMEOUT + ": " + e);
            }
            return response.build();
        }
    }
}
