package io.fathom.messaging;

import io.fathom.contracts.Json;
import io.fathom.contracts.RecordHeaders;
import io.fathom.contracts.result.ResultEvent;
import io.fathom.contracts.result.SuiteOutcome;
import io.fathom.messaging.metrics.ResultMeters;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RetriableException;
import org.jboss.logging.Logger;

/**
 * The one way a service writes to Kafka: result events, dead-letter copies and suite outcomes, each
 * retried with exponential backoff when the broker does not acknowledge it (a bounded number of
 * times, after the producer's own retries). A send that still fails completes exceptionally; callers
 * keep the input's offsets back, so nothing is lost, and readiness reports the failure until a later
 * send succeeds.
 */
@ApplicationScoped
public class Publisher {

    private static final Logger LOG = Logger.getLogger(Publisher.class);
    private static final Duration MAX_BACKOFF = Duration.ofMinutes(1);

    private final KafkaClients clients;
    private final MessagingConfig config;
    private final Counter retries;
    private final Counter failures;
    private final ResultMeters meters;
    /** Sends and resends, so that no caller (the poll loop above all) waits on the broker. */
    private final ScheduledExecutorService sender = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "publisher");
        thread.setDaemon(true);
        return thread;
    });
    private volatile KafkaProducer<String, byte[]> producer;
    private volatile String lastFailure;

    Publisher(KafkaClients clients, MessagingConfig config, MeterRegistry registry, ResultMeters meters) {
        this.clients = clients;
        this.config = config;
        this.meters = meters;
        this.retries = registry.counter("fathom.publish.retries");
        this.failures = registry.counter("fathom.publish.failures");
    }

    /** The record of a result event on the results topic, keyed by its deterministic key. */
    public ProducerRecord<String, byte[]> result(ResultEvent event) {
        return new ResultRecord(config.topics().results(), event, json(event));
    }

    /** A result's record remembers its event, so that it is counted once the broker has it. */
    private static final class ResultRecord extends ProducerRecord<String, byte[]> {
        private final ResultEvent event;

        ResultRecord(String topic, ResultEvent event, byte[] value) {
            super(topic, event.key(), value);
            this.event = event;
        }
    }

    /**
     * The record of a suite outcome, keyed by run so that one instance sees all of a run's outcomes,
     * with the run's submission (null: none) so that they close that submission's run.
     */
    public ProducerRecord<String, byte[]> outcome(SuiteOutcome outcome, String submission) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(config.topics().suiteOutcomes(),
                outcome.runId(), outcome.toBytes());
        RecordHeaders.put(record.headers(), RecordHeaders.SERVICE, outcome.service());
        if (submission != null) {
            RecordHeaders.put(record.headers(), RecordHeaders.SUBMISSION, submission);
        }
        return record;
    }

    /** A copy of an input record for the dead-letter topic, as it arrived, with where it came from and why. */
    public ProducerRecord<String, byte[]> deadLetter(ConsumerRecord<String, byte[]> input, String reason) {
        ProducerRecord<String, byte[]> copy = new ProducerRecord<>(config.topics().deadLetter(), null, input.key(),
                input.value(), new org.apache.kafka.common.header.internals.RecordHeaders(input.headers().toArray()));
        RecordHeaders.put(copy.headers(), RecordHeaders.DEAD_LETTER_REASON, reason);
        RecordHeaders.put(copy.headers(), RecordHeaders.DEAD_LETTER_TOPIC, input.topic());
        RecordHeaders.put(copy.headers(), RecordHeaders.DEAD_LETTER_PARTITION, String.valueOf(input.partition()));
        RecordHeaders.put(copy.headers(), RecordHeaders.DEAD_LETTER_OFFSET, String.valueOf(input.offset()));
        return copy;
    }

    /** Publishes a result event; completes once the broker has it. */
    public CompletableFuture<Void> publish(ResultEvent event) {
        return send(result(event));
    }

    /** Sends a record; completes once the broker has it, or exceptionally after the last try. */
    public CompletableFuture<Void> send(ProducerRecord<String, byte[]> record) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        try {
            sender.execute(() -> attempt(record, 1, done));
        } catch (RejectedExecutionException e) { // shutting down
            done.completeExceptionally(e);
        }
        return done;
    }

    /** Sends records; completes when the broker has all of them. */
    public CompletableFuture<Void> sendAll(List<ProducerRecord<String, byte[]>> records) {
        return CompletableFuture.allOf(records.stream().map(this::send).toArray(CompletableFuture[]::new));
    }

    /** Null while sends succeed; otherwise why the last one failed for good. */
    public String lastFailure() {
        return lastFailure;
    }

    private void attempt(ProducerRecord<String, byte[]> record, int attempt, CompletableFuture<Void> done) {
        try {
            producer().send(record, (metadata, error) -> {
                if (error == null) {
                    lastFailure = null;
                    done.complete(null);
                    acknowledged(record);
                } else {
                    retryOrFail(record, attempt, done, error);
                }
            });
        } catch (RuntimeException e) { // serialisation, size, or a closed producer: thrown before sending
            retryOrFail(record, attempt, done, e);
        }
    }

    private void acknowledged(ProducerRecord<String, byte[]> record) {
        if (record instanceof ResultRecord result) {
            meters.published(result.event);
        } else if (record.topic().equals(config.topics().deadLetter())) {
            meters.deadLettered();
        }
    }

    private void retryOrFail(ProducerRecord<String, byte[]> record, int attempt, CompletableFuture<Void> done,
            Exception error) {
        if (error instanceof RetriableException && attempt < config.publishAttempts() && !sender.isShutdown()) {
            retries.increment();
            long delay = Math.min(MAX_BACKOFF.toMillis(), config.publishBackoff().toMillis() << Math.min(attempt - 1, 16));
            LOG.warnf("send to %s not acknowledged (try %d of %d, again in %d ms): %s", record.topic(), attempt,
                    config.publishAttempts(), delay, error.toString());
            sender.schedule(() -> attempt(record, attempt + 1, done), delay, TimeUnit.MILLISECONDS);
            return;
        }
        failures.increment();
        lastFailure = "send to " + record.topic() + " failed after " + attempt + " tries: " + error;
        LOG.error(lastFailure);
        done.completeExceptionally(error);
    }

    private KafkaProducer<String, byte[]> producer() {
        if (producer == null) {
            synchronized (this) {
                if (producer == null) {
                    producer = clients.producer();
                }
            }
        }
        return producer;
    }

    private static byte[] json(ResultEvent event) {
        try {
            return Json.MAPPER.writeValueAsBytes(event);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @PreDestroy
    void close() {
        sender.shutdownNow();
        if (producer != null) {
            producer.close(Duration.ofSeconds(10));
        }
    }
}
