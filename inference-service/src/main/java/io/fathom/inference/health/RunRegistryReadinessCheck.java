package io.fathom.inference.health;

import io.fathom.inference.listener.RunRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready once fathom.runs has been read to its end: until then no request can be checked against it. */
@Readiness
@ApplicationScoped
public class RunRegistryReadinessCheck implements HealthCheck {

    private final RunRegistry registry;

    RunRegistryReadinessCheck(RunRegistry registry) {
        this.registry = registry;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("run-registry").status(registry.loaded())
                .withData("runIds", registry.size()).build();
    }
}
