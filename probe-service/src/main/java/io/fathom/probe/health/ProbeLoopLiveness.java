package io.fathom.probe.health;

import io.fathom.probe.ingest.ProbeLoop;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/** Live while the loop that reads hidden states runs. */
@Liveness
@ApplicationScoped
public class ProbeLoopLiveness implements HealthCheck {

    private final ProbeLoop loop;

    ProbeLoopLiveness(ProbeLoop loop) {
        this.loop = loop;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("probe-loop").status(loop.alive()).build();
    }
}
