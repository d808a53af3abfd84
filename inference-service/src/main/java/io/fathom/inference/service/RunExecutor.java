package io.fathom.inference.service;

import io.fathom.contracts.SchemaVersion;
import io.fathom.contracts.generation.GenerationEnd;
import io.fathom.contracts.generation.GenerationEvent;
import io.fathom.contracts.generation.GenerationParameters;
import io.fathom.contracts.generation.SuiteDefinition;
import io.fathom.contracts.hidden.HiddenStateHeader;
import io.fathom.contracts.hidden.SuiteEnd;
import io.fathom.contracts.hidden.SuiteRef;
import io.fathom.contracts.request.ModelRef;
import io.fathom.contracts.request.RunOptions;
import io.fathom.contracts.request.Suite;
import io.fathom.contracts.request.SuiteKind;
import io.fathom.contracts.result.ErrorCode;
import io.fathom.contracts.result.ErrorEvent;
import io.fathom.contracts.result.ProgressEvent;
import io.fathom.contracts.result.ProgressEvent.Status;
import io.fathom.triton.BackendException;
import io.fathom.inference.backend.EncodedBatch;
import io.fathom.inference.backend.Encoder;
import io.fathom.triton.Generator;
import io.fathom.inference.backend.ModelCatalog;
import io.fathom.inference.backend.Pooling;
import io.fathom.inference.config.InferenceConfig;
import io.fathom.inference.domain.Checkpoint;
import io.fathom.inference.domain.RunPlan;
import io.fathom.inference.domain.WorkItem;
import io.fathom.inference.service.SuitePublisher.Topic;
import io.fathom.messaging.Publisher;
import io.micrometer.core.instrument.Timer;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * Runs every model of a plan over every probing item, in batches, and publishes one hidden-state
 * event per (model, suite, item); has each corpus suite's embedder encode its examples, keeping only
 * the last layer (one vector per example and pooling is what mixing needs); opens every scored suite
 * on fathom.generations with its definition and answers, followed by the embeddings of its texts.
 * The next batch is computed while the previous one is in flight to the broker; the run only counts
 * as done when the broker has acknowledged every event.
 */
@ApplicationScoped
public class RunExecutor {

    private static final Logger LOG = Logger.getLogger(RunExecutor.class);
    private static final String SERVICE = RunPlanner.SERVICE;

    private final ModelCatalog catalog;
    private final SuitePublisher states;
    private final Publisher results;
    private final InferenceConfig config;
    private final InferenceMetrics metrics;
    private final ExecutorService modelWorkers;
    private final int parallelBatches;
    /** Per model, the calls every run together may have on it at once; fair, so runs take turns. */
    private final Map<String, Semaphore> modelSlots = new ConcurrentHashMap<>();

    RunExecutor(ModelCatalog catalog, SuitePublisher states, Publisher results, InferenceConfig config,
            InferenceMetrics metrics) {
        this.parallelBatches = config.parallelBatches().orElse(Runtime.getRuntime().availableProcessors());
        AtomicInteger workers = new AtomicInteger();
        // threads as the models' windows need them: one run at a time, each model's window bounded below
        this.modelWorkers = Executors.newCachedThreadPool(r -> {
            Thread thread = new Thread(r, "model-worker-" + workers.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        this.catalog = catalog;
        this.states = states;
        this.results = results;
        this.config = config;
        this.metrics = metrics;
    }

    /** Counts for one (model, suite) or a whole run. */
    private static final class Tally {
        long expected;
        long done;
        long failed;
        long truncated;

        void add(Tally other) {
            expected += other.expected;
            done += other.done;
            failed += other.failed;
            truncated += other.truncated;
        }
    }

    /**
     * Executes the plan and returns the final run-level progress, already on the results topic.
     * Units of hidden states start where {@code resumed} (null: none) left them, counts included, and
     * their progress goes to {@code checkpoints} as the broker acknowledges it.
     */
    public ProgressEvent execute(RunPlan plan, Checkpoint resumed, Consumer<Checkpoint> checkpoints)
            throws InterruptedException {
        String runId = plan.request().runId();
        long started = System.nanoTime();
        RunOptions options = plan.request().options();
        List<Pooling> poolings = options.poolings().stream().map(Pooling::fromJson).toList();
        List<CompletableFuture<Void>> pendingResults = new ArrayList<>();
        plan.notices().forEach(notice -> pendingResults.add(error(notice)));
        Tally run = new Tally();
        RunCheckpoint checkpoint = new RunCheckpoint(runId, plan.submission(), resumed, config.checkpoint().items(),
                config.checkpoint().interval(), checkpoints);
        Map<String, List<WorkItem>> probing = plan.suitesOf(kind -> kind == SuiteKind.PROBING);
        for (String model : plan.modelIds()) {
            runModel(plan, model, probing, Topic.HIDDEN_STATES, options, poolings, pendingResults, run, checkpoint);
        }
        for (Map.Entry<String, List<WorkItem>> corpus : plan.suitesOf(kind -> kind == SuiteKind.CORPUS).entrySet()) {
            runModel(plan, plan.corpusEmbedders().get(corpus.getKey()), Map.of(corpus.getKey(), corpus.getValue()),
                    Topic.HIDDEN_STATES, options, poolings, pendingResults, run, checkpoint);
        }
        Map<String, List<WorkItem>> embedded = new LinkedHashMap<>();
        for (String scored : plan.suitesOf(SuiteKind::scored).keySet()) {
            List<GenerationEvent> answers = answerScoredSuite(plan, scored, pendingResults, run);
            Suite suite = plan.suite(scored);
            if (suite.kind() == SuiteKind.QUESTIONS && plan.embedder() != null) {
                embedded.put(scored, ScoringPlan.texts(suite, answers));
            }
        }
        if (!embedded.isEmpty()) {
            // the texts hold answers generated again after a restart, so their embeddings are redone whole
            runModel(plan, plan.embedder(), embedded, Topic.GENERATIONS, options, poolings, pendingResults, run, null);
        }
        Status status = run.done == 0 && run.expected > 0 ? Status.FAILED : Status.COMPLETED;
        ProgressEvent last = ProgressEvent.of(runId, SERVICE, null, null, status, run.expected, run.done, run.failed,
                run.truncated);
        // everything else of the run is on the broker before the final event, so a consumer that
        // sees it can read the rest by draining fathom.results to its end offsets
        CompletableFuture.allOf(pendingResults.toArray(CompletableFuture[]::new)).join();
        results.publish(last).join();
        double seconds = (System.nanoTime() - started) / 1e9;
        LOG.infof("run %s %s: %d of %d items done, %d failed, %d truncated, in %.2f s (%.1f items/s)", runId, status,
                run.done, run.expected, run.failed, run.truncated, seconds, run.done / seconds);
        return last;
    }

    /**
     * Opens a scored suite on fathom.generations: its definition, its recorded answers, then the
     * answers of every run model that generates and has none recorded, each author's closed by its
     * marker once the broker has them. Returns all the suite's answers.
     */
    private List<GenerationEvent> answerScoredSuite(RunPlan plan, String name,
            List<CompletableFuture<Void>> pendingResults, Tally run) throws InterruptedException {
        String runId = plan.request().runId();
        Suite suite = plan.suite(name);
        List<GenerationEvent> answers = new ArrayList<>(plan.answersBySuite().get(name));
        List<String> generating = plan.request().models().stream().map(ModelRef::id)
                .filter(id -> plan.generators().containsKey(id) && !ScoringPlan.answered(suite, id)).toList();
        List<String> authors = plan.request().models().stream().map(ModelRef::id)
                .filter(id -> generating.contains(id) || answers.stream().anyMatch(a -> a.model().equals(id)))
                .toList();
        String embedder = suite.kind() == SuiteKind.QUESTIONS ? plan.embedder() : null;
        List<CompletableFuture<Void>> sent = new ArrayList<>();
        sent.add(states.publishDefinition(plan.submission(), new SuiteDefinition(SchemaVersion.CURRENT, runId, name, suite.kind(),
                suite.withoutResponses(), plan.request().models(), plan.request().options(), authors, embedder,
                runSuites(plan))));
        answers.forEach(answer -> sent.add(states.publishAnswer(plan.submission(), answer, suite.kind())));
        CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).join();
        Map<String, long[]> counts = new LinkedHashMap<>(); // author -> answers, failed
        for (GenerationEvent answer : answers) {
            counts.computeIfAbsent(answer.model(), m -> new long[2])[0]++;
        }
        for (String model : generating) {
            long[] tally = counts.computeIfAbsent(model, m -> new long[2]);
            List<GenerationEvent> generated = generate(plan, suite, model, pendingResults, tally);
            answers.addAll(generated);
        }
        sent.clear();
        for (String author : authors) {
            long[] tally = counts.get(author);
            sent.add(states.publishAnswersEnd(plan.submission(), new GenerationEnd(SchemaVersion.CURRENT, runId, author, name, tally[0],
                    tally[1]), suite.kind()));
            metrics.items(author, "done", tally[0]);
            run.expected += tally[0] + tally[1];
            run.done += tally[0];
            run.failed += tally[1];
        }
        CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).join();
        return answers;
    }

    /**
     * One model's answers to a suite, generated in batches of the run's batch size and published as
     * they come; a batch the backend fails is counted failed with one error, and the rest goes on.
     */
    private List<GenerationEvent> generate(RunPlan plan, Suite suite, String model,
            List<CompletableFuture<Void>> pendingResults, long[] tally) throws InterruptedException {
        String runId = plan.request().runId();
        List<ScoringPlan.Prompt> prompts = ScoringPlan.prompts(suite);
        Generator generator;
        try {
            generator = catalog.generator(plan.generators().get(model));
        } catch (IllegalStateException e) {
            tally[1] += prompts.size();
            pendingResults.add(error(runId, ErrorCode.BACKEND_FAILURE, model + "/" + suite.name(), e.getMessage()));
            return List.of();
        }
        GenerationParameters defaults = generator.parameters();
        GenerationParameters parameters = new GenerationParameters(defaults.maxNewTokens(), defaults.temperature(),
                defaults.topP(), defaults.topK(), plan.request().options().seed(), defaults.stop(), defaults.adapter());
        List<GenerationEvent> answers = new ArrayList<>();
        List<CompletableFuture<Void>> sent = new ArrayList<>();
        List<List<ScoringPlan.Prompt>> batches = batches(prompts, plan.request().options().batchSize());
        ModelWindow<List<ScoringPlan.Prompt>, List<Generator.Generation>> window = new ModelWindow<>(batches,
                generator.concurrency(), batch -> {
                    Timer.Sample time = metrics.startTimer();
                    try {
                        return generator.generate(batch.stream().map(ScoringPlan.Prompt::text).toList(), parameters);
                    } finally {
                        metrics.stop(time, model, "generate");
                    }
                }, slotsOf(model, generator.concurrency()), modelWorkers);
        for (List<ScoringPlan.Prompt> batch : batches) {
            List<Generator.Generation> generations;
            try {
                generations = window.next().join();
            } catch (CompletionException e) {
                tally[1] += batch.size();
                metrics.items(model, "failed", batch.size());
                pendingResults.add(batchFailed(runId, model, suite.name(), batch.get(0).itemId(),
                        batch.get(batch.size() - 1).itemId(), e));
                continue;
            }
            for (int i = 0; i < batch.size(); i++) {
                ScoringPlan.Prompt prompt = batch.get(i);
                Generator.Generation generation = generations.get(i);
                GenerationEvent answer = new GenerationEvent(SchemaVersion.CURRENT, runId, model, suite.name(),
                        prompt.itemId(), prompt.template(), generator.framed(prompt.text()), generation.text(),
                        GenerationEvent.Source.GENERATED, generator.backend(), generation.promptTokens(),
                        generation.completionTokens(), generation.finishReason(), generation.latencyMs(), parameters);
                answers.add(answer);
                sent.add(states.publishAnswer(plan.submission(), answer, suite.kind()));
                metrics.tokens(model, generation.completionTokens());
            }
        }
        CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).join();
        tally[0] += answers.size();
        return answers;
    }

    /**
     * Runs one model over the given suites, each closed by its marker even when the model failed to
     * load; with a checkpoint (null: none), each suite resumes from it and records its progress in it.
     */
    private void runModel(RunPlan plan, String model, Map<String, List<WorkItem>> suites, Topic topic,
            RunOptions options, List<Pooling> poolings, List<CompletableFuture<Void>> pendingResults, Tally run,
            RunCheckpoint checkpoint) throws InterruptedException {
        String runId = plan.request().runId();
        Encoder encoder;
        try {
            encoder = catalog.encoder(model);
        } catch (IllegalStateException e) {
            long items = suites.values().stream().mapToLong(List::size).sum();
            Tally lost = new Tally();
            lost.expected = lost.failed = items;
            run.add(lost);
            metrics.items(model, "failed", items);
            pendingResults.add(error(runId, ErrorCode.BACKEND_FAILURE, model, e.getMessage()));
            suites.forEach((suite, list) -> endSuite(plan, model, suite, topic, 0, list.size()));
            return;
        }
        for (Map.Entry<String, List<WorkItem>> suite : suites.entrySet()) {
            Tally tally = runSuite(runId, plan.submission(), encoder, suite.getKey(), plan.suite(suite.getKey()).kind(), suite.getValue(),
                    topic, options, poolings, pendingResults, checkpoint);
            run.add(tally);
            endSuite(plan, model, suite.getKey(), topic, tally.done, tally.failed);
            pendingResults.add(results.publish(ProgressEvent.of(runId, SERVICE, model, suite.getKey(),
                    Status.COMPLETED, tally.expected, tally.done, tally.failed, tally.truncated)));
        }
    }

    private Tally runSuite(String runId, String submission, Encoder encoder, String suite, SuiteKind kind, List<WorkItem> items,
            Topic topic, RunOptions options, List<Pooling> poolings, List<CompletableFuture<Void>> pendingResults,
            RunCheckpoint checkpoint) {
        String model = encoder.id();
        String key = SuitePublisher.key(runId, suite);
        Tally tally = new Tally();
        tally.expected = items.size();
        int batchSize = options.batchSize();
        int maxTokens = options.maxTokens() == null ? 0 : options.maxTokens();
        Checkpoint.Unit from = checkpoint == null ? null : checkpoint.resumeAt(model, suite, items.size(), batchSize);
        long position = 0; // items before the current batch; a resumed unit starts at a batch boundary
        if (from != null) {
            position = from.items();
            tally.done = from.done();
            tally.failed = from.failed();
            tally.truncated = from.truncated();
            LOG.infof("run %s resumes %s/%s after %d of its %d items", runId, model, suite, position, items.size());
        }
        List<List<WorkItem>> batches = batches(items.subList((int) position, items.size()), batchSize);
        // Up to parallelBatches batches run on an embedded model at once (each single-threaded in ONNX
        // Runtime, which shares cores with Kafka's threads far better than one multi-threaded run); a
        // remote model takes as many as its own concurrency, so that its server's batcher has work.
        // Mixing needs one vector per example and pooling: corpus events keep the last layer only, and stay small.
        boolean lastLayerOnly = kind == SuiteKind.CORPUS;
        ModelWindow<List<WorkItem>, EncodedBatch> window = new ModelWindow<>(batches, windowOf(encoder.concurrency()),
                batch -> {
                    EncodedBatch encoded = encode(encoder, batch, poolings, maxTokens);
                    return lastLayerOnly ? encoded.lastLayer() : encoded;
                }, slotsOf(encoder.id(), encoder.concurrency()), modelWorkers);
        List<CompletableFuture<Void>> inFlight = List.of();
        int inFlightCount = 0;
        long nextProgress = System.nanoTime() + config.progressInterval().toNanos();
        for (List<WorkItem> batch : batches) {
            // what the batches before this one came to, once the broker has their events
            long covered = position;
            long failedBefore = tally.failed;
            long truncatedBefore = tally.truncated;
            position += batch.size();
            EncodedBatch encoded;
            try {
                encoded = window.next().join();
            } catch (CompletionException e) {
                tally.failed += batch.size();
                metrics.items(model, "failed", batch.size());
                pendingResults.add(batchFailed(runId, model, suite, batch.get(0).id(), batch.get(batch.size() - 1).id(),
                        e));
                continue;
            }
            metrics.batch(model, batch.size());
            Timer.Sample encodeTime = metrics.startTimer();
            List<CompletableFuture<Void>> sent = new ArrayList<>(batch.size());
            for (int i = 0; i < batch.size(); i++) {
                WorkItem item = batch.get(i);
                if (!encoded.finiteInHalf(i)) {
                    tally.failed++;
                    metrics.items(model, "failed", 1);
                    pendingResults.add(error(runId, ErrorCode.NON_FINITE_OUTPUT, model + "/" + suite + "/" + item.id(),
                            "model " + model + " produced NaN, infinite or beyond-half-precision (|x| >= 65520)"
                                    + " hidden states for item '" + item.id() + "' of suite '" + suite + "'"));
                    continue;
                }
                byte[] event = encoded.event(header(runId, model, item, encoded, i, kind), i);
                if (event.length > config.maxEventBytes()) {
                    tally.failed++;
                    metrics.items(model, "failed", 1);
                    pendingResults.add(error(runId, ErrorCode.UNSUPPORTED, model + "/" + suite + "/" + item.id(),
                            "hidden-state event of " + event.length + " bytes exceeds fathom.inference.max-event-bytes="
                                    + config.maxEventBytes()));
                    continue;
                }
                if (encoded.truncated()[i]) {
                    tally.truncated++;
                    metrics.items(model, "truncated", 1);
                }
                sent.add(states.publishState(submission, topic, key, event, kind));
            }
            metrics.stop(encodeTime, model, "encode");
            // wait for the previous batch only now, so its sending overlapped with this batch's work
            Timer.Sample publishTime = metrics.startTimer();
            CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new)).join();
            metrics.stop(publishTime, model, "publish-wait");
            tally.done += inFlightCount;
            metrics.items(model, "done", inFlightCount);
            inFlight = sent;
            inFlightCount = sent.size();
            if (checkpoint != null) {
                checkpoint.reached(new Checkpoint.Unit(model, suite, covered, tally.done, failedBefore,
                        truncatedBefore), pendingResults);
            }
            if (System.nanoTime() >= nextProgress) {
                nextProgress = System.nanoTime() + config.progressInterval().toNanos();
                pendingResults.add(results.publish(ProgressEvent.of(runId, SERVICE, model, suite, Status.RUNNING,
                        tally.expected, tally.done, tally.failed, tally.truncated)));
            }
        }
        CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new)).join();
        tally.done += inFlightCount;
        metrics.items(model, "done", inFlightCount);
        if (checkpoint != null) {
            checkpoint.reached(new Checkpoint.Unit(model, suite, position, tally.done, tally.failed, tally.truncated),
                    pendingResults);
        }
        return tally;
    }

    /**
     * Closes the (model, suite)'s hidden states, whether or not any item succeeded; a corpus suite's
     * marker carries its definition, which the datamix-service mixes by.
     */
    private void endSuite(RunPlan plan, String model, String suite, Topic topic, long done, long failed) {
        Suite definition = plan.suite(suite);
        // only probing suites are encoded by every model; the others by their embedder alone
        states.publishEnd(plan.submission(), topic, new SuiteEnd(SchemaVersion.CURRENT, plan.request().runId(), model,
                definition.kind() == SuiteKind.PROBING ? plan.modelIds() : List.of(model), suite, definition.kind(),
                taskOf(definition), done, failed, plan.request().options(), runSuites(plan),
                definition.kind() == SuiteKind.CORPUS ? definition : null)).join();
    }

    private static List<SuiteRef> runSuites(RunPlan plan) {
        return plan.request().suites().stream().map(s -> new SuiteRef(s.name(), s.kind())).toList();
    }

    /** The suite's task; when the suite does not give one, the generated dataset's name, or "corpus". */
    private static String taskOf(Suite suite) {
        if (suite.task() != null) {
            return suite.task();
        }
        if (suite.kind() == SuiteKind.CORPUS) {
            return SuiteKind.CORPUS.json();
        }
        return suite.generated() != null ? suite.generated().name() : suite.name();
    }

    private EncodedBatch encode(Encoder encoder, List<WorkItem> batch, List<Pooling> poolings, int maxTokens) {
        Timer.Sample modelTime = metrics.startTimer();
        try {
            return encoder.encode(batch.stream().map(WorkItem::text).toList(), poolings, maxTokens);
        } finally {
            metrics.stop(modelTime, encoder.id(), "model");
        }
    }

    private static <T> List<List<T>> batches(List<T> items, int size) {
        List<List<T>> batches = new ArrayList<>();
        for (int from = 0; from < items.size(); from += size) {
            batches.add(items.subList(from, Math.min(items.size(), from + size)));
        }
        return batches;
    }

    /** Batches one run keeps on a model at once: the model's own concurrency, or parallel-batches. */
    private int windowOf(int concurrency) {
        return concurrency > 0 ? concurrency : parallelBatches;
    }

    /** The model's slots, shared by every run, as many as one run's window. */
    private Semaphore slotsOf(String model, int concurrency) {
        return modelSlots.computeIfAbsent(model, m -> new Semaphore(windowOf(concurrency), true));
    }

    private static HiddenStateHeader header(String runId, String model, WorkItem item, EncodedBatch encoded, int i,
            SuiteKind kind) {
        return new HiddenStateHeader(SchemaVersion.CURRENT, runId, model, item.suite(), item.id(), item.label(),
                item.split(), item.text(), item.metadata().isEmpty() ? null : item.metadata(), encoded.tokenCounts()[i],
                encoded.truncated()[i], encoded.poolings().stream().map(Pooling::json).toList(),
                HiddenStateHeader.DTYPE_FLOAT16, new int[] {encoded.poolings().size(), encoded.layers(), encoded.dim()},
                kind);
    }

    /** A backend that is down, or any other failure of one batch, fails that batch's items only. */
    private CompletableFuture<Void> batchFailed(String runId, String model, String suite, String firstItem,
            String lastItem, CompletionException e) {
        Throwable failure = e.getCause() == null ? e : e.getCause();
        return error(runId, ErrorCode.BACKEND_FAILURE, model + "/" + suite + "/" + firstItem + ".." + lastItem,
                failure instanceof BackendException ? failure.getMessage() : "model " + model
                        + " failed on this batch: " + failure);
    }

    private CompletableFuture<Void> error(String runId, ErrorCode code, String scope, String message) {
        return error(ErrorEvent.of(runId, SERVICE, code, scope, message, List.of()));
    }

    private CompletableFuture<Void> error(ErrorEvent event) {
        return results.publish(event);
    }

    @PreDestroy
    void stop() {
        modelWorkers.shutdownNow();
    }
}
