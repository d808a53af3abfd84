package io.fathom.probe.ingest;

import io.fathom.contracts.hidden.HiddenStateEvent;
import io.fathom.contracts.hidden.HiddenStateHeader;
import io.fathom.contracts.hidden.SuiteEnd;
import io.fathom.contracts.request.SuiteKind;
import io.fathom.contracts.result.ErrorCode;
import io.fathom.contracts.result.ErrorEvent;
import io.fathom.contracts.result.ProbeLayerResult;
import io.fathom.contracts.result.ProgressEvent;
import io.fathom.contracts.result.ResultEvent;
import io.fathom.messaging.SpillDirectory;
import io.fathom.messaging.SuiteHandler;
import io.fathom.messaging.UnitId;
import io.fathom.messaging.metrics.LabelledCounters;
import io.fathom.probe.config.ProbeConfig;
import io.fathom.probe.service.SuiteProber;
import io.fathom.probe.store.FeatureStore;
import io.fathom.probe.tasks.ControlTask;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The probe-service's part of consuming fathom.hidden-states: each probing suite's events are
 * spilled to disk per model as they arrive, and once the markers of all its models are in, every
 * layer of every model is probed. The consumer core does the rest (offsets, threads, markers,
 * duplicates, dead letters, the suite's final progress).
 */
@ApplicationScoped
public class ProbeSuites implements SuiteHandler<ProbeSuites.Suite> {

    /** What has arrived of one probing suite: a feature store per model, and items rejected per model. */
    public static final class Suite {
        final UnitId id;
        final Map<String, FeatureStore> stores = new LinkedHashMap<>();
        final Map<String, Long> rejected = new HashMap<>();

        Suite(UnitId id) {
            this.id = id;
        }
    }

    private final ProbeConfig config;
    private final LabelledCounters items;
    private final SpillDirectory spill;
    private final AtomicLong stores = new AtomicLong();

    ProbeSuites(ProbeConfig config, MeterRegistry metrics) {
        this.config = config;
        this.items = new LabelledCounters(metrics, "fathom.probe.items", Tags.empty(), "outcome",
                List.of("stored", "rejected"));
        this.spill = new SpillDirectory(Path.of(config.dataDir()));
    }

    @Override
    public String service() {
        return ProbeLayerResult.SERVICE;
    }

    @Override
    public boolean handles(SuiteKind kind) {
        return kind == SuiteKind.PROBING;
    }

    @Override
    public Suite open(UnitId suite) {
        return new Suite(suite);
    }

    @Override
    public boolean add(Suite suite, HiddenStateHeader header, byte[] value, Consumer<ResultEvent> report) {
        HiddenStateEvent event = SuiteHandler.decode(header, value);
        FeatureStore store = suite.stores.get(header.model());
        if (store == null) {
            store = new FeatureStore(spill.path().resolve("store-" + stores.incrementAndGet()), header);
            suite.stores.put(header.model(), store);
        }
        if (store.contains(header.itemId())) {
            return false;
        }
        String scope = header.model() + "/" + header.suite() + "/" + header.itemId();
        if (!store.fits(header)) {
            reject(suite, header, report, ErrorEvent.of(header.runId(), service(), ErrorCode.WRONG_SHAPE, scope,
                    "hidden states of item '" + header.itemId() + "' have shape " + Arrays.toString(header.shape())
                            + " and poolings " + header.poolings() + ", but model " + header.model() + " gave shape ["
                            + store.poolings().size() + ", " + store.layers() + ", " + store.dim()
                            + "] for the other items of suite '" + header.suite() + "'", List.of()));
        } else if (!allFinite(event.halfValues())) {
            reject(suite, header, report, ErrorEvent.of(header.runId(), service(), ErrorCode.NON_FINITE_OUTPUT, scope,
                    "hidden states of item '" + header.itemId() + "' of model " + header.model()
                            + " contain NaN or infinite values; the item is left out", List.of()));
        } else {
            store.add(event, ControlTask.keyOf(header.text()));
            items.increment("stored");
        }
        return true;
    }

    private void reject(Suite suite, HiddenStateHeader header, Consumer<ResultEvent> report, ErrorEvent error) {
        suite.rejected.merge(header.model(), 1L, Long::sum);
        items.increment("rejected");
        report.accept(error);
    }

    /** Probes every layer of every model; a training that fails becomes the suite's error, not a crash. */
    @Override
    public SuiteResult complete(Suite suite, Markers markers) {
        Map<String, SuiteEnd> ends = markers.ends();
        SuiteEnd end = ends.values().iterator().next();
        List<ResultEvent> results = new ArrayList<>();
        ProgressEvent.Status status = ProgressEvent.Status.COMPLETED;
        try {
            SuiteProber prober = new SuiteProber(config.trainingThreads().orElse(Runtime.getRuntime()
                    .availableProcessors()), config.minTrainPerClass(), spill.path());
            prober.probe(new SuiteProber.Suite(suite.id.runId(), suite.id.name(), end.task(), end.models(),
                    suite.stores, end.options().seed(), end.options().probe()), results::add);
        } catch (RuntimeException e) {
            if (Thread.currentThread().isInterrupted()) {
                throw e; // given up (shutdown, rebalance): nothing is published
            }
            results.add(ErrorEvent.of(suite.id.runId(), service(), ErrorCode.TRAINING_FAILURE, suite.id.name(),
                    "probing suite '" + suite.id.name() + "' failed: " + e, List.of()));
            status = ProgressEvent.Status.FAILED;
        }
        long expected = 0;
        long done = 0;
        long failed = 0;
        for (String model : end.models()) { // the last word per (model, suite): items stored and items rejected
            SuiteEnd marker = ends.get(model);
            FeatureStore store = suite.stores.get(model);
            long stored = store == null ? 0 : store.size();
            long rejected = suite.rejected.getOrDefault(model, 0L);
            results.add(ProgressEvent.of(suite.id.runId(), service(), model, suite.id.name(), status,
                    marker.items(), stored, rejected, 0));
            expected += marker.items() + marker.failed();
            done += stored;
            failed += rejected + marker.failed();
        }
        return new SuiteResult(results, status, expected, done, failed);
    }

    @Override
    public void release(Suite suite) {
        suite.stores.values().forEach(FeatureStore::close);
    }

    /** After the consumers have stopped (beans are destroyed after the shutdown event), so no suite loses its files. */
    @PreDestroy
    void close() {
        spill.close();
    }

    /** False when any half-precision value is NaN or infinite (all exponent bits set). */
    static boolean allFinite(short[] halves) {
        for (short h : halves) {
            if ((h & 0x7C00) == 0x7C00) {
                return false;
            }
        }
        return true;
    }
}
