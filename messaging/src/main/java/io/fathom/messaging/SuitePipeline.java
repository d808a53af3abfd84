package io.fathom.messaging;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import java.util.List;

/**
 * Runs a downstream service's consumers when the service has a {@link SuiteHandler} bean: one that
 * turns the handler's input topic (fathom.hidden-states or fathom.generations) into its suites, and one that turns the service's suite
 * outcomes into run-level final progress. A service without a handler (the inference-service) runs none.
 */
@ApplicationScoped
public class SuitePipeline {

    private final Instance<SuiteHandler<?>> handlers;
    private final KafkaClients clients;
    private final Publisher publisher;
    private final MessagingConfig config;
    private final MeterRegistry registry;
    private volatile List<UnitConsumer<?, ?>> consumers = List.of();

    SuitePipeline(Instance<SuiteHandler<?>> handlers, KafkaClients clients, Publisher publisher,
            MessagingConfig config, MeterRegistry registry) {
        this.handlers = handlers;
        this.clients = clients;
        this.publisher = publisher;
        this.config = config;
        this.registry = registry;
    }

    void start(@Observes StartupEvent event) {
        if (handlers.isUnsatisfied()) {
            return;
        }
        SuiteHandler<?> handler = handlers.get();
        String service = handler.service();
        String group = config.groupId().orElse("fathom-" + service);
        consumers = List.of(
                new UnitConsumer<>(suites(handler), new UnitConsumer.Settings(service + "-suites",
                        handler.input() == SuiteHandler.Input.GENERATIONS ? config.topics().generations()
                                : config.topics().hiddenStates(), group), clients, publisher, config, registry),
                new UnitConsumer<>(new RunOutcomes(service, publisher), new UnitConsumer.Settings(service + "-runs",
                        config.topics().suiteOutcomes(), group + "-runs"), clients, publisher, config, registry));
        consumers.forEach(UnitConsumer::start);
    }

    private <S> SuiteUnits<S> suites(SuiteHandler<S> handler) {
        return new SuiteUnits<>(handler, publisher);
    }

    void stop(@Observes ShutdownEvent event) {
        consumers.forEach(UnitConsumer::stop);
    }

    /** The running consumers, for health checks. */
    public List<UnitConsumer<?, ?>> consumers() {
        return consumers;
    }
}
