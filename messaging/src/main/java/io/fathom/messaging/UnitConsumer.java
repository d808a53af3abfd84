package io.fathom.messaging;

import io.fathom.contracts.result.ErrorCode;
import io.fathom.contracts.result.ErrorEvent;
import io.fathom.messaging.metrics.LabelledCounters;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.jboss.logging.Logger;

/**
 * The consumer loop every downstream service runs: records are grouped into units (a suite, a
 * run), a complete unit is worked on off the poll thread, and its output is published before the
 * unit lets go of its offsets.
 *
 * <p>The commit rule: per partition, offsets are committed up to the first record of the oldest
 * unit that is still open, and never past a rejected record whose error result and dead-letter copy
 * the broker has not acknowledged. A restart or a rebalance therefore replays every unfinished unit
 * from its start; the logic is deterministic and result keys are stable, so the replay publishes
 * the same results under the same keys.
 *
 * <p>No record stops the loop: each ends as part of a unit, a counted skip (not this service's, a
 * duplicate, late after its unit finished), or an error result with a dead-letter copy. A unit
 * without a record for {@code fathom.messaging.unit-timeout} is given up by {@link UnitLogic#expire}.
 * The loop ends only on shutdown or when the broker refuses the service's credentials.
 */
public final class UnitConsumer<U, P> {

    private static final Logger LOG = Logger.getLogger(UnitConsumer.class);
    private static final Duration POLL = Duration.ofMillis(500);
    private static final Duration STUCK = Duration.ofMinutes(5);
    /** Histogram buckets of the stage timers: from a quick suite to a day-long collection. */
    private static final Duration[] STAGE_BUCKETS = Stream.of(0.01, 0.1, 0.5, 1.0, 5.0, 30.0, 60.0, 300.0, 1800.0,
            3600.0, 86400.0).map(s -> Duration.ofMillis((long) (s * 1000))).toArray(Duration[]::new);

    /** {@code name} tags the metrics and names the threads. */
    public record Settings(String name, String topic, String groupId) {
    }

    private enum Mode { COMPLETE, EXPIRE }

    /** One unit's bookkeeping; its state {@code U} belongs to the logic. */
    private final class Unit {
        final UnitId id;
        final int partition;
        final long firstOffset;
        final U state;
        final long openedNanos = System.nanoTime();
        long lastRecordNanos = openedNanos;
        /** When it was handed to the workers. */
        long queuedNanos;
        /** Handed to the workers (complete or expired): records of it are duplicates from now on. */
        boolean queued;
        volatile boolean abandoned;
        /** The worker thread while it works on this unit; guarded by the unit. */
        Thread worker;
        final List<ProducerRecord<String, byte[]>> reports = new ArrayList<>();
        final List<CompletableFuture<Void>> reportsSent = new ArrayList<>();
        final AtomicBoolean released = new AtomicBoolean();
        String outcome = "abandoned";

        Unit(UnitId id, int partition, long firstOffset) {
            this.id = id;
            this.partition = partition;
            this.firstOffset = firstOffset;
            this.state = logic.open(id);
        }

        void release() {
            if (released.compareAndSet(false, true)) {
                try {
                    logic.release(state);
                } catch (RuntimeException e) {
                    LOG.warnf(e, "%s: freeing %s failed", settings.name(), id);
                }
            }
        }
    }

    /** A rejected record's error result and dead-letter copy, resent until acknowledged. */
    private record Reject(List<ProducerRecord<String, byte[]>> records, CompletableFuture<Void> sent) {
    }

    private final UnitLogic<U, P> logic;
    private final Settings settings;
    private final KafkaClients clients;
    private final Publisher publisher;
    private final MessagingConfig config;
    private final Map<UnitId, Unit> units = new HashMap<>();
    private final Map<Integer, Long> handled = new HashMap<>();
    private final Map<Integer, OffsetAndMetadata> committed = new HashMap<>();
    /**
     * Per partition, units finished past the committed offset, by first offset: a replay from the
     * committed offset would publish them again, so the commit carries them in its metadata and
     * whoever reads the partition next counts their records as late.
     */
    private final Map<Integer, NavigableMap<Long, UnitId>> finishedAhead = new HashMap<>();
    private final Map<Integer, NavigableMap<Long, Reject>> rejects = new HashMap<>();
    private final Map<UnitId, Boolean> finished;
    private final ConcurrentLinkedQueue<Unit> done = new ConcurrentLinkedQueue<>();
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicInteger queued = new AtomicInteger();
    private final ExecutorService workers;
    /** Where a unit's time goes: collect (first record to complete), queue, compute, publish (until acknowledged). */
    private final Map<String, Timer> stages = new LinkedHashMap<>();
    private final LabelledCounters recordOutcomes;
    private final LabelledCounters unitOutcomes;
    private KafkaConsumer<String, byte[]> consumer;
    private Thread loop;
    private volatile boolean running;
    private volatile long lastIteration = System.nanoTime();
    private volatile String fatal;
    private long lastExpiryCheck = System.nanoTime();

    public UnitConsumer(UnitLogic<U, P> logic, Settings settings, KafkaClients clients, Publisher publisher,
            MessagingConfig config, MeterRegistry registry) {
        this.logic = logic;
        this.settings = settings;
        this.clients = clients;
        this.publisher = publisher;
        this.config = config;
        int memory = config.finishedMemory();
        this.finished = new LinkedHashMap<>() {
            @Override
            protected boolean removeEldestEntry(Map.Entry<UnitId, Boolean> eldest) {
                return size() > memory;
            }
        };
        AtomicInteger threads = new AtomicInteger();
        this.workers = Executors.newFixedThreadPool(config.workThreads(), r -> {
            Thread thread = new Thread(r, settings.name() + "-work-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        Tags tags = Tags.of("consumer", settings.name());
        this.recordOutcomes = new LabelledCounters(registry, "fathom.consumer.records", tags, "outcome",
                List.of("used", "skipped", "duplicate", "late", "rejected"));
        this.unitOutcomes = new LabelledCounters(registry, "fathom.consumer.units", tags, "outcome",
                List.of("completed", "failed", "given-up", "abandoned"));
        registry.gauge("fathom.consumer.units.open", tags, open);
        registry.gauge("fathom.consumer.units.queued", tags, queued);
        for (String stage : List.of("collect", "queue", "compute", "publish")) {
            stages.put(stage, Timer.builder("fathom.consumer.stage").tags(tags).tag("stage", stage)
                    .serviceLevelObjectives(STAGE_BUCKETS).register(registry));
        }
    }

    public Settings settings() {
        return settings;
    }

    public synchronized void start() {
        consumer = clients.consumer(settings.groupId());
        running = true;
        loop = new Thread(this::run, settings.name() + "-poll");
        loop.start();
    }

    public void stop() {
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
    }

    /** Liveness: the loop runs and is not stuck. */
    public boolean alive() {
        return loop != null && loop.isAlive() && System.nanoTime() - lastIteration < STUCK.toNanos();
    }

    /** Readiness: null when the consumer works, otherwise what is wrong. */
    public String problem() {
        if (fatal != null) {
            return fatal;
        }
        if (!alive()) {
            return "the " + settings.name() + " loop is not running";
        }
        return publisher.lastFailure();
    }

    private void run() {
        try {
            consumer.subscribe(List.of(settings.topic()), new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                    commit(true);
                    partitions.forEach(p -> abandon(p.partition()));
                    LOG.infof("%s: partitions %s revoked, %d units open", settings.name(), partitions, units.size());
                }

                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                    LOG.infof("%s: partitions %s assigned", settings.name(), partitions);
                    rememberFinishedAhead(partitions);
                }

                @Override
                public void onPartitionsLost(Collection<TopicPartition> partitions) {
                    partitions.forEach(p -> abandon(p.partition()));
                    LOG.infof("%s: partitions %s lost", settings.name(), partitions);
                }
            });
            while (running) {
                lastIteration = System.nanoTime();
                for (ConsumerRecord<String, byte[]> record : poll()) {
                    handle(record);
                    handled.put(record.partition(), record.offset() + 1);
                }
                drainDone();
                expireStale();
                backpressure();
                commit(false);
            }
        } catch (WakeupException e) {
            // shutting down
        } catch (AuthenticationException | AuthorizationException e) {
            fatal = settings.name() + " cannot read " + settings.topic() + ": the broker refused the configured"
                    + " credentials (" + e.getMessage() + ")";
            LOG.error(fatal);
        } catch (RuntimeException e) {
            fatal = settings.name() + " stopped: " + e;
            LOG.error(fatal, e);
        } finally {
            shutdown();
        }
    }

    private Iterable<ConsumerRecord<String, byte[]>> poll() {
        try {
            return consumer.poll(POLL);
        } catch (RecordDeserializationException e) { // a corrupt batch: no bytes to dead-letter, and no reading it later
            String where = e.topicPartition() + "@" + e.offset();
            LOG.errorf("%s: skipping unreadable record %s: %s", settings.name(), where, e.getMessage());
            count("rejected");
            publisher.publish(ErrorEvent.of(null, logic.service(), ErrorCode.MALFORMED_PAYLOAD, where, "record " + where
                    + " could not be read by the Kafka client (" + e.getMessage() + ") and was skipped", List.of()));
            consumer.seek(e.topicPartition(), e.offset() + 1);
            return List.of();
        } catch (WakeupException | AuthenticationException | AuthorizationException e) {
            throw e;
        } catch (KafkaException e) {
            LOG.warnf("%s: poll failed, retrying: %s", settings.name(), e.toString());
            sleep(Duration.ofSeconds(1));
            return List.of();
        }
    }

    private void handle(ConsumerRecord<String, byte[]> record) {
        Unit opened = null;
        try {
            if (!logic.wants(record.headers())) {
                count("skipped");
                return;
            }
            UnitLogic.Read<P> read = logic.read(record);
            if (read == null) {
                count("skipped");
                return;
            }
            if (finished.containsKey(read.unit())) {
                count("late"); // a redelivery after its unit was published or given up
                return;
            }
            Unit unit = units.get(read.unit());
            if (unit == null) {
                unit = opened = new Unit(read.unit(), record.partition(), record.offset());
                units.put(unit.id, unit);
                LOG.debugf("%s: %s opened at %s", settings.name(), unit.id, where(record));
                open.set(units.size());
            } else if (unit.partition != record.partition()) {
                // its offsets would be committed apart from its unit's: a replay would miss it
                throw new UnusableRecordException(read.unit().runId(), ErrorCode.MALFORMED_PAYLOAD, "a record of "
                        + read.unit() + " on partition " + record.partition() + ", while the unit's other records"
                        + " are on partition " + unit.partition + ": records of one unit must share their key");
            }
            unit.lastRecordNanos = System.nanoTime();
            if (unit.queued) {
                count("duplicate");
                return;
            }
            Unit target = unit;
            UnitLogic.Added added = logic.add(unit.state, read.payload(), event -> {
                ProducerRecord<String, byte[]> report = publisher.result(event);
                target.reports.add(report);
                target.reportsSent.add(publisher.send(report));
            });
            count(added == UnitLogic.Added.DUPLICATE ? "duplicate" : "used");
            if (added == UnitLogic.Added.COMPLETE) {
                submit(unit, Mode.COMPLETE);
            }
        } catch (UnusableRecordException e) {
            discard(opened);
            reject(record, e.runId(), e.code(), e.getMessage());
        } catch (RuntimeException e) {
            discard(opened);
            LOG.errorf(e, "%s: record %s failed", settings.name(), where(record));
            reject(record, null, ErrorCode.PROCESSING_FAILURE, settings.name() + " failed on this record: " + e);
        }
    }

    /** A unit opened by a record that was then rejected holds nothing: it does not hold offsets either. */
    private void discard(Unit opened) {
        if (opened != null && opened.reports.isEmpty()) {
            LOG.debugf("%s: %s discarded", settings.name(), opened.id);
            units.remove(opened.id);
            open.set(units.size());
            opened.release();
        }
    }

    private void reject(ConsumerRecord<String, byte[]> record, String runId, ErrorCode code, String message) {
        count("rejected");
        String where = where(record);
        List<ProducerRecord<String, byte[]>> records = List.of(
                publisher.result(ErrorEvent.of(runId, logic.service(), code, where, "record " + where + ": " + message,
                        List.of())),
                publisher.deadLetter(record, code + ": " + message));
        rejects.computeIfAbsent(record.partition(), p -> new TreeMap<>()).put(record.offset(),
                new Reject(records, publisher.sendAll(records)));
    }

    private void submit(Unit unit, Mode mode) {
        unit.queued = true;
        unit.queuedNanos = System.nanoTime();
        if (mode == Mode.COMPLETE) {
            stages.get("collect").record(unit.queuedNanos - unit.openedNanos, TimeUnit.NANOSECONDS);
        }
        queued.incrementAndGet();
        workers.execute(() -> work(unit, mode));
    }

    /** On a worker: computes the unit's output and publishes it with its item reports, until the broker has all. */
    private void work(Unit unit, Mode mode) {
        long started = System.nanoTime();
        stages.get("queue").record(started - unit.queuedNanos, TimeUnit.NANOSECONDS);
        synchronized (unit) {
            unit.worker = Thread.currentThread();
        }
        try {
            if (unit.abandoned) {
                return;
            }
            UnitLogic.Output output;
            try {
                if (mode == Mode.EXPIRE) {
                    output = logic.expire(unit.state, config.unitTimeout());
                    unit.outcome = "given-up";
                } else {
                    try {
                        output = logic.complete(unit.state);
                        unit.outcome = "completed";
                    } catch (RuntimeException e) {
                        if (unit.abandoned) {
                            return; // cut short by a rebalance or shutdown: the partition's next reader redoes it
                        }
                        LOG.errorf(e, "%s: %s failed", settings.name(), unit.id);
                        output = logic.failed(unit.state, e);
                        unit.outcome = "failed";
                    }
                }
            } catch (RuntimeException e) { // the logic could not even say what went wrong: the core says it
                LOG.errorf(e, "%s: %s could not be closed", settings.name(), unit.id);
                output = new UnitLogic.Output(List.of(publisher.result(ErrorEvent.of(unit.id.runId(), logic.service(),
                        ErrorCode.PROCESSING_FAILURE, unit.id.name() == null ? "run" : unit.id.name(), unit.id
                                + " could not be closed: " + e, List.of()))), List.of());
                unit.outcome = "failed";
            }
            if (unit.abandoned) {
                return; // its partition has another reader now, which publishes the same
            }
            long computed = System.nanoTime();
            stages.get("compute").record(computed - started, TimeUnit.NANOSECONDS);
            List<ProducerRecord<String, byte[]>> results = new ArrayList<>(unit.reports);
            results.addAll(output.results());
            List<CompletableFuture<Void>> sent = new ArrayList<>(unit.reportsSent);
            sent.add(publisher.sendAll(output.results()));
            if (!publishUntilAcknowledged(unit, sent, results)) {
                return;
            }
            for (ProducerRecord<String, byte[]> closing : output.closing()) {
                if (!publishUntilAcknowledged(unit, List.of(publisher.send(closing)), List.of(closing))) {
                    return;
                }
            }
            stages.get("publish").record(System.nanoTime() - computed, TimeUnit.NANOSECONDS);
            LOG.infof("%s: %s %s, %d records published", settings.name(), unit.id, unit.outcome,
                    results.size() + output.closing().size());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            synchronized (unit) {
                unit.worker = null; // an abandon from now on must not interrupt this thread's next unit
            }
            done.add(unit);
        }
    }

    /** Waits for the sends, publishing the records again while the broker refuses them; false when abandoned. */
    private boolean publishUntilAcknowledged(Unit unit, List<CompletableFuture<Void>> sends,
            List<ProducerRecord<String, byte[]>> records) throws InterruptedException {
        while (!unit.abandoned) {
            try {
                CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).get();
                return true;
            } catch (ExecutionException e) {
                LOG.errorf("%s: output of %s not acknowledged, publishing it again: %s", settings.name(), unit.id,
                        e.getCause().toString());
                sleep(config.publishBackoff());
                sends = List.of(publisher.sendAll(records));
            }
        }
        return false;
    }

    /** On the poll thread: finished units let go of their offsets. */
    private void drainDone() {
        Unit unit;
        while ((unit = done.poll()) != null) {
            queued.decrementAndGet();
            if (!unit.abandoned && units.get(unit.id) == unit) {
                LOG.debugf("%s: %s done (%s)", settings.name(), unit.id, unit.outcome);
                units.remove(unit.id);
                finished.put(unit.id, Boolean.TRUE);
                finishedAhead.computeIfAbsent(unit.partition, p -> new TreeMap<>()).put(unit.firstOffset, unit.id);
                unitOutcomes.increment(unit.outcome);
            }
            unit.release();
        }
        open.set(units.size());
    }

    private void expireStale() {
        long now = System.nanoTime();
        long timeout = config.unitTimeout().toNanos();
        if (now - lastExpiryCheck < Math.min(timeout / 4, Duration.ofSeconds(10).toNanos())) {
            return;
        }
        lastExpiryCheck = now;
        for (Unit unit : units.values()) {
            if (!unit.queued && now - unit.lastRecordNanos > timeout) {
                LOG.warnf("%s: giving up %s, no record for %s", settings.name(), unit.id, config.unitTimeout());
                submit(unit, Mode.EXPIRE);
            }
        }
    }

    /** Pauses fetching while too many complete units wait for work, so that memory and disk stay bounded. */
    private void backpressure() {
        if (queued.get() >= config.maxQueuedUnits()) {
            consumer.pause(consumer.assignment()); // partitions assigned since the last round too
        } else if (!consumer.paused().isEmpty()) {
            consumer.resume(consumer.paused()); // whatever a rebalance kept paused as well
        }
    }

    /**
     * Commits, per partition, up to the oldest open unit's first record or the oldest unacknowledged
     * reject. In the loop the commit is asynchronous, so that the loop never waits on the broker; a
     * failed one is simply made again next round. Before partitions are revoked and at shutdown it
     * is synchronous.
     */
    private void commit(boolean sync) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (Map.Entry<Integer, Long> entry : handled.entrySet()) {
            int partition = entry.getKey();
            long safe = entry.getValue();
            for (Unit unit : units.values()) {
                if (unit.partition == partition) {
                    safe = Math.min(safe, unit.firstOffset);
                }
            }
            Long unacknowledged = oldestUnacknowledgedReject(partition);
            if (unacknowledged != null) {
                safe = Math.min(safe, unacknowledged);
            }
            NavigableMap<Long, UnitId> ahead = finishedAhead.getOrDefault(partition, new TreeMap<>());
            ahead.headMap(safe).clear(); // before the commit point: never replayed again
            OffsetAndMetadata offset = new OffsetAndMetadata(safe, FinishedUnits.encode(ahead));
            if (!offset.equals(committed.get(partition))) {
                offsets.put(new TopicPartition(settings.topic(), partition), offset);
            }
        }
        if (offsets.isEmpty()) {
            return;
        }
        offsets.forEach((tp, offset) -> committed.put(tp.partition(), offset));
        LOG.debugf("%s: committing %s", settings.name(), offsets);
        try {
            if (sync) {
                consumer.commitSync(offsets);
            } else {
                consumer.commitAsync(offsets, (done, error) -> {
                    if (error != null) { // forget it: the next round commits again
                        LOG.debugf("%s: commit failed, retrying: %s", settings.name(), error.toString());
                        offsets.forEach((tp, offset) -> committed.remove(tp.partition(), offset));
                    }
                });
            }
        } catch (WakeupException | AuthenticationException | AuthorizationException e) {
            throw e;
        } catch (KafkaException e) { // a rebalance or a slow broker: the next round commits again
            LOG.warnf("%s: commit failed, retrying: %s", settings.name(), e.toString());
            offsets.keySet().forEach(tp -> committed.remove(tp.partition()));
        }
    }

    /** Drops acknowledged rejects, resends failed ones, and returns the offset of the oldest still pending. */
    private Long oldestUnacknowledgedReject(int partition) {
        NavigableMap<Long, Reject> pending = rejects.get(partition);
        if (pending == null) {
            return null;
        }
        Iterator<Map.Entry<Long, Reject>> it = pending.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<Long, Reject> entry = it.next();
            CompletableFuture<Void> sent = entry.getValue().sent();
            if (!sent.isDone()) {
                return entry.getKey();
            }
            if (sent.isCompletedExceptionally()) {
                entry.setValue(new Reject(entry.getValue().records(), publisher.sendAll(entry.getValue().records())));
                return entry.getKey();
            }
            it.remove();
        }
        return null;
    }

    /** Reads which units past the committed offsets the previous reader had finished. */
    private void rememberFinishedAhead(Collection<TopicPartition> partitions) {
        try {
            consumer.committed(new HashSet<>(partitions)).forEach((tp, offset) -> {
                if (offset != null) {
                    NavigableMap<Long, UnitId> ahead = FinishedUnits.decode(offset.metadata());
                    ahead.values().forEach(id -> finished.put(id, Boolean.TRUE));
                    finishedAhead.put(tp.partition(), ahead);
                    committed.put(tp.partition(), offset);
                }
            });
        } catch (WakeupException | AuthenticationException | AuthorizationException e) {
            throw e;
        } catch (KafkaException e) { // without it a replay publishes finished units again, under the same keys
            LOG.warnf("%s: committed offsets of %s not readable: %s", settings.name(), partitions, e.toString());
        }
    }

    /** The partition went to another instance (or the service stops): its units are redone by whoever reads it. */
    private void abandon(int partition) {
        units.values().removeIf(unit -> {
            if (unit.partition != partition) {
                return false;
            }
            abandonUnit(unit);
            return true;
        });
        open.set(units.size());
        handled.remove(partition);
        committed.remove(partition);
        finishedAhead.remove(partition);
        rejects.remove(partition);
    }

    private void abandonUnit(Unit unit) {
        LOG.debugf("%s: %s abandoned", settings.name(), unit.id);
        unit.abandoned = true;
        unitOutcomes.increment("abandoned");
        if (unit.queued) {
            synchronized (unit) {
                if (unit.worker != null) {
                    unit.worker.interrupt(); // stop early; the unit is released once its work ends
                }
            }
        } else {
            unit.release();
        }
    }

    private void shutdown() {
        try {
            drainDone();
            commit(true);
        } catch (RuntimeException e) {
            LOG.debugf("%s: last commit failed: %s", settings.name(), e);
        }
        List<Unit> left = new ArrayList<>(units.values());
        left.forEach(this::abandonUnit);
        units.clear();
        // closing revokes the partitions, and the commit before a revocation must not see the
        // handled positions without the units that held them back
        handled.clear();
        rejects.clear();
        finishedAhead.clear();
        workers.shutdownNow();
        try {
            workers.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        left.forEach(Unit::release); // including units whose work never started
        consumer.close(Duration.ofSeconds(10));
    }

    private void count(String outcome) {
        recordOutcomes.increment(outcome);
    }

    private static String where(ConsumerRecord<String, byte[]> record) {
        return record.topic() + "-" + record.partition() + "@" + record.offset();
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
