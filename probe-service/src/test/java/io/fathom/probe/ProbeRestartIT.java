package io.fathom.probe;

import static org.assertj.core.api.Assertions.assertThat;

import io.fathom.contracts.result.ErrorEvent;
import io.fathom.contracts.result.ProbeLayerResult;
import io.fathom.contracts.result.ProbeSummary;
import io.fathom.contracts.result.ProgressEvent;
import io.fathom.contracts.result.ResultEvent;
import io.fathom.probe.SyntheticStates.Item;
import io.fathom.testsupport.EmbeddedKafka;
import io.fathom.testsupport.TopicReader;
import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.RemoveMembersFromConsumerGroupOptions;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * A restart of the probe-service in the middle of a run loses nothing and counts nothing twice:
 * the results equal those of an uninterrupted run.
 *
 * <p>The packaged service ({@code quarkus-run.jar}) runs as a child process against the shared
 * embedded broker, on topics of its own. It finishes a small warm-up run, then receives the first
 * half of one model's hidden states of run A and is killed with SIGKILL once it has stored them
 * (and has committed exactly up to A's first record). The rest of A arrives while it is down,
 * with re-sent duplicates; a second process with the same group id and data directory resumes
 * from the committed offset and completes A. The same data, without duplicates and without a
 * restart, then goes through the same process as run B, the reference: every result of A equals
 * B's, field by field, and counts every item once.
 */
class ProbeRestartIT {

    static final String PREFIX = "restarttest.";
    static final String STATES = PREFIX + "hidden-states";
    static final String RESULTS = PREFIX + "results";
    static final String DEAD_LETTER = PREFIX + "dead-letter";
    /** Both processes use it: the second resumes from the offsets the first committed. */
    static final String GROUP = "restarttest-probe";
    static final Path JAR = Path.of("target/quarkus-app/quarkus-run.jar");
    static final Duration TIMEOUT = Duration.ofMinutes(3);
    static final String SUITE = "synthetic";
    static final List<String> MODELS = List.of("strong@1", "weak@1");
    static final int TRAIN = 2400;
    static final int DEV = 600;
    static final int TEST = 1000;
    static final int ITEMS = TRAIN + DEV + TEST;
    static final int CLASSES = 3;

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    record Service(Process process, int port, String name) {
    }

    @Test
    void aRestartMidRunLosesNothingAndCountsNothingTwice() throws Exception {
        assertThat(JAR).as("run by failsafe after the package phase").exists();
        long started = System.nanoTime();
        createTopics();
        Path dataDir = Files.createTempDirectory("probe-restart");
        String warmup = "restart-warmup";
        String runA = "restart-killed";
        String runB = "restart-reference";
        List<Item> items = SyntheticStates.items(TRAIN, DEV, TEST, CLASSES);
        List<Item> warmupItems = SyntheticStates.items(60, 20, 20, 2);
        int half = ITEMS / 2;
        String first = MODELS.get(0);
        String second = MODELS.get(1);
        int duplicates = 0;
        Service one = null;
        Service two = null;
        try (KafkaProducer<String, byte[]> producer = producer(); Admin admin = admin()) {
            // a finished run before the kill: the restart must not see it again
            List<byte[]> records = new ArrayList<>();
            for (String model : MODELS) {
                warmupItems.forEach(item -> records.add(event(warmup, model, item)));
                records.add(SyntheticStates.end(warmup, model, MODELS, SUITE, warmupItems.size()));
            }
            sendAll(producer, warmup, records);
            one = start("probe-restart-first", dataDir);
            awaitRun(warmup, one);

            // run A: the first half of the first model's states only
            records.clear();
            items.subList(0, half).forEach(item -> records.add(event(runA, first, item)));
            long firstOffsetOfA = sendAll(producer, runA, records).get(0).offset();
            Service service = one;
            int storedBeforeKill = 2 * warmupItems.size() + half;
            await("the first process stores " + storedBeforeKill + " items", service,
                    () -> counter(service.port(), "stored") >= storedBeforeKill);
            await("the first process commits up to the first record of run A", service,
                    () -> committed(admin) == firstOffsetOfA);
            assertThat(counter(one.port(), "stored")).isEqualTo(storedBeforeKill);
            assertThat(counter(one.port(), "duplicate")).isZero();
            assertThat(results(runA)).as("nothing of run A is published before the kill").isEmpty();
        } finally {
            if (one != null) {
                one.process().destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
        }
        try (KafkaProducer<String, byte[]> producer = producer(); Admin admin = admin()) {
            // the rest of run A while the service is down, with items delivered again
            List<byte[]> records = new ArrayList<>();
            for (Item item : items.subList(0, 50)) {
                records.add(event(runA, first, item));
                duplicates++;
            }
            items.subList(half, ITEMS).forEach(item -> records.add(event(runA, first, item)));
            records.add(SyntheticStates.end(runA, first, MODELS, SUITE, ITEMS));
            for (int i = 0; i < ITEMS; i++) {
                records.add(event(runA, second, items.get(i)));
                if (i % 400 == 7) {
                    records.add(event(runA, second, items.get(i)));
                    duplicates++;
                }
            }
            records.add(event(runA, first, items.get(half + 3)));
            duplicates++;
            records.add(SyntheticStates.end(runA, second, MODELS, SUITE, ITEMS));
            sendAll(producer, runA, records);

            // The broker would drop the killed member after its session timeout (45 s, which the
            // service does not let one set); until then the new member's join waits for it.
            // Evicting it is what the broker does then, only sooner.
            admin.removeMembersFromConsumerGroup(GROUP, new RemoveMembersFromConsumerGroupOptions()).all()
                    .get(30, TimeUnit.SECONDS);

            two = start("probe-restart-second", dataDir);
            awaitRun(runA, two);

            // the reference: the same items and values under run B, in one go, no restart
            records.clear();
            for (String model : MODELS) {
                items.forEach(item -> records.add(event(runB, model, item)));
                records.add(SyntheticStates.end(runB, model, MODELS, SUITE, ITEMS));
            }
            sendAll(producer, runB, records);
            awaitRun(runB, two);

            // every distinct item stored once per run, each duplicate recognised as such
            assertThat(counter(two.port(), "stored")).as("items stored by the second process")
                    .isEqualTo(2 * 2 * ITEMS);
            assertThat(counter(two.port(), "duplicate")).isEqualTo(duplicates);
            assertThat(counter(two.port(), "rejected")).isZero();
        } finally {
            if (two != null) {
                two.process().destroy();
                if (!two.process().waitFor(30, TimeUnit.SECONDS)) {
                    two.process().destroyForcibly().waitFor(30, TimeUnit.SECONDS);
                }
            }
            deleteQuietly(dataDir);
        }

        List<ResultEvent> a = results(runA);
        List<ResultEvent> b = results(runB);
        assertThat(a).filteredOn(e -> e instanceof ErrorEvent).as("errors of run A").isEmpty();
        assertThat(b).filteredOn(e -> e instanceof ErrorEvent).as("errors of run B").isEmpty();

        // layer results: one per (model, pooling, layer); a key seen twice only as the same result
        Map<String, ProbeLayerResult> layersA = layers(a, runA);
        Map<String, ProbeLayerResult> layersB = layers(b, runB);
        assertThat(layersB).hasSize(MODELS.size() * SyntheticStates.LAYERS);
        assertThat(layersA).as("the layer results of the restarted run equal the uninterrupted run's")
                .containsExactlyInAnyOrderEntriesOf(layersB);
        assertThat(layersA.values()).allSatisfy(layer -> {
            assertThat(layer.trainCount()).as("train items of %s", layer.key()).isEqualTo(TRAIN);
            assertThat(layer.devCount()).as("dev items of %s", layer.key()).isEqualTo(DEV);
            assertThat(layer.testCount()).as("test items of %s", layer.key()).isEqualTo(TEST);
            assertThat(layer.classes()).isEqualTo(CLASSES);
            assertThat(layer.controlAccuracy()).isNotNull();
        });
        // the probes did learn something, so that equal results are not trivially equal
        ProbeLayerResult noise = layersA.get(normalKey("probe/" + runA + "/" + SUITE + "/" + first + "/mean/linear/0",
                runA));
        ProbeLayerResult signal = layersA.get(normalKey("probe/" + runA + "/" + SUITE + "/" + first + "/mean/linear/2",
                runA));
        assertThat(signal.testAccuracy()).isGreaterThan(noise.testAccuracy() + 0.2).isLessThan(1.0);

        // summaries: the same curves, best layers, comparisons and p-values
        Map<String, ProbeSummary> summariesA = summaries(a, runA);
        Map<String, ProbeSummary> summariesB = summaries(b, runB);
        assertThat(summariesB).hasSize(1);
        assertThat(summariesA).isEqualTo(summariesB);
        ProbeSummary.Comparison comparison = summariesA.values().iterator().next().comparisons().get(0);
        assertThat(comparison.items()).isEqualTo(TEST);
        assertThat(comparison.pValue()).isBetween(0.0, 1.0);

        // progress: every model complete with all of its items, each once
        for (List<ResultEvent> run : List.of(a, b)) {
            List<ProgressEvent> progress = run.stream().filter(e -> e instanceof ProgressEvent)
                    .map(e -> (ProgressEvent) e).toList();
            assertThat(progress.stream().map(ProgressEvent::model).collect(Collectors.toSet()))
                    .containsExactlyInAnyOrderElementsOf(MODELS);
            assertThat(progress).allSatisfy(p -> {
                assertThat(p.status()).isEqualTo(ProgressEvent.Status.COMPLETED);
                assertThat(p.expected()).isEqualTo(ITEMS);
                assertThat(p.done()).isEqualTo(ITEMS);
                assertThat(p.failed()).isZero();
            });
        }

        // the run finished before the kill was not replayed after the restart
        assertThat(results(warmup).stream().filter(e -> e instanceof ProbeSummary)).as("summaries of the warm-up run")
                .hasSize(1);
        assertThat(TopicReader.readAll(DEAD_LETTER)).isEmpty();
        Files.writeString(Path.of("target/probe-restart-summary.txt"), "items per model: " + ITEMS
                + ", stored before the kill: " + half + ", duplicates: " + duplicates + ", seconds: "
                + Duration.ofNanos(System.nanoTime() - started).toSeconds() + "\n");
    }

    // --- the service process

    private static Service start(String name, Path dataDir) throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-jar", JAR.toString())
                .redirectErrorStream(true)
                .redirectOutput(new File("target/" + name + ".log"));
        Map<String, String> env = builder.environment();
        env.put("KAFKA_BOOTSTRAP_SERVERS", EmbeddedKafka.bootstrapServers());
        env.put("QUARKUS_HTTP_HOST", "127.0.0.1");
        env.put("QUARKUS_HTTP_PORT", String.valueOf(port));
        env.put("FATHOM_PROBE_HIDDEN_STATES_TOPIC", STATES);
        env.put("FATHOM_PROBE_RESULTS_TOPIC", RESULTS);
        env.put("FATHOM_PROBE_DEAD_LETTER_TOPIC", DEAD_LETTER);
        env.put("FATHOM_PROBE_GROUP_ID", GROUP);
        env.put("FATHOM_PROBE_DATA_DIR", dataDir.toString());
        return new Service(builder.start(), port, name);
    }

    /** Waits until the run's summary and the completion of each of its models are published. */
    private static void awaitRun(String runId, Service service) {
        await("the results of run " + runId, service, () -> {
            List<ResultEvent> results = results(runId);
            long completed = results.stream().filter(e -> e instanceof ProgressEvent p && p.isFinal()).count();
            return completed == MODELS.size() && results.stream().anyMatch(e -> e instanceof ProbeSummary);
        });
    }

    private static void await(String what, Service service, BooleanSupplier condition) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(service.process().isAlive()).as("%s is running (see target/%s.log)", service.name(),
                    service.name()).isTrue();
            assertThat(System.nanoTime()).as("%s within %s", what, TIMEOUT).isLessThan(deadline);
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
    }

    /** A counter of {@code fathom_probe_events_total} from the Prometheus endpoint; 0 while it is not up. */
    private static long counter(int port, String outcome) {
        String body;
        try {
            body = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/metrics"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
        return body.lines().filter(l -> l.startsWith("fathom_probe_events_total{")
                && l.contains("outcome=\"" + outcome + "\"")).mapToLong(l -> (long) Double.parseDouble(
                        l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    // --- Kafka

    private static Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, EmbeddedKafka.bootstrapServers()));
    }

    private static void createTopics() throws Exception {
        try (Admin admin = admin()) {
            for (String topic : List.of(STATES, RESULTS, DEAD_LETTER)) {
                try {
                    admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
            }
        }
    }

    /** The group's committed offset on the hidden-states topic, or -1. */
    private static long committed(Admin admin) {
        try {
            OffsetAndMetadata offset = admin.listConsumerGroupOffsets(GROUP).partitionsToOffsetAndMetadata()
                    .get(10, TimeUnit.SECONDS).get(new TopicPartition(STATES, 0));
            return offset == null ? -1 : offset.offset();
        } catch (Exception e) {
            return -1;
        }
    }

    private static KafkaProducer<String, byte[]> producer() {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, EmbeddedKafka.bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        return new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    }

    /** Sends in order, keyed run/suite as the inference service keys them, and waits for the acknowledgements. */
    private static List<RecordMetadata> sendAll(KafkaProducer<String, byte[]> producer, String runId,
            List<byte[]> values) throws Exception {
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        for (byte[] value : values) {
            sent.add(producer.send(new ProducerRecord<>(STATES, runId + "/" + SUITE, value)));
        }
        producer.flush();
        List<RecordMetadata> acknowledged = new ArrayList<>();
        for (Future<RecordMetadata> future : sent) {
            acknowledged.add(future.get(30, TimeUnit.SECONDS));
        }
        return acknowledged;
    }

    /** Same values for the same (model, item) whatever the run: the signal depends on the item only. */
    private static byte[] event(String runId, String model, Item item) {
        double strength = model.startsWith("strong") ? 0.8 : 0.5;
        return SyntheticStates.event(runId, model, SUITE, item, strength, 11);
    }

    private static List<ResultEvent> results(String runId) {
        return TopicReader.readAll(RESULTS).stream().map(SyntheticStates::result).filter(e -> runId.equals(e.runId()))
                .toList();
    }

    // --- comparing runs: run id and time left out

    private static String normalKey(String key, String runId) {
        return key.replace("/" + runId + "/", "/RUN/");
    }

    /** The run's layer results by key; fails if a key was published twice with different content. */
    private static Map<String, ProbeLayerResult> layers(List<ResultEvent> results, String runId) {
        Map<String, Set<ProbeLayerResult>> byKey = results.stream().filter(e -> e instanceof ProbeLayerResult)
                .map(e -> normal((ProbeLayerResult) e, runId))
                .collect(Collectors.groupingBy(ProbeLayerResult::key, Collectors.toCollection(HashSet::new)));
        byKey.forEach((key, versions) -> assertThat(versions).as("publications of %s in run %s", key, runId)
                .hasSize(1));
        return byKey.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().iterator()
                .next()));
    }

    private static ProbeLayerResult normal(ProbeLayerResult r, String runId) {
        return new ProbeLayerResult(r.schemaVersion(), normalKey(r.key(), runId), "RUN", r.service(), r.model(),
                r.suite(), r.task(), r.pooling(), r.layer(), r.probe(), r.testAccuracy(), r.testLow(), r.testHigh(),
                r.devAccuracy(), r.majorityBaseline(), r.controlAccuracy(), r.selectivity(), r.regularization(),
                r.classes(), r.trainCount(), r.devCount(), r.testCount(), null);
    }

    private static Map<String, ProbeSummary> summaries(List<ResultEvent> results, String runId) {
        Map<String, Set<ProbeSummary>> byKey = results.stream().filter(e -> e instanceof ProbeSummary)
                .map(e -> (ProbeSummary) e)
                .map(s -> new ProbeSummary(s.schemaVersion(), normalKey(s.key(), runId), "RUN", s.service(), s.suite(),
                        s.task(), s.pooling(), s.probe(), s.models(), s.comparisons(), null))
                .collect(Collectors.groupingBy(ProbeSummary::key, Collectors.toCollection(HashSet::new)));
        byKey.forEach((key, versions) -> assertThat(versions).as("publications of %s in run %s", key, runId)
                .hasSize(1));
        return byKey.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().iterator()
                .next()));
    }

    private static void deleteQuietly(Path directory) {
        // FeatureStore.deleteRecursively is not on failsafe's class path: the service is a separate process here
        try (java.util.stream.Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            // a temp directory
        }
    }
}
