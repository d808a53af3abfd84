package io.fathom.inference.service;

import io.fathom.contracts.result.ErrorCode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.atomic.AtomicInteger;

/** The service's own fathom_inference_* meters (Prometheus names in docs/operations.md). */
@ApplicationScoped
public class InferenceMetrics {

    private final MeterRegistry registry;
    private final AtomicInteger runsInProgress;

    InferenceMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.runsInProgress = registry.gauge("fathom.inference.runs.in.progress", new AtomicInteger());
    }

    /** Items by model and outcome (done, failed, truncated); rate() of done is items/s. */
    void items(String model, String outcome, long count) {
        if (count > 0) {
            Counter.builder("fathom.inference.items").tag("model", model).tag("outcome", outcome)
                    .register(registry).increment(count);
        }
    }

    void batch(String model, int size) {
        DistributionSummary.builder("fathom.inference.batch.size").tag("model", model).register(registry)
                .record(size);
    }

    Timer.Sample startTimer() {
        return Timer.start(registry);
    }

    /** Latency per stage: model (tokenise, run, pool), encode (half precision + header), publish-wait. */
    void stop(Timer.Sample sample, String model, String stage) {
        sample.stop(Timer.builder("fathom.inference.stage").tag("model", model).tag("stage", stage)
                .publishPercentiles(0.5, 0.99).register(registry));
    }

    public void error(ErrorCode code) {
        Counter.builder("fathom.inference.errors").tag("code", code.name()).register(registry).increment();
    }

    public void run(String outcome) {
        Counter.builder("fathom.inference.runs").tag("outcome", outcome).register(registry).increment();
    }

    public void runStarted() {
        runsInProgress.incrementAndGet();
    }

    public void runEnded() {
        runsInProgress.decrementAndGet();
    }
}
