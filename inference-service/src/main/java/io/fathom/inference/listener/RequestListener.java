package io.fathom.inference.listener;

import io.fathom.contracts.Channels;
import io.fathom.contracts.Services;
import io.fathom.contracts.request.RequestParser;
import io.fathom.contracts.result.ErrorCode;
import io.fathom.contracts.result.ErrorEvent;
import io.fathom.contracts.result.ProgressEvent;
import io.fathom.inference.config.InferenceConfig;
import io.fathom.inference.service.InferenceMetrics;
import io.fathom.inference.service.RunExecutor;
import io.fathom.inference.service.RunPlanner;
import io.fathom.messaging.Publisher;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Consumes run requests. A request is acknowledged (its offset may be committed) only after all of
 * its events are on the broker, so a service killed mid-run gets it again on restart and resumes
 * the run from its submission's checkpoint. Records that cannot be read at all are also
 * dead-lettered with the reason.
 */
@ApplicationScoped
public class RequestListener {

    private static final Logger LOG = Logger.getLogger(RequestListener.class);
    private static final String SERVICE = Services.INFERENCE;

    private final RequestParser parser = new RequestParser();
    /** Runs that may execute at once; past it the channel waits, so unread requests stay on the broker. */
    private final int maxRuns;
    private final ExecutorService workers;
    private int running; // guarded by this
    /** What the channel waits on while every run slot is taken; completed when one frees. */
    private CompletableFuture<Void> admission; // guarded by this
    /** Returned by {@link #handle} when the service stops mid-run: the request stays unacknowledged. */
    private static final Throwable SHUTTING_DOWN = new InterruptedException("service is shutting down");
    private final RunPlanner planner;
    private final RunExecutor executor;
    private final Publisher results;
    private final InferenceConfig config;
    private final InferenceMetrics metrics;
    private final RunRegistry registry;

    RequestListener(RunPlanner planner, RunExecutor executor, Publisher results, InferenceConfig config,
            InferenceMetrics metrics, RunRegistry registry) {
        this.registry = registry;
        this.planner = planner;
        this.executor = executor;
        this.results = results;
        this.config = config;
        this.metrics = metrics;
        this.maxRuns = config.concurrentRuns();
        if (maxRuns < 1) {
            throw new IllegalArgumentException("fathom.inference.concurrent-runs must be at least 1");
        }
        AtomicInteger threads = new AtomicInteger();
        this.workers = Executors.newFixedThreadPool(maxRuns, r -> {
            Thread thread = new Thread(r, "run-worker-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Starts the request's run and returns at once while fewer than {@code concurrent-runs} runs are
     * executing, so that a short run behind a long one on the same partition need not wait for it;
     * the request is acknowledged when its own run ends (the throttled commit strategy commits an
     * offset only when every record before it is acknowledged too).
     */
    @Incoming(Channels.REQUESTS)
    public synchronized CompletionStage<Void> onRequest(Message<byte[]> message) {
        running++;
        CompletableFuture.supplyAsync(() -> handle(message), workers)
                // on shutdown neither ack nor nack: the offset stays uncommitted and the run is redone
                .thenCompose(failure -> failure == null ? message.ack()
                        : failure == SHUTTING_DOWN ? new CompletableFuture<Void>() : message.nack(failure))
                .whenComplete((done, e) -> {
                    if (e != null) {
                        LOG.errorf(e, "a request could not be acknowledged");
                    }
                    runEnded();
                });
        if (running < maxRuns) {
            return CompletableFuture.completedFuture(null);
        }
        admission = new CompletableFuture<>();
        return admission;
    }

    private void runEnded() {
        CompletableFuture<Void> admit;
        synchronized (this) {
            running--;
            admit = admission;
            admission = null;
        }
        if (admit != null) {
            admit.complete(null);
        }
    }

    /** Processes one record; returns the reason to dead-letter it, or null when it was handled. */
    private Throwable handle(Message<byte[]> message) {
        var position = message.getMetadata(IncomingKafkaRecordMetadata.class);
        String source = position.map(m -> m.getTopic() + "-" + m.getPartition() + "@" + m.getOffset()).orElse("record");
        String submission = position.map(m -> m.getPartition() + "@" + m.getOffset()).orElse(null);
        byte[] raw = message.getPayload();
        try {
            if (raw == null || raw.length == 0) {
                return reject(null, ErrorCode.MALFORMED_JSON, source, "request record " + source + " is empty",
                        List.of(), true);
            }
            if (raw.length > config.maxRequestBytes()) {
                return reject(RequestParser.peekRunId(raw), ErrorCode.REQUEST_TOO_LARGE, source, "request of "
                        + raw.length + " bytes exceeds the limit of " + config.maxRequestBytes()
                        + " bytes (fathom.inference.max-request-bytes); reference a dataset file instead of"
                        + " inlining items", List.of(), true);
            }
            long received = System.nanoTime();
            RequestParser.Outcome outcome = parser.parse(raw);
            if (outcome instanceof RequestParser.Rejected rejected) {
                Throwable dlq = reject(rejected.runId(), rejected.code(), source, rejected.message(), rejected.details(),
                        true);
                // a readable request that breaks the schema is answered, not dead-lettered
                return rejected.code() == ErrorCode.MALFORMED_JSON ? dlq : null;
            }
            var request = ((RequestParser.Accepted) outcome).request();
            RunRegistry.Registration first = registry.claim(request.runId(), RunRegistry.digest(request), submission);
            if (first != null) {
                // no FAILED final: under the run's progress key it would overwrite the first request's
                reject(request.runId(), ErrorCode.RUN_ID_REUSED, source, "run id " + request.runId()
                        + " was first submitted at " + first.registeredAt() + " (fathom.requests position "
                        + first.submission() + ") with other content; a run id names one request: submit this one"
                        + " under a new run id", List.of(), false);
                return null;
            }
            RunPlanner.Planned planned = planner.plan(request, submission);
            if (!planned.errors().isEmpty()) {
                List<CompletableFuture<Void>> sent = new ArrayList<>();
                planned.errors().forEach(e -> sent.add(results.publish(e)));
                sent.add(results.publish(ProgressEvent.of(request.runId(), SERVICE, null, null,
                        ProgressEvent.Status.FAILED, 0, 0, 0, 0)));
                CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).join();
                metrics.run("rejected");
                LOG.infof("run %s rejected: %s", request.runId(), planned.errors().get(0).message());
                return null;
            }
            LOG.infof("run %s accepted: %d model calls, parsed and planned in %d ms", request.runId(),
                    planned.plan().workCount(), (System.nanoTime() - received) / 1_000_000);
            metrics.runStarted(planned.plan().workCount());
            ProgressEvent last = null;
            try {
                last = executor.execute(planned.plan(), registry.checkpoint(request.runId(), submission),
                        registry::save);
                metrics.run("completed");
            } finally {
                metrics.runEnded(planned.plan().workCount(), last);
            }
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return SHUTTING_DOWN;
        } catch (RuntimeException e) {
            LOG.errorf(e, "request %s could not be processed", source);
            metrics.run("failed");
            return e;
        }
    }

    /**
     * Publishes the rejection and returns the dead-letter reason; with {@code endRun}, also the run's
     * FAILED final, so that whoever follows the run sees it end.
     */
    private Throwable reject(String runId, ErrorCode code, String source, String message, List<String> details,
            boolean endRun) {
        metrics.run("rejected");
        results.publish(ErrorEvent.of(runId, SERVICE, code, source, message, details)).join();
        if (runId != null && endRun) {
            results.publish(ProgressEvent.of(runId, SERVICE, null, null, ProgressEvent.Status.FAILED, 0, 0, 0, 0))
                    .join();
        }
        LOG.infof("request %s rejected (%s): %s", source, code, message);
        return new RejectedRequestException(code + ": " + message);
    }

    @PreDestroy
    void stop() {
        workers.shutdownNow();
    }

    /** The reason a record went to the dead-letter topic. */
    static final class RejectedRequestException extends RuntimeException {
        RejectedRequestException(String message) {
            super(message, null, false, false);
        }
    }
}
