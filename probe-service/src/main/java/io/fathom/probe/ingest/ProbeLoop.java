package io.fathom.probe.ingest;

import io.fathom.contracts.Json;
import io.fathom.contracts.hidden.HiddenStateCodec;
import io.fathom.contracts.hidden.HiddenStateEvent;
import io.fathom.contracts.hidden.HiddenStateHeader;
import io.fathom.contracts.hidden.MalformedHiddenStateException;
import io.fathom.contracts.hidden.SuiteEnd;
import io.fathom.contracts.request.SuiteKind;
import io.fathom.contracts.result.ErrorCode;
import io.fathom.contracts.result.ErrorEvent;
import io.fathom.contracts.result.ProbeLayerResult;
import io.fathom.contracts.result.ProgressEvent;
import io.fathom.contracts.result.ResultEvent;
import io.fathom.probe.config.ProbeConfig;
import io.fathom.probe.service.SuiteProber;
import io.fathom.probe.store.FeatureStore;
import io.fathom.probe.tasks.ControlTask;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
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
 * Reads fathom.hidden-states, spills each probing suite to disk until the suite-end markers of all
 * its models are in, trains its probes on a separate thread, and publishes the results.
 *
 * <p>Offsets are committed by hand, never past the first record of a suite whose results are not
 * yet acknowledged by the broker. A restart or a rebalance therefore replays every unfinished
 * suite from its start; the stores de-duplicate by item id and training is deterministic, so the
 * results equal those of an uninterrupted run and carry the same keys.
 */
@ApplicationScoped
public class ProbeLoop {

    private static final Logger LOG = Logger.getLogger(ProbeLoop.class);
    private static final String SERVICE = ProbeLayerResult.SERVICE;
    private static final int FINISHED_MEMORY = 10_000;

    private final ProbeConfig config;
    private final String bootstrapServers;
    private final MeterRegistry metrics;
    private final Map<SuiteUnit.Id, SuiteUnit> units = new HashMap<>();
    /** Positions past the last record handled, per partition. */
    private final Map<Integer, Long> handled = new HashMap<>();
    private final Map<Integer, Long> committed = new HashMap<>();
    private final ConcurrentLinkedQueue<SuiteUnit> finished = new ConcurrentLinkedQueue<>();
    /**
     * Suites published since start-up, the most recent {@value #FINISHED_MEMORY}: a late redelivery of
     * theirs is ignored rather than opening a suite that no marker would ever close.
     */
    private final Map<SuiteUnit.Id, Boolean> finishedSuites = new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<SuiteUnit.Id, Boolean> eldest) {
            return size() > FINISHED_MEMORY;
        }
    };
    private final AtomicInteger pendingSuites = new AtomicInteger();
    private ExecutorService training;
    private KafkaConsumer<String, byte[]> consumer;
    private KafkaProducer<String, byte[]> producer;
    private Thread loop;
    private volatile boolean running;

    ProbeLoop(ProbeConfig config, @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers,
            MeterRegistry metrics) {
        this.config = config;
        this.bootstrapServers = bootstrapServers;
        this.metrics = metrics;
        metrics.gauge("fathom_probe_suites_pending", pendingSuites);
    }

    void start(@Observes StartupEvent event) {
        FeatureStore.deleteRecursively(Path.of(config.dataDir())); // unfinished suites are replayed from Kafka
        Properties consumerProps = new Properties();
        consumerProps.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        consumerProps.put(ConsumerConfig.GROUP_ID_CONFIG, config.groupId());
        consumerProps.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        consumerProps.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        consumerProps.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, config.maxFetchBytes());
        consumerProps.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, config.maxFetchBytes());
        consumerProps.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 200);
        consumer = new KafkaConsumer<>(consumerProps, new StringDeserializer(), new ByteArrayDeserializer());
        Properties producerProps = new Properties();
        producerProps.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        producerProps.put(ProducerConfig.ACKS_CONFIG, "all");
        producerProps.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        producerProps.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, config.maxFetchBytes());
        producer = new KafkaProducer<>(producerProps, new StringSerializer(), new ByteArraySerializer());
        training = Executors.newSingleThreadExecutor(r -> new Thread(r, "probe-training"));
        running = true;
        loop = new Thread(this::run, "probe-loop");
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
        if (training != null) {
            training.shutdownNow();
        }
        if (producer != null) {
            producer.close(Duration.ofSeconds(10));
        }
    }

    /** Whether the loop is alive (liveness). */
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
                        drop(partition.partition());
                    }
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
                SuiteUnit done;
                while ((done = finished.poll()) != null) {
                    if (units.get(done.id) == done) {
                        units.remove(done.id);
                        pendingSuites.decrementAndGet();
                        finishedSuites.put(done.id, Boolean.TRUE);
                    }
                    done.close();
                }
                commit();
            }
        } catch (WakeupException e) {
            // shutting down
        } catch (RuntimeException e) {
            LOG.error("probe loop stopped", e);
        } finally {
            units.values().forEach(SuiteUnit::abandon);
            consumer.close(Duration.ofSeconds(10));
        }
    }

    /** Commits, per partition, up to the first record of the oldest unfinished suite, or everything handled. */
    private void commit() {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (Map.Entry<Integer, Long> entry : handled.entrySet()) {
            int partition = entry.getKey();
            long safe = units.values().stream().filter(u -> u.partition == partition).mapToLong(u -> u.firstOffset)
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

    private void drop(int partition) {
        units.values().removeIf(unit -> {
            if (unit.partition == partition) {
                unit.abandon();
                pendingSuites.decrementAndGet();
                return true;
            }
            return false;
        });
        handled.remove(partition);
        committed.remove(partition);
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
            SuiteUnit.Id id = new SuiteUnit.Id(end.runId(), end.suite());
            if (finishedSuites.containsKey(id)) {
                return; // a redelivery after the suite's results were published
            }
            if (end.kind() != SuiteKind.PROBING) {
                return; // another service's suite; its events were skipped too
            }
            SuiteUnit unit = unit(id, record);
            unit.ends.put(end.model(), end);
            if (unit.complete() && !unit.training) {
                unit.training = true;
                training.submit(() -> train(unit, end));
            }
            return;
        }
        HiddenStateEvent event;
        try {
            if (HiddenStateCodec.decodeHeader(record.value()).kind() != SuiteKind.PROBING) {
                return;
            }
            event = HiddenStateCodec.decode(record.value());
        } catch (MalformedHiddenStateException e) {
            reject(record, e.getMessage());
            return;
        }
        HiddenStateHeader header = event.header();
        SuiteUnit.Id id = new SuiteUnit.Id(header.runId(), header.suite());
        if (finishedSuites.containsKey(id)) {
            metrics.counter("fathom_probe_events_total", "outcome", "duplicate").increment();
            return; // a redelivery after the suite's results were published
        }
        SuiteUnit unit = unit(id, record);
        if (unit.training) {
            return; // a redelivery after the markers: the item is already in
        }
        FeatureStore store = unit.stores.get(header.model());
        if (store == null) {
            store = new FeatureStore(Path.of(config.dataDir(), "p" + record.partition() + "-" + record.offset()),
                    header);
            unit.stores.put(header.model(), store);
        }
        String scope = header.model() + "/" + header.suite() + "/" + header.itemId();
        if (store.contains(header.itemId())) {
            metrics.counter("fathom_probe_events_total", "outcome", "duplicate").increment();
        } else if (!store.fits(header)) {
            rejectItem(unit, header, ErrorCode.WRONG_SHAPE, scope, "hidden states of item '" + header.itemId()
                    + "' have shape " + java.util.Arrays.toString(header.shape()) + " and poolings " + header.poolings()
                    + ", but model " + header.model() + " gave shape [" + store.poolings().size() + ", "
                    + store.layers() + ", " + store.dim() + "] for the other items of suite '" + header.suite() + "'");
        } else if (!allFinite(event.halfValues())) {
            rejectItem(unit, header, ErrorCode.NON_FINITE_OUTPUT, scope, "hidden states of item '" + header.itemId()
                    + "' of model " + header.model() + " contain NaN or infinite values; the item is left out");
        } else {
            store.add(event, ControlTask.keyOf(header.text()));
            metrics.counter("fathom_probe_events_total", "outcome", "stored").increment();
        }
    }

    private SuiteUnit unit(SuiteUnit.Id id, ConsumerRecord<String, byte[]> record) {
        return units.computeIfAbsent(id, key -> {
            pendingSuites.incrementAndGet();
            return new SuiteUnit(key, record.partition(), record.offset());
        });
    }

    private void rejectItem(SuiteUnit unit, HiddenStateHeader header, ErrorCode code, String scope, String message) {
        unit.rejected.merge(header.model(), 1L, Long::sum);
        metrics.counter("fathom_probe_events_total", "outcome", "rejected").increment();
        send(ErrorEvent.of(header.runId(), SERVICE, code, scope, message, List.of()));
    }

    /** A record that is neither an event nor a marker: an error result and a dead-letter copy. */
    private void reject(ConsumerRecord<String, byte[]> record, String reason) {
        String where = record.topic() + "-" + record.partition() + "@" + record.offset();
        metrics.counter("fathom_probe_events_total", "outcome", "malformed").increment();
        send(ErrorEvent.of(null, SERVICE, ErrorCode.MALFORMED_PAYLOAD, where, "unreadable record " + where + ": "
                + reason, List.of()));
        ProducerRecord<String, byte[]> copy = new ProducerRecord<>(config.deadLetterTopic(), record.key(),
                record.value());
        copy.headers().add("fathom-reason", reason.getBytes(StandardCharsets.UTF_8));
        copy.headers().add("fathom-source", where.getBytes(StandardCharsets.UTF_8));
        producer.send(copy);
    }

    /** Runs on the training thread; hands the unit back to the loop once its results are acknowledged. */
    private void train(SuiteUnit unit, SuiteEnd end) {
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        Timer.Sample time = Timer.start(metrics);
        try {
            SuiteProber prober = new SuiteProber(config.trainingThreads().orElse(Runtime.getRuntime()
                    .availableProcessors()), config.minTrainPerClass());
            prober.probe(new SuiteProber.Suite(unit.id.runId(), unit.id.suite(), end.task(), end.models(),
                    unit.stores, end.options().seed(), end.options().probe()), result -> sent.add(send(result)));
        } catch (RuntimeException e) {
            if (unit.abandoned) { // shutdown or rebalance: whoever reads the partition next replays the suite
                LOG.infof("probing %s given up: %s", unit.id, e.getMessage());
                unit.close();
                return;
            }
            LOG.errorf(e, "probing %s failed", unit.id);
            sent.add(send(ErrorEvent.of(unit.id.runId(), SERVICE, ErrorCode.TRAINING_FAILURE, unit.id.suite(),
                    "probing suite '" + unit.id.suite() + "' failed: " + e, List.of())));
        }
        if (unit.abandoned) {
            unit.close();
            return;
        }
        // the last word per (model, suite), whatever happened: items stored and items rejected
        for (String model : end.models()) {
            FeatureStore store = unit.stores.get(model);
            sent.add(send(ProgressEvent.of(unit.id.runId(), SERVICE, model, unit.id.suite(),
                    ProgressEvent.Status.COMPLETED, unit.ends.get(model).items(), store == null ? 0 : store.size(),
                    unit.rejected.getOrDefault(model, 0L), 0)));
        }
        try {
            for (Future<RecordMetadata> future : sent) {
                future.get();
            }
            time.stop(metrics.timer("fathom_probe_suite_seconds"));
            LOG.infof("probed run %s suite %s: %d results", unit.id.runId(), unit.id.suite(), sent.size());
            finished.add(unit);
        } catch (Exception e) {
            // not acknowledged: the suite stays unfinished and is replayed after a restart
            LOG.errorf(e, "results of %s were not acknowledged", unit.id);
        }
    }

    private Future<RecordMetadata> send(ResultEvent event) {
        try {
            return producer.send(new ProducerRecord<>(config.resultsTopic(), event.key(),
                    Json.MAPPER.writeValueAsBytes(event)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
