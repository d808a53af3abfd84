package io.fathom.scoring.ingest;

import io.fathom.contracts.Json;
import io.fathom.contracts.hidden.HiddenStateCodec;
import io.fathom.contracts.hidden.HiddenStateEvent;
import io.fathom.contracts.hidden.HiddenStateHeader;
import io.fathom.contracts.hidden.MalformedHiddenStateException;
import io.fathom.contracts.hidden.SuiteEnd;
import io.fathom.contracts.request.SuiteKind;
import io.fathom.contracts.result.ErrorCode;
import io.fathom.contracts.result.ErrorEvent;
import io.fathom.contracts.result.ProgressEvent;
import io.fathom.contracts.result.ResultEvent;
import io.fathom.contracts.result.ScoreItem;
import io.fathom.scoring.config.ScoringConfig;
import io.fathom.scoring.service.SuiteScoring;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Reads fathom.hidden-states, keeps the embeddings of each questions suite in memory (one vector
 * per text), and grades the suite when its suite-end marker arrives; the marker carries the suite's
 * definition (questions, rubric, templates, answers). Instructions suites have no embeddings and
 * are graded from their marker alone. Probing suites are skipped by their header's kind.
 *
 * <p>Offsets are committed by hand, never past the first record of a suite whose results the
 * broker has not acknowledged, so a restart replays unfinished suites; grading is deterministic
 * and result keys are stable, so a replay republishes the same results.
 */
@ApplicationScoped
public class ScoringLoop {

    private static final Logger LOG = Logger.getLogger(ScoringLoop.class);
    private static final int FINISHED_MEMORY = 10_000;

    private record SuiteId(String runId, String suite) {
    }

    /** A suite being collected: where it starts on its partition, and its texts' vectors by item id. */
    private static final class Pending {
        final int partition;
        final long firstOffset;
        final Map<String, float[]> vectors = new HashMap<>();

        Pending(int partition, long firstOffset) {
            this.partition = partition;
            this.firstOffset = firstOffset;
        }
    }

    private final ScoringConfig config;
    private final String bootstrapServers;
    private final MeterRegistry metrics;
    private final SuiteScoring scoring;
    private final Map<SuiteId, Pending> pending = new HashMap<>();
    private final Map<Integer, Long> handled = new HashMap<>();
    private final Map<Integer, Long> committed = new HashMap<>();
    /** Suites published since start-up: a late redelivery of theirs is ignored. */
    private final Map<SuiteId, Boolean> finishedSuites = new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<SuiteId, Boolean> eldest) {
            return size() > FINISHED_MEMORY;
        }
    };
    private final AtomicInteger pendingSuites = new AtomicInteger();
    private KafkaConsumer<String, byte[]> consumer;
    private KafkaProducer<String, byte[]> producer;
    private Thread loop;
    private volatile boolean running;

    ScoringLoop(ScoringConfig config, @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers,
            MeterRegistry metrics, SuiteScoring scoring) {
        this.config = config;
        this.bootstrapServers = bootstrapServers;
        this.metrics = metrics;
        this.scoring = scoring;
        metrics.gauge("fathom_scoring_suites_pending", pendingSuites);
    }

    void start(@Observes StartupEvent event) {
        Properties consumerProps = new Properties();
        consumerProps.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        consumerProps.put(ConsumerConfig.GROUP_ID_CONFIG, config.groupId());
        consumerProps.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        consumerProps.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        consumerProps.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, config.maxFetchBytes());
        consumerProps.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, config.maxFetchBytes());
        consumerProps.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 500);
        consumer = new KafkaConsumer<>(consumerProps, new StringDeserializer(), new ByteArrayDeserializer());
        Properties producerProps = new Properties();
        producerProps.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        producerProps.put(ProducerConfig.ACKS_CONFIG, "all");
        producerProps.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        producerProps.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, config.maxFetchBytes());
        producer = new KafkaProducer<>(producerProps, new StringSerializer(), new ByteArraySerializer());
        running = true;
        loop = new Thread(this::run, "scoring-loop");
        loop.start();
    }

    void stop(@Observes ShutdownEvent event) {
        running = false;
        if (consumer != null) {
            consumer.wakeup();
        }
        try {
            if (loop != null) {
                loop.join(Duration.ofSeconds(30).toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (producer != null) {
            producer.close(Duration.ofSeconds(10));
        }
    }

    public boolean alive() {
        return loop != null && loop.isAlive();
    }

    private void run() {
        try {
            consumer.subscribe(List.of(config.hiddenStatesTopic()), new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                    commit();
                    for (TopicPartition partition : partitions) {
                        int p = partition.partition();
                        pending.values().removeIf(unit -> unit.partition == p);
                        handled.remove(p);
                        committed.remove(p);
                    }
                    pendingSuites.set(pending.size());
                }

                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                }
            });
            while (running) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    handle(record);
                    handled.put(record.partition(), record.offset() + 1);
                }
                commit();
            }
        } catch (WakeupException e) {
            // shutting down
        } catch (RuntimeException e) {
            LOG.error("scoring loop stopped", e);
        } finally {
            consumer.close(Duration.ofSeconds(10));
        }
    }

    /** Commits, per partition, up to the first record of the oldest unfinished suite, or everything handled. */
    private void commit() {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (Map.Entry<Integer, Long> entry : handled.entrySet()) {
            int partition = entry.getKey();
            long safe = pending.values().stream().filter(u -> u.partition == partition).mapToLong(u -> u.firstOffset)
                    .min().orElse(entry.getValue());
            if (!Long.valueOf(safe).equals(committed.get(partition))) {
                offsets.put(new TopicPartition(config.hiddenStatesTopic(), partition), new OffsetAndMetadata(safe));
            }
        }
        if (!offsets.isEmpty()) {
            consumer.commitSync(offsets);
            offsets.forEach((tp, offset) -> committed.put(tp.partition(), offset.offset()));
        }
    }

    private void handle(ConsumerRecord<String, byte[]> record) {
        if (SuiteEnd.isSuiteEnd(record.value())) {
            SuiteEnd end;
            try {
                end = SuiteEnd.parse(record.value());
            } catch (MalformedHiddenStateException e) {
                reject(record, e.getMessage());
                return;
            }
            if (!end.kind().scored()) {
                return;
            }
            SuiteId id = new SuiteId(end.runId(), end.suite());
            if (finishedSuites.containsKey(id)) {
                return;
            }
            if (end.definition() == null || end.runModels() == null) {
                reject(record, "suite-end marker of " + end.kind().json() + " suite '" + end.suite()
                        + "' carries no suite definition or run models");
                return;
            }
            Pending unit = pending.remove(id);
            pendingSuites.set(pending.size());
            if (grade(end, unit == null ? Map.of() : unit.vectors)) {
                finishedSuites.put(id, Boolean.TRUE);
            } else if (unit != null) {
                pending.put(id, unit); // not acknowledged: keep the offsets back so that a restart replays it
                pendingSuites.set(pending.size());
            }
            return;
        }
        HiddenStateEvent event;
        try {
            if (!HiddenStateCodec.decodeHeader(record.value()).kind().scored()) {
                return;
            }
            event = HiddenStateCodec.decode(record.value());
        } catch (MalformedHiddenStateException e) {
            reject(record, e.getMessage());
            return;
        }
        HiddenStateHeader header = event.header();
        SuiteId id = new SuiteId(header.runId(), header.suite());
        if (finishedSuites.containsKey(id)) {
            metrics.counter("fathom_scoring_embeddings_total", "outcome", "duplicate").increment();
            return;
        }
        Pending unit = pending.computeIfAbsent(id, key -> new Pending(record.partition(), record.offset()));
        pendingSuites.set(pending.size());
        float[] vector = lastLayer(event);
        if (vector == null) {
            metrics.counter("fathom_scoring_embeddings_total", "outcome", "rejected").increment();
            send(ErrorEvent.of(header.runId(), ScoreItem.SERVICE, ErrorCode.NON_FINITE_OUTPUT, header.suite() + "/"
                    + header.itemId(), "the embedding of text '" + header.itemId() + "' of suite '" + header.suite()
                    + "' holds NaN or infinite values; it is judged without similarity", List.of()));
            return;
        }
        unit.vectors.put(header.itemId(), vector);
        metrics.counter("fathom_scoring_embeddings_total", "outcome", "stored").increment();
    }

    /** The configured pooling of the last layer, or null when it holds a non-finite value. */
    private float[] lastLayer(HiddenStateEvent event) {
        int pooling = Math.max(0, event.header().poolings().indexOf(config.pooling()));
        float[] vector = event.vector(pooling, event.header().layers() - 1);
        for (float value : vector) {
            if (!Float.isFinite(value)) {
                return null;
            }
        }
        return vector;
    }

    /** Grades a suite and publishes its results; true once the broker has all of them. */
    private boolean grade(SuiteEnd end, Map<String, float[]> vectors) {
        Timer.Sample time = Timer.start(metrics);
        List<ResultEvent> results = scoring.score(end, vectors::get);
        long graded = results.stream().filter(r -> r instanceof ScoreItem).count();
        long rejected = results.stream().filter(r -> r instanceof ErrorEvent).count();
        metrics.counter("fathom_scoring_answers_total", "outcome", "graded").increment(graded);
        metrics.counter("fathom_scoring_errors_total").increment(rejected);
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        results.forEach(result -> sent.add(send(result)));
        int answers = end.definition().responses() == null ? 0 : end.definition().responses().size();
        sent.add(send(ProgressEvent.of(end.runId(), ScoreItem.SERVICE, null, end.suite(),
                ProgressEvent.Status.COMPLETED, answers, SuiteScoring.answersScored(results), rejected, 0)));
        try {
            for (Future<RecordMetadata> future : sent) {
                future.get();
            }
        } catch (Exception e) {
            LOG.errorf(e, "results of run %s suite %s were not acknowledged", end.runId(), end.suite());
            return false;
        }
        time.stop(metrics.timer("fathom_scoring_suite_seconds"));
        LOG.infof("scored run %s suite %s: %d answers graded, %d errors", end.runId(), end.suite(), graded, rejected);
        return true;
    }

    /** A record that is neither an event nor a marker: an error result and a dead-letter copy. */
    private void reject(ConsumerRecord<String, byte[]> record, String reason) {
        String where = record.topic() + "-" + record.partition() + "@" + record.offset();
        metrics.counter("fathom_scoring_embeddings_total", "outcome", "malformed").increment();
        send(ErrorEvent.of(null, ScoreItem.SERVICE, ErrorCode.MALFORMED_PAYLOAD, where, "unreadable record " + where
                + ": " + reason, List.of()));
        ProducerRecord<String, byte[]> copy = new ProducerRecord<>(config.deadLetterTopic(), record.key(),
                record.value());
        copy.headers().add("fathom-reason", reason.getBytes(StandardCharsets.UTF_8));
        copy.headers().add("fathom-source", where.getBytes(StandardCharsets.UTF_8));
        producer.send(copy);
    }

    private Future<RecordMetadata> send(ResultEvent event) {
        try {
            return producer.send(new ProducerRecord<>(config.resultsTopic(), event.key(),
                    Json.MAPPER.writeValueAsBytes(event)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
