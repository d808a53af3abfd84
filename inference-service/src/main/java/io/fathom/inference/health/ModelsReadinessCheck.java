package io.fathom.inference.health;

import io.fathom.inference.backend.ModelCatalog;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready once every configured model is loaded and, for a model on Triton, its server answers; Kafka
 * reachability is reported by the messaging extension.
 */
@Readiness
@ApplicationScoped
public class ModelsReadinessCheck implements HealthCheck {

    private final ModelCatalog catalog;

    ModelsReadinessCheck(ModelCatalog catalog) {
        this.catalog = catalog;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder builder = HealthCheckResponse.named("models");
        boolean allLoaded = true;
        for (var entry : catalog.loadState().entrySet()) {
            builder.withData(entry.getKey(), entry.getValue());
            allLoaded &= "loaded".equals(entry.getValue());
        }
        return builder.status(allLoaded).build();
    }
}
