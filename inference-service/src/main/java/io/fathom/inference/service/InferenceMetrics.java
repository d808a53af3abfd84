package io.fathom.inference.service;

import io.fathom.contracts.result.ProgressEvent;
import io.fathom.inference.backend.ModelCatalog;
import io.fathom.messaging.metrics.LabelledCounters;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * The service's own fathom_inference_* meters (Prometheus names in docs/operations.md). Every meter
 * with a model label is registered at start-up for each served model, so that Prometheus scrapes it
 * at zero before its first increment. Answers recorded in a request carry an author name from the
 * request, which would make the label unbounded, so they are counted under model "recorded".
 */
@ApplicationScoped
public class InferenceMetrics {

    /** The model label of answers recorded in a request rather than generated here. */
    static final String RECORDED = "recorded";
    private static final List<String> STAGES = List.of("model", "encode", "publish-wait", "generate");
    /** Histogram buckets of a batch's stages: from an encoded batch to a slow generation. */
    private static final Duration[] STAGE_BUCKETS = Stream.of(0.005, 0.02, 0.1, 0.5, 1.0, 5.0, 30.0, 120.0, 300.0)
            .map(s -> Duration.ofMillis((long) (s * 1000))).toArray(Duration[]::new);

    private final MeterRegistry registry;
    private final Map<String, LabelledCounters> items = new HashMap<>();
    private final Map<String, Counter> tokens = new HashMap<>();
    private final Map<String, DistributionSummary> batches = new HashMap<>();
    private final Map<String, Timer> stages = new HashMap<>();
    private final LabelledCounters runs;
    private final AtomicInteger runsInProgress;
    /** Item x model pairs of the runs in progress: expected, done, failed. */
    private final AtomicLong currentExpected;
    private final AtomicLong currentDone;
    private final AtomicLong currentFailed;

    InferenceMetrics(MeterRegistry registry, ModelCatalog catalog) {
        this.registry = registry;
        List<String> models = new ArrayList<>(catalog.knownModels().values());
        models.add(RECORDED);
        for (String model : models) {
            items.put(model, new LabelledCounters(registry, "fathom.inference.items", Tags.of("model", model),
                    "outcome", List.of("done", "failed", "truncated")));
            tokens.put(model, Counter.builder("fathom.inference.generated.tokens").tag("model", model)
                    .register(registry));
            batches.put(model, DistributionSummary.builder("fathom.inference.batch.size").tag("model", model)
                    .register(registry));
            for (String stage : STAGES) {
                stages.put(model + " " + stage, Timer.builder("fathom.inference.stage").tag("model", model)
                        .tag("stage", stage).publishPercentiles(0.5, 0.99).serviceLevelObjectives(STAGE_BUCKETS)
                        .register(registry));
            }
        }
        this.runs = new LabelledCounters(registry, "fathom.inference.runs", Tags.empty(), "outcome",
                List.of("completed", "rejected", "failed"));
        this.runsInProgress = registry.gauge("fathom.inference.runs.in.progress", new AtomicInteger());
        this.currentExpected = currentRunGauge("expected");
        this.currentDone = currentRunGauge("done");
        this.currentFailed = currentRunGauge("failed");
    }

    private AtomicLong currentRunGauge(String state) {
        return registry.gauge("fathom.inference.current.run.items", Tags.of("state", state), new AtomicLong());
    }

    /** Items by model and outcome (done, failed, truncated); rate() of done is items/s. */
    void items(String model, String outcome, long count) {
        if (outcome.equals("done")) {
            currentDone.addAndGet(count);
        } else if (outcome.equals("failed")) {
            currentFailed.addAndGet(count);
        }
        items.getOrDefault(model, items.get(RECORDED)).increment(outcome, count);
    }

    /** Tokens a model generated, where its backend says. */
    void tokens(String model, Integer generated) {
        if (generated != null && generated > 0) {
            tokens.getOrDefault(model, tokens.get(RECORDED)).increment(generated);
        }
    }

    void batch(String model, int size) {
        batches.getOrDefault(model, batches.get(RECORDED)).record(size);
    }

    Timer.Sample startTimer() {
        return Timer.start(registry);
    }

    /**
     * Latency per stage: model (tokenise, run, pool), encode (half precision + header), publish-wait,
     * generate (a batch of answers).
     */
    void stop(Timer.Sample sample, String model, String stage) {
        Timer timer = stages.get(model + " " + stage);
        sample.stop(timer != null ? timer : stages.get(RECORDED + " " + stage));
    }

    public void run(String outcome) {
        runs.increment(outcome);
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
