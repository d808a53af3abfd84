package io.fathom.inference.listener;

import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.fathom.contracts.Json;
import io.fathom.contracts.SchemaVersion;
import io.fathom.contracts.request.EvaluationRequest;
import io.fathom.inference.config.InferenceConfig;
import io.fathom.inference.domain.Checkpoint;
import io.fathom.messaging.KafkaClients;
import io.fathom.messaging.MessagingConfig;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Makes a run id an identity: which content each run id was first submitted with, kept on the
 * compacted topic {@code fathom.runs} (one partition, keyed by run id), read whole by every instance
 * at start-up and followed after. A request whose run id is new is registered before its run starts;
 * one with the same content as its registration is a replay (or a request redone after a restart)
 * and runs again; one with other content is refused. The topic also keeps the checkpoint of each
 * submission in progress ({@link Checkpoint}), under a key no run id can take, deleted (a tombstone)
 * once the requests' group has committed past the submission, so that it can come no more.
 *
 * <p>Two instances that take two different requests of one new run id at the same moment (possible
 * only when the requests are not keyed by run id, so that they sit on different partitions) may both
 * register it; the later registration wins on the topic. Heap: one entry per run id ever submitted
 * (about 300 bytes).
 */
@ApplicationScoped
public class RunRegistry {

    private static final Logger LOG = Logger.getLogger(RunRegistry.class);
    /** Property order and map keys sorted: the same request gives the same bytes, whatever order it was written in. */
    private static final ObjectMapper CANONICAL = Json.MAPPER.copy()
            .configure(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY, true)
            .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

    /** What {@code fathom.runs} holds for a run id: the digest of its request and where it was first read. */
    public record Registration(int schemaVersion, String runId, String digest, String submission,
            Instant registeredAt) {
    }

    private final KafkaClients clients;
    private final String topic;
    private final String requests;
    private final String requestsGroup;
    /** How often checkpoints of committed requests are looked for. */
    private final long sweepNanos;
    private long sweptAt = System.nanoTime();
    private final Map<String, Registration> registrations = new ConcurrentHashMap<>();
    /** By {@link Checkpoint#key}: the runs in progress, here or on other instances. */
    private final Map<String, Checkpoint> checkpoints = new ConcurrentHashMap<>();
    private final CountDownLatch loaded = new CountDownLatch(1);
    private final AtomicLong unreadable = new AtomicLong();
    private volatile KafkaConsumer<String, byte[]> consumer;
    private volatile KafkaProducer<String, byte[]> producer;
    private volatile boolean stopping;
    private Thread reader;

    RunRegistry(KafkaClients clients, MessagingConfig config, InferenceConfig inference,
            @ConfigProperty(name = "mp.messaging.incoming.requests.group.id") String requestsGroup) {
        this.clients = clients;
        this.topic = config.topics().runs();
        this.requests = config.topics().requests();
        this.requestsGroup = requestsGroup;
        this.sweepNanos = inference.checkpoint().interval().toNanos();
    }

    void start(@Observes StartupEvent event) {
        reader = new Thread(this::follow, "run-registry");
        reader.setDaemon(true);
        reader.start();
    }

    /** Whether the topic has been read to the end it had at start-up. */
    public boolean loaded() {
        return loaded.getCount() == 0;
    }

    public int size() {
        return registrations.size();
    }

    /** The SHA-256 of the request as parsed, defaults filled in: the same content however it was written. */
    public static String digest(EvaluationRequest request) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(CANONICAL.writeValueAsBytes(request)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /**
     * Registers {@code runId} for this content if it is new; waits until the topic has been read.
     *
     * @return null when the run may go on (a new run id, or the same content again), otherwise the
     *         registration of the other content the run id names
     */
    public Registration claim(String runId, String digest, String submission) throws InterruptedException {
        while (!loaded.await(30, TimeUnit.SECONDS)) {
            LOG.warnf("run %s waits: %s has not been read to its end yet", runId, topic);
        }
        synchronized (this) {
            Registration first = registrations.get(runId);
            if (first != null) {
                return first.digest().equals(digest) ? null : first;
            }
            Registration registration = new Registration(SchemaVersion.CURRENT, runId, digest, submission,
                    Instant.now());
            try {
                producer().send(new ProducerRecord<>(topic, runId, Json.MAPPER.writeValueAsBytes(registration)))
                        .get(30, TimeUnit.SECONDS);
            } catch (ExecutionException | java.util.concurrent.TimeoutException | IOException e) {
                // unregistered, the run would lose its identity: it fails and is redone, not run blind
                throw new IllegalStateException("could not register run " + runId + " on " + topic + ": " + e, e);
            }
            registrations.put(runId, registration);
            return null;
        }
    }

    /** The checkpoint of this submission of the run, or null: a new submission starts from nothing. */
    public Checkpoint checkpoint(String runId, String submission) {
        return submission == null ? null : checkpoints.get(Checkpoint.key(runId, submission));
    }

    /**
     * Saves the checkpoint and waits for the broker to have it. One that cannot be written is only
     * logged: a restart then redoes more, from the checkpoint before.
     */
    public void save(Checkpoint checkpoint) {
        try {
            producer().send(new ProducerRecord<>(topic, checkpoint.key(), Json.MAPPER.writeValueAsBytes(checkpoint)))
                    .get(30, TimeUnit.SECONDS);
            checkpoints.put(checkpoint.key(), checkpoint);
        } catch (ExecutionException | java.util.concurrent.TimeoutException | IOException e) {
            LOG.warnf("checkpoint of run %s could not be written to %s: %s", checkpoint.runId(), topic, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // stopping: the run ends at its next wait
        }
    }

    /**
     * Deletes the checkpoints of submissions that the requests' group has committed past: their runs
     * ended (or were dead-lettered) and will not be delivered again. Until then a finished run keeps
     * its checkpoint, so that a redelivery (a run before it still going when the service was killed)
     * does not redo it whole. Every instance sweeps; a second tombstone is harmless.
     */
    private void sweep() throws InterruptedException {
        sweptAt = System.nanoTime();
        if (checkpoints.isEmpty()) {
            return;
        }
        Map<TopicPartition, OffsetAndMetadata> committed;
        try {
            committed = clients.admin().listConsumerGroupOffsets(requestsGroup).partitionsToOffsetAndMetadata()
                    .get(10, TimeUnit.SECONDS);
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            LOG.debugf("committed offsets of %s unknown, checkpoints kept: %s", requestsGroup, e.toString());
            return;
        }
        for (Checkpoint checkpoint : checkpoints.values()) {
            OffsetAndMetadata past = committed.get(new TopicPartition(requests, checkpoint.partition()));
            if (past != null && checkpoint.offset() < past.offset()) {
                checkpoints.remove(checkpoint.key());
                producer().send(new ProducerRecord<>(topic, checkpoint.key(), null));
            }
        }
    }

    private KafkaProducer<String, byte[]> producer() {
        if (producer == null) {
            producer = clients.producer();
        }
        return producer;
    }

    /** Reads the topic from its beginning and keeps following it, so that other instances' registrations count too. */
    private void follow() {
        while (!stopping) {
            try (KafkaConsumer<String, byte[]> reading = clients.consumer("fathom-inference-run-registry")) {
                consumer = reading;
                TopicPartition partition = new TopicPartition(topic, 0);
                reading.assign(List.of(partition));
                reading.seekToBeginning(List.of(partition));
                long end = reading.endOffsets(List.of(partition)).get(partition);
                while (!stopping) {
                    for (ConsumerRecord<String, byte[]> record : reading.poll(Duration.ofSeconds(1))) {
                        read(record);
                    }
                    if (loaded.getCount() > 0 && reading.position(partition) >= end) {
                        LOG.infof("%s read: %d run ids registered, %d runs checkpointed (%d unreadable records"
                                + " skipped)", topic, registrations.size(), checkpoints.size(), unreadable.get());
                        loaded.countDown();
                    }
                    if (System.nanoTime() - sweptAt >= sweepNanos) {
                        sweep();
                    }
                }
            } catch (WakeupException e) {
                return; // stopping
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (KafkaException e) {
                LOG.warnf("reading %s failed, retrying in 5 s: %s", topic, e.toString());
                pause();
            }
        }
    }

    private void read(ConsumerRecord<String, byte[]> record) {
        try {
            if (Checkpoint.isKey(record.key())) {
                readCheckpoint(record);
                return;
            }
            Registration registration = record.value() == null ? null
                    : Json.MAPPER.readValue(record.value(), Registration.class);
            if (registration == null || registration.digest() == null || !registration.runId().equals(record.key())) {
                throw new IOException("not a registration of run " + record.key());
            }
            registrations.put(record.key(), registration);
        } catch (IOException | RuntimeException e) {
            unreadable.incrementAndGet(); // another writer's record: it names no content, so it binds no run id
            LOG.warnf("%s offset %d skipped: %s", topic, record.offset(), e.getMessage());
        }
    }

    private void readCheckpoint(ConsumerRecord<String, byte[]> record) throws IOException {
        if (record.value() == null) {
            checkpoints.remove(record.key()); // the run ended
            return;
        }
        Checkpoint checkpoint = Json.MAPPER.readValue(record.value(), Checkpoint.class);
        if (!checkpoint.wellFormed() || !checkpoint.key().equals(record.key())) {
            throw new IOException("not a checkpoint of " + record.key());
        }
        checkpoints.put(record.key(), checkpoint);
    }

    private void pause() {
        try {
            Thread.sleep(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopping = true;
        }
    }

    @PreDestroy
    void stop() {
        stopping = true;
        KafkaConsumer<String, byte[]> reading = consumer;
        if (reading != null) {
            reading.wakeup();
        }
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
        }
    }
}
