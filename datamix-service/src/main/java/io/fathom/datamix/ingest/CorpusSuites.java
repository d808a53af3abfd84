package io.fathom.datamix.ingest;

import io.fathom.contracts.Services;
import io.fathom.contracts.hidden.HiddenStateEvent;
import io.fathom.contracts.hidden.HiddenStateHeader;
import io.fathom.contracts.hidden.SuiteEnd;
import io.fathom.contracts.request.SuiteKind;
import io.fathom.contracts.result.ErrorCode;
import io.fathom.contracts.result.ErrorEvent;
import io.fathom.contracts.result.ProgressEvent;
import io.fathom.contracts.result.ResultEvent;
import io.fathom.datamix.config.DatamixConfig;
import io.fathom.datamix.dedup.TextFingerprint;
import io.fathom.datamix.mix.CorpusMixing;
import io.fathom.datamix.mix.ManifestSink;
import io.fathom.datamix.store.CorpusStore;
import io.fathom.messaging.SpillDirectory;
import io.fathom.messaging.SuiteHandler;
import io.fathom.messaging.UnitId;
import io.fathom.messaging.metrics.LabelledCounters;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * The datamix-service's part of consuming fathom.hidden-states: each corpus suite's embeddings are
 * spilled to disk as they arrive, and once its marker is in (one model, the embedder, encodes a
 * corpus), the suite is deduplicated, domain-scored and mixed. The consumer core does the rest
 * (offsets, threads, markers, duplicates, dead letters, the suite's final progress).
 */
@ApplicationScoped
public class CorpusSuites implements SuiteHandler<CorpusSuites.Suite> {

    /** Metadata keys the inference-service sets on corpus events. */
    static final String SOURCE = "source";
    static final String POSITION = "position";

    /** What has arrived of one corpus suite. */
    public static final class Suite {
        final UnitId id;
        CorpusStore store;
        long rejected;
        boolean overflowReported;

        Suite(UnitId id) {
            this.id = id;
        }
    }

    private static final Logger LOG = Logger.getLogger(CorpusSuites.class);

    private final DatamixConfig config;
    private final LabelledCounters examples;
    private final SpillDirectory spill;
    private final ManifestSink sink;
    private final AtomicLong stores = new AtomicLong();

    CorpusSuites(DatamixConfig config, MeterRegistry metrics) {
        this.config = config;
        this.examples = new LabelledCounters(metrics, "fathom.datamix.examples", Tags.empty(), "outcome",
                List.of("stored", "rejected"));
        this.spill = new SpillDirectory(Path.of(config.dataDir()));
        this.sink = new ManifestSink(Path.of(config.sinkDir()));
    }

    @Override
    public String service() {
        return Services.DATAMIX;
    }

    @Override
    public boolean handles(SuiteKind kind) {
        return kind == SuiteKind.CORPUS;
    }

    @Override
    public Suite open(UnitId suite) {
        return new Suite(suite);
    }

    @Override
    public boolean add(Suite suite, HiddenStateHeader header, byte[] value, Consumer<ResultEvent> report) {
        if (suite.store != null && suite.store.contains(header.itemId())) {
            return false;
        }
        HiddenStateEvent event = SuiteHandler.decode(header, value);
        String scope = header.model() + "/" + header.suite() + "/" + header.itemId();
        Map<String, String> metadata = header.metadata() == null ? Map.of() : header.metadata();
        Integer position = position(metadata.get(POSITION));
        String problem = metadata.get(SOURCE) == null || position == null
                ? "corpus event without its source and position (metadata '" + SOURCE + "', '" + POSITION + "')"
                : header.text() == null ? "corpus event without its text"
                : suite.store != null && suite.store.dim() != header.dim()
                ? "embedding of " + header.dim() + " values, the suite's others have " + suite.store.dim()
                : null;
        if (problem == null && suite.store != null && suite.store.size() >= config.maxExamplesPerSuite()) {
            // one error says so; the examples past the bound are only counted, not each reported
            suite.rejected++;
            if (!suite.overflowReported) {
                suite.overflowReported = true;
                report.accept(ErrorEvent.of(header.runId(), service(), ErrorCode.REQUEST_TOO_LARGE, header.model()
                        + "/" + header.suite(), "suite '" + header.suite() + "' has more than "
                        + config.maxExamplesPerSuite() + " examples (fathom.datamix.max-examples-per-suite); those"
                        + " past it are left out and counted failed", List.of()));
            }
            return true;
        }
        float[] vector = problem == null ? event.vector(meanPooling(header), header.layers() - 1) : null;
        if (problem == null && !usable(vector)) {
            problem = "embedding has NaN, infinite or only zero values";
        }
        if (problem != null) {
            suite.rejected++;
            examples.increment("rejected");
            report.accept(ErrorEvent.of(header.runId(), service(), ErrorCode.UNUSABLE_ITEM, scope, "item '"
                    + header.itemId() + "' of suite '" + header.suite() + "': " + problem + "; it is left out",
                    List.of()));
            return true;
        }
        if (suite.store == null) {
            suite.store = new CorpusStore(spill.path().resolve("corpus-" + stores.incrementAndGet() + ".f16"));
        }
        suite.store.add(new CorpusStore.Example(header.itemId(), metadata.get(SOURCE), position, header.label(),
                TextFingerprint.of(header.text())), vector);
        examples.increment("stored");
        return true;
    }

    @Override
    public SuiteResult complete(Suite suite, Markers markers) {
        SuiteEnd end = markers.ends().values().iterator().next();
        CorpusStore store = suite.store != null ? suite.store
                : new CorpusStore(spill.path().resolve("corpus-" + stores.incrementAndGet() + ".f16"));
        suite.store = store;
        List<ResultEvent> results = new ArrayList<>();
        ProgressEvent.Status status;
        long started = System.nanoTime();
        try {
            CorpusMixing.Outcome outcome = new CorpusMixing(suite.id.runId(), end.corpus(), end.model(), store,
                    end.options().seed(), config.trainingThreads().orElse(Runtime.getRuntime().availableProcessors()),
                    sink).run();
            results.addAll(outcome.results());
            status = outcome.failedMixtures() == outcome.mixtures() ? ProgressEvent.Status.FAILED
                    : ProgressEvent.Status.COMPLETED;
            CorpusMixing.Seconds seconds = outcome.seconds();
            LOG.infof("run %s corpus suite %s: %d examples, %d mixtures of %d written, in %.1f s (deduplication"
                    + " %.1f s, domain scoring %.1f s, mixing %.1f s)", suite.id.runId(), suite.id.name(), store.size(),
                    outcome.mixtures() - outcome.failedMixtures(), outcome.mixtures(),
                    (System.nanoTime() - started) / 1e9, seconds.deduplication(), seconds.scoring(), seconds.mixing());
        } catch (RuntimeException e) {
            if (Thread.currentThread().isInterrupted()) {
                throw e; // given up (shutdown, rebalance): nothing is published
            }
            results.add(ErrorEvent.of(suite.id.runId(), service(), ErrorCode.PROCESSING_FAILURE, suite.id.name(),
                    "corpus suite '" + suite.id.name() + "' failed: " + e, List.of()));
            status = ProgressEvent.Status.FAILED;
        }
        results.add(ProgressEvent.of(suite.id.runId(), service(), end.model(), suite.id.name(), status, end.items(),
                store.size(), suite.rejected, 0));
        return new SuiteResult(results, status, end.items() + end.failed(), store.size(),
                suite.rejected + end.failed());
    }

    @Override
    public void release(Suite suite) {
        if (suite.store != null) {
            suite.store.close();
        }
    }

    /** After the consumers have stopped (beans are destroyed after the shutdown event), so no suite loses its files. */
    @PreDestroy
    void close() {
        spill.close();
    }

    private static Integer position(String value) {
        try {
            int position = Integer.parseInt(value);
            return position >= 0 ? position : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** The mean pooling where the event has it, else its first. */
    private static int meanPooling(HiddenStateHeader header) {
        return Math.max(0, header.poolings().indexOf("mean"));
    }

    private static boolean usable(float[] vector) {
        boolean nonZero = false;
        for (float v : vector) {
            if (!Float.isFinite(v)) {
                return false;
            }
            nonZero |= v != 0;
        }
        return nonZero;
    }
}
