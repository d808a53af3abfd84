package io.fathom.bench;

import io.fathom.contracts.Json;
import io.fathom.contracts.Topics;
import io.fathom.contracts.hidden.HiddenStateCodec;
import io.fathom.contracts.hidden.SuiteEnd;
import io.fathom.contracts.result.ProgressEvent;
import io.fathom.contracts.result.ResultEvent;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.LogDirDescription;
import org.apache.kafka.clients.admin.NewTopic;
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

/**
 * The packaged inference service (quarkus-run.jar) as a separate process against a broker, timed
 * from the request's send to the moment the last hidden-state event of the run can be consumed.
 */
final class ServiceUnderTest implements AutoCloseable {

    static final int HTTP_PORT = 18081;

    private final String bootstrap;
    private final Process process;
    private final KafkaProducer<String, byte[]> producer;
    private final KafkaConsumer<String, byte[]> states;
    private final KafkaConsumer<String, byte[]> results;
    private long eventsSeen;
    private long valuesPerEvent;

    ServiceUnderTest(String bootstrap, Path jar, Path log) throws Exception {
        this.bootstrap = bootstrap;
        try (Admin admin = Admin.create(java.util.Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            java.util.Set<String> existing = admin.listTopics().names().get();
            admin.createTopics(java.util.stream.Stream.of(new NewTopic(Topics.REQUESTS, 1, (short) 1),
                    new NewTopic(Topics.HIDDEN_STATES, 3, (short) 1), new NewTopic(Topics.RESULTS, 1, (short) 1))
                    .filter(t -> !existing.contains(t.name())).toList()).all().get();
        }
        ProcessBuilder builder = new ProcessBuilder("java", "-Xmx2g", "-jar", jar.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("KAFKA_BOOTSTRAP_SERVERS", bootstrap);
        builder.environment().put("QUARKUS_HTTP_HOST", "127.0.0.1");
        builder.environment().put("QUARKUS_HTTP_PORT", String.valueOf(HTTP_PORT));
        process = builder.start();
        Properties producerProps = new Properties();
        producerProps.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        producerProps.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 16 << 20);
        producer = new KafkaProducer<>(producerProps, new StringSerializer(), new ByteArraySerializer());
        states = consumer(Topics.HIDDEN_STATES);
        results = consumer(Topics.RESULTS);
    }

    private KafkaConsumer<String, byte[]> consumer(String topic) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 16 << 20);
        
        KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new ByteArrayDeserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                .map(p -> new TopicPartition(topic, p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        return consumer;
    }

    static String request(String runId, String model, List<String> texts, int batchSize) {
        String items = java.util.stream.IntStream.range(0, texts.size())
                .mapToObj(i -> "{\"id\":\"t" + i + "\",\"text\":\"" + texts.get(i) + "\",\"label\":\"x\"}")
                .collect(Collectors.joining(","));
        return "{\"schemaVersion\":1,\"runId\":\"" + runId + "\",\"models\":[\"" + model + "\"],"
                + "\"suites\":[{\"name\":\"bench\",\"kind\":\"probing\",\"items\":[" + items + "]}],"
                + "\"options\":{\"batchSize\":" + batchSize + "}}";
    }

    /** CPU seconds the service process and this process (client and any embedded broker) used in the last run. */
    double[] lastRunCpu = new double[2];

    private static double cpuSeconds(ProcessHandle handle) {
        return handle.info().totalCpuDuration().map(d -> d.toNanos() / 1e9).orElse(Double.NaN);
    }

    /**
     * Submits a run and returns the seconds until its final progress event arrived: the service
     * publishes it only once the broker has acknowledged every hidden-state event of the run, so at
     * that moment all of them are on the topic. They are counted afterwards, outside the timing,
     * so that the measuring client does not take CPU from the service while it runs.
     */
    double run(String runId, String model, List<String> texts, int batchSize, Duration timeout) throws Exception {
        double serviceCpu = cpuSeconds(process.toHandle());
        double benchCpu = cpuSeconds(ProcessHandle.current());
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        producer.send(new ProducerRecord<>(Topics.REQUESTS, runId,
                request(runId, model, texts, batchSize).getBytes(StandardCharsets.UTF_8))).get();
        awaitFinalProgress(runId, deadline);
        double seconds = (System.nanoTime() - start) / 1e9;
        lastRunCpu = new double[] {cpuSeconds(process.toHandle()) - serviceCpu,
                cpuSeconds(ProcessHandle.current()) - benchCpu};
        int seen = 0;
        while (seen < texts.size()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("run " + runId + " has " + seen + " of " + texts.size() + " events");
            }
            for (ConsumerRecord<String, byte[]> record : states.poll(Duration.ofMillis(100))) {
                if (SuiteEnd.isSuiteEnd(record.value())) {
                    continue;
                }
                if (valuesPerEvent == 0) {
                    valuesPerEvent = HiddenStateCodec.decodeHeader(record.value()).valueCount();
                }
                eventsSeen++;
                if (record.key().startsWith(runId + "/")) {
                    seen++;
                }
            }
        }
        return seconds;
    }

    private void awaitFinalProgress(String runId, long deadline) throws Exception {
        while (System.nanoTime() < deadline && process.isAlive()) {
            for (ConsumerRecord<String, byte[]> record : results.poll(Duration.ofMillis(50))) {
                ResultEvent event = Json.MAPPER.readValue(record.value(), ResultEvent.class);
                if (event instanceof ProgressEvent p && runId.equals(p.runId()) && p.model() == null && p.isFinal()) {
                    if (p.failed() > 0 || p.done() == 0) {
                        throw new IllegalStateException("run " + runId + " ended " + p);
                    }
                    return;
                }
            }
        }
        throw new IllegalStateException("no final progress for " + runId
                + (process.isAlive() ? "" : "; the service died, see " + logFile()));
    }

    /** Mean milliseconds per batch of each service stage, from its Prometheus metrics. */
    String stageBreakdown() throws Exception {
        java.net.http.HttpResponse<String> metrics = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + HTTP_PORT + "/q/metrics"))
                        .build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        java.util.Map<String, double[]> stages = new java.util.TreeMap<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(
                "fathom_inference_stage_seconds_(sum|count)\\{[^}]*stage=\"([a-z-]+)\"[^}]*} ([0-9.E-]+)")
                .matcher(metrics.body());
        while (m.find()) {
            double[] sumCount = stages.computeIfAbsent(m.group(2), k -> new double[2]);
            sumCount[m.group(1).equals("sum") ? 0 : 1] = Double.parseDouble(m.group(3));
        }
        StringBuilder out = new StringBuilder();
        stages.forEach((stage, sc) -> out.append(String.format("%s %.2f ms, ", stage, 1000 * sc[0] / sc[1])));
        return out.toString();
    }

    /** Bytes the hidden-state topic holds on the broker's disk per value published. */
    double bytesPerValueOnTopic() throws Exception {
        try (Admin admin = Admin.create(java.util.Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            int broker = admin.describeCluster().nodes().get().iterator().next().id();
            long bytes = 0;
            for (LogDirDescription dir : admin.describeLogDirs(List.of(broker)).allDescriptions().get().get(broker)
                    .values()) {
                bytes += dir.replicaInfos().entrySet().stream()
                        .filter(e -> e.getKey().topic().equals(Topics.HIDDEN_STATES))
                        .mapToLong(e -> e.getValue().size()).sum();
            }
            return (double) bytes / (eventsSeen * valuesPerEvent);
        }
    }

    @Override
    public void close() throws Exception {
        producer.close();
        states.close();
        results.close();
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }

    static Path serviceJar() {
        Path jar = Path.of("inference-service/target/quarkus-app/quarkus-run.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar.toAbsolutePath() + " is missing: build with ./mvnw package first");
        }
        return jar;
    }

    static Path logFile() {
        return new File("benchmarks/target/inference-service.log").toPath();
    }
}
