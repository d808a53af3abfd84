package io.fathom.scoring.health;

import io.fathom.scoring.ingest.ScoringLoop;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/** Live while the loop that reads hidden states runs. */
@Liveness
@ApplicationScoped
public class ScoringLoopLiveness implements HealthCheck {

    private final ScoringLoop loop;

    ScoringLoopLiveness(ScoringLoop loop) {
        this.loop = loop;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("scoring-loop").status(loop.alive()).build();
    }
}
