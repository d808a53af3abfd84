package io.fathom.cli;

import io.fathom.contracts.Json;
import io.fathom.contracts.Services;
import io.fathom.contracts.Topics;
import io.fathom.contracts.hidden.HiddenStateCodec;
import io.fathom.contracts.hidden.HiddenStateHeader;
import io.fathom.contracts.hidden.SuiteEnd;
import io.fathom.contracts.request.EvaluationRequest;
import io.fathom.contracts.request.RequestParser;
import io.fathom.contracts.result.ErrorCode;
import io.fathom.contracts.result.ErrorEvent;
import io.fathom.contracts.result.ProgressEvent;
import io.fathom.contracts.result.ResultEvent;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** The Kafka side of the CLI: submit a request, follow results, read hidden-state headers. */
final class RunClient implements AutoCloseable {

    enum Outcome { COMPLETED, FAILED, TIMED_OUT }


    /** Where each topic ended before a submission, so that only the new run's events are read. */
    record Offsets(Map<TopicPartition, Long> results, Map<TopicPartition, Long> hiddenStates) {
    }

    /** What the report needs of one hidden-state event. */
    record StateSummary(HiddenStateHeader header, int bytes) {
    }

    private static final int MAX_MESSAGE_BYTES = 16 * 1024 * 1024;

    private final KafkaProducer<String, byte[]> producer;
    private final KafkaConsumer<String, byte[]> consumer;
    private final Admin admin;

    /** How long the first call waits for a broker: a missing one is reported in seconds, not after minutes. */
    private static final int REACH_TIMEOUT_MS = 5_000;

    RunClient(ClientSettings settings) {
        try {
            admin = Admin.create(settings.with(Map.of(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 15_000,
                    AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 20_000)));
        } catch (KafkaException e) { // e.g. an address that does not resolve
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new IllegalStateException("cannot use Kafka at " + settings.bootstrap() + ": " + cause.getMessage(),
                    e);
        }
        // before the other clients exist: they would only add their own connection warnings
        checkReachable(settings.bootstrap());
        producer = new KafkaProducer<>(settings.with(Map.of(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, MAX_MESSAGE_BYTES,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000, ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 20_000,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 20_000)), new StringSerializer(), new ByteArraySerializer());
        consumer = new KafkaConsumer<>(settings.with(Map.of(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG,
                MAX_MESSAGE_BYTES, ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 20_000)), new StringDeserializer(),
                new ByteArrayDeserializer());
    }

    private void checkReachable(String bootstrap) {
        try {
            admin.describeCluster(new DescribeClusterOptions().timeoutMs(REACH_TIMEOUT_MS)).clusterId().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while connecting to Kafka at " + bootstrap, e);
        } catch (ExecutionException e) {
            admin.close(Duration.ZERO);
            throw new IllegalStateException(e.getCause() instanceof TimeoutException
                    ? "no Kafka broker answered at " + bootstrap + " within " + REACH_TIMEOUT_MS / 1000 + " s (set"
                            + " --bootstrap or $KAFKA_BOOTSTRAP_SERVERS)"
                    : "Kafka at " + bootstrap + ": " + e.getCause().getMessage(), e.getCause());
        }
    }

    /** Creates whichever fathom topics are missing; returns their names. */
    List<String> ensureTopics() {
        return TopicSetup.ensure(admin);
    }

    void submit(String runId, byte[] request) {
        publish("submit run " + runId, List.of(new ProducerRecord<>(Topics.REQUESTS, runId, request)));
    }

    Offsets endOffsets() {
        return new Offsets(consumer.endOffsets(partitions(Topics.RESULTS)),
                consumer.endOffsets(partitions(Topics.HIDDEN_STATES)));
    }

    Map<TopicPartition, Long> startOfResults() {
        return consumer.beginningOffsets(partitions(Topics.RESULTS));
    }

    /**
     * Hands every result of the run to {@code each} until every listed service has published its
     * run-level final progress, and calls {@code tick} between polls. A run the inference service
     * rejects before any work (final FAILED with nothing expected, or a run id already used for other
     * content) ends the wait: no other service hears of it.
     */
    Outcome follow(String runId, Map<TopicPartition, Long> from, Set<String> services, Duration timeout,
            Consumer<ResultEvent> each, Runnable tick) {
        assign(from);
        Set<String> finished = new HashSet<>();
        boolean failed = false;
        boolean rejected = false;
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<TopicPartition, Long> drainTo = null;
        while (System.nanoTime() < deadline) {
            if (drainTo == null && (finished.containsAll(services) || rejected)) {
                // a service's final event comes after all its others, but they may sit on other partitions
                drainTo = consumer.endOffsets(from.keySet());
            }
            if (drainTo != null && drainTo.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue())) {
                return failed ? Outcome.FAILED : Outcome.COMPLETED;
            }
            for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                ResultEvent event = read(record.value());
                if (event == null || !runId.equals(event.runId())) {
                    continue;
                }
                each.accept(event);
                if (event instanceof ErrorEvent error && error.code() == ErrorCode.RUN_ID_REUSED) {
                    failed = rejected = true; // the run id names another request: nothing runs
                }
                if (event instanceof ProgressEvent progress && progress.model() == null && progress.suite() == null
                        && progress.isFinal()) {
                    finished.add(progress.service());
                    failed |= progress.status() == ProgressEvent.Status.FAILED;
                    rejected |= progress.service().equals(Services.INFERENCE)
                            && progress.status() == ProgressEvent.Status.FAILED && progress.expected() == 0;
                }
            }
            tick.run();
        }
        return Outcome.TIMED_OUT;
    }

    /** The last request submitted under this run id, if fathom.requests still holds it. */
    Optional<EvaluationRequest> findRequest(String runId) {
        List<TopicPartition> partitions = partitions(Topics.REQUESTS);
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        byte[] found = null;
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p)) && System.nanoTime() < deadline) {
            for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                if (runId.equals(record.key())) {
                    found = record.value();
                }
            }
        }
        return found != null && new RequestParser().parse(found) instanceof RequestParser.Accepted accepted
                ? Optional.of(accepted.request()) : Optional.empty();
    }

    /** Every result on fathom.results that {@code wanted} accepts, read from the start to the current end. */
    List<ResultEvent> results(Predicate<ResultEvent> wanted) {
        List<ResultEvent> events = new ArrayList<>();
        readToEnd(Topics.RESULTS, startOfResults(), record -> {
            ResultEvent event = read(record.value());
            if (event != null && wanted.test(event)) {
                events.add(event);
            }
        });
        return events;
    }

    /** Every record of fathom.generations whose key {@code wanted} accepts, read from the start to the current end. */
    List<ConsumerRecord<String, byte[]>> generations(Predicate<String> wanted) {
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        readToEnd(Topics.GENERATIONS, consumer.beginningOffsets(partitions(Topics.GENERATIONS)), record -> {
            if (wanted.test(record.key())) {
                records.add(record);
            }
        });
        return records;
    }

    /** Sends the records in order (one producer keeps each key's order) and waits until the broker has them all. */
    void publish(String what, List<ProducerRecord<String, byte[]>> records) {
        List<Future<?>> sent = records.stream().<Future<?>>map(producer::send).toList();
        try {
            for (Future<?> each : sent) {
                each.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: could not " + what, e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not " + what + ": " + e.getCause().getMessage(), e.getCause());
        }
    }

    /** Headers and sizes of the run's hidden-state events written after {@code from}. */
    List<StateSummary> hiddenStates(String runId, Map<TopicPartition, Long> from) {
        List<StateSummary> states = new ArrayList<>();
        readToEnd(Topics.HIDDEN_STATES, from, record -> {
            if (record.key() != null && record.key().startsWith(runId + "/") && !SuiteEnd.isSuiteEnd(record.value())) {
                states.add(new StateSummary(HiddenStateCodec.decodeHeader(record.value()), record.value().length));
            }
        });
        return states;
    }

    /** Hands every record from {@code from} to the partitions' current end to {@code each}; five minutes at most. */
    private void readToEnd(String topic, Map<TopicPartition, Long> from,
            Consumer<ConsumerRecord<String, byte[]>> each) {
        Map<TopicPartition, Long> end = consumer.endOffsets(from.keySet());
        assign(from);
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (from.keySet().stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("could not read " + topic + " to its end within 5 minutes");
            }
            consumer.poll(Duration.ofMillis(500)).forEach(each);
        }
    }

    private void assign(Map<TopicPartition, Long> from) {
        consumer.assign(from.keySet());
        from.forEach(consumer::seek);
    }

    private List<TopicPartition> partitions(String topic) {
        return consumer.partitionsFor(topic).stream().map(p -> new TopicPartition(topic, p.partition())).toList();
    }

    private static ResultEvent read(byte[] value) {
        try {
            return Json.MAPPER.readValue(value, ResultEvent.class);
        } catch (IOException e) {
            return null; // a result kind this CLI does not know yet
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
        admin.close(Duration.ofSeconds(5));
        consumer.close(Duration.ofSeconds(5));
    }
}
