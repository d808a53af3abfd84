package io.fathom.inference.service;

import io.fathom.contracts.result.ErrorCode;
import io.fathom.contracts.result.ProgressEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** The service's own fathom_inference_* meters (Prometheus names in docs/operations.md). */
@ApplicationScoped
public class InferenceMetrics {

    private final MeterRegistry registry;
    private final AtomicInteger runsInProgress;
    /** Item x model pairs of the runs in progress: expected, done, failed. */
    private final AtomicLong currentExpected;
    private final AtomicLong currentDone;
    private final AtomicLong currentFailed;

    InferenceMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.runsInProgress = registry.gauge("fathom.inference.runs.in.progress", new AtomicInteger());
        this.currentExpected = currentRunGauge("expected");
        this.currentDone = currentRunGauge("done");
        this.currentFailed = currentRunGauge("failed");
    }

    private AtomicLong currentRunGauge(String state) {
        return registry.gauge("fathom.inference.current.run.items", io.micrometer.core.instrument.Tags.of("state",
                state), new AtomicLong());
    }

    /** Items by model and outcome (done, failed, truncated); rate() of done is items/s. */
    void items(String model, String outcome, long count) {
        if (outcome.equals("done")) {
            currentDone.addAndGet(count);
        } else if (outcome.equals("failed")) {
            currentFailed.addAndGet(count);
        }
        if (count > 0) {
            Counter.builder("fathom.inference.items").tag("model", model).tag("outcome", outcome)
                    .register(registry).increment(count);
        }
    }

    /** Tokens a model generated, where its backend says. */
    void tokens(String model, Integer generated) {
        if (generated != null && generated > 0) {
            Counter.builder("fathom.generation.tokens").tag("model", model).register(registry).increment(generated);
        }
    }

    void batch(String model, int size) {
        DistributionSummary.builder("fathom.inference.batch.size").tag("model", model).register(registry)
                .record(size);
    }

    Timer.Sample startTimer() {
        return Timer.start(registry);
    }

    /**
     * Latency per stage: model (tokenise, run, pool), encode (half precision + header), publish-wait,
     * generate (a batch of answers).
     */
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

    /** A run of {@code expectedItems} item x model pairs starts; the gauges add it to the runs in progress. */
    public void runStarted(long expectedItems) {
        synchronized (runsInProgress) {
            currentExpected.addAndGet(expectedItems);
            runsInProgress.incrementAndGet();
        }
    }

    /**
     * The run ends: its items leave the gauges, from its final progress ({@code last}, null when it
     * did not get that far); when no run is left in progress they read zero, whatever was counted.
     */
    public void runEnded(long expectedItems, ProgressEvent last) {
        synchronized (runsInProgress) {
            if (runsInProgress.decrementAndGet() == 0) {
                currentExpected.set(0);
                currentDone.set(0);
                currentFailed.set(0);
            } else {
                currentExpected.addAndGet(-expectedItems);
                if (last != null) {
                    currentDone.addAndGet(-last.done());
                    currentFailed.addAndGet(-last.failed());
                }
            }
        }
    }
}
