package io.fathom.cli;

import io.fathom.contracts.Json;
import io.fathom.contracts.Topics;
import io.fathom.contracts.hidden.HiddenStateCodec;
import io.fathom.contracts.hidden.SuiteEnd;
import io.fathom.contracts.hidden.HiddenStateHeader;
import io.fathom.contracts.result.ErrorEvent;
import io.fathom.contracts.result.ProgressEvent;
import io.fathom.contracts.result.ResultEvent;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.function.Consumer;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
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

    RunClient(String bootstrap) {
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 15_000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                20_000));
        Properties producerProps = new Properties();
        producerProps.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        producerProps.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, MAX_MESSAGE_BYTES);
        producerProps.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
        producerProps.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 20_000);
        producerProps.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 20_000);
        producer = new KafkaProducer<>(producerProps, new StringSerializer(), new ByteArraySerializer());
        Properties consumerProps = new Properties();
        consumerProps.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        consumerProps.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, MAX_MESSAGE_BYTES);
        consumerProps.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 20_000);
        consumer = new KafkaConsumer<>(consumerProps, new StringDeserializer(), new ByteArrayDeserializer());
    }

    /** Creates whichever fathom topics are missing; returns their names. */
    List<String> ensureTopics() {
        return TopicSetup.ensure(admin);
    }

    void submit(String runId, byte[] request) {
        try {
            producer.send(new ProducerRecord<>(Topics.REQUESTS, runId, request)).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while submitting", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not submit run " + runId + ": " + e.getCause().getMessage(),
                    e.getCause());
        }
    }

    Offsets endOffsets() {
        return new Offsets(consumer.endOffsets(partitions(Topics.RESULTS)),
                consumer.endOffsets(partitions(Topics.HIDDEN_STATES)));
    }

    Map<TopicPartition, Long> startOfResults() {
        return consumer.beginningOffsets(partitions(Topics.RESULTS));
    }

    /**
     * Prints the run's progress and errors until every listed service has reported its final
     * progress, and hands every result of the run to {@code collect}. Services that report per
     * (model, suite) or per suite (probe, scoring) count as finished after the number of final
     * scoped events {@code scopes} gives them. A run the inference service rejects ends the wait.
     */
    Outcome follow(String runId, Map<TopicPartition, Long> from, Set<String> services, Map<String, Integer> scopes,
            Duration timeout, PrintStream out, Consumer<ResultEvent> collect) {
        assign(from);
        Set<String> finished = new HashSet<>();
        Map<String, Set<String>> scoped = new HashMap<>();
        // a service with nothing of this run to do sends nothing for it
        scopes.forEach((service, count) -> {
            if (count == 0) {
                finished.add(service);
            }
        });
        boolean failed = false;
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<String, Long> lastPrinted = new HashMap<>();
        Map<TopicPartition, Long> drainTo = null;
        while (System.nanoTime() < deadline) {
            if (drainTo == null && (finished.containsAll(services) || failed)) {
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
                collect.accept(event);
                if (event instanceof ErrorEvent error) {
                    out.printf("[%s] ERROR %s (%s): %s%n", error.service(), error.code(), error.scope(),
                            error.message());
                    error.details().stream().skip(1).forEach(d -> out.println("    " + d));
                } else if (event instanceof ProgressEvent progress) {
                    boolean runLevel = progress.model() == null && progress.suite() == null;
                    String scope = runLevel ? "run" : progress.model() == null ? "suite " + progress.suite()
                            : progress.model() + " / " + progress.suite();
                    if (!progress.isFinal() && lastPrinted.getOrDefault(scope, -1L) == progress.done()) {
                        continue;
                    }
                    lastPrinted.put(scope, progress.done());
                    out.printf("[%s] %-9s %s: %d/%d done, %d failed, %d truncated%n", progress.service(),
                            progress.status(), scope, progress.done(), progress.expected(), progress.failed(),
                            progress.truncated());
                    if (runLevel && progress.isFinal()) {
                        finished.add(progress.service());
                        failed |= progress.status() == ProgressEvent.Status.FAILED;
                    } else if (scopes.containsKey(progress.service()) && progress.isFinal()) {
                        Set<String> done = scoped.computeIfAbsent(progress.service(), s -> new HashSet<>());
                        done.add(scope);
                        if (done.size() >= scopes.get(progress.service())) {
                            finished.add(progress.service());
                        }
                    }
                }
            }
        }
        return Outcome.TIMED_OUT;
    }

    /** Headers and sizes of the run's hidden-state events written after {@code from}. */
    List<StateSummary> hiddenStates(String runId, Map<TopicPartition, Long> from) {
        Map<TopicPartition, Long> end = consumer.endOffsets(from.keySet());
        assign(from);
        List<StateSummary> states = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (from.keySet().stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("could not read " + Topics.HIDDEN_STATES + " to its end within 5 minutes");
            }
            for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                if (record.key() != null && record.key().startsWith(runId + "/") && !SuiteEnd.isSuiteEnd(record.value())) {
                    states.add(new StateSummary(HiddenStateCodec.decodeHeader(record.value()),
                            record.value().length));
                }
            }
        }
        return states;
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
