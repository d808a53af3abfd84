package io.fathom.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fathom.contracts.Json;
import io.fathom.contracts.Topics;
import io.fathom.contracts.result.ProgressEvent;
import io.fathom.contracts.result.ResultEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Sustained submissions against a running stack ({@code deploy/local/stack.sh up}): a ladder of
 * rates, each held for a few minutes, of small probing runs (the embedded model, inline items).
 * Per step it reports runs completed, end-to-end latency percentiles (submit to the probe-service's
 * run-level final), the inference stage's share of it, item throughput, and the consumer lag of the
 * inference and probe groups sampled every 5 s; a step whose lag is still growing when its
 * submissions stop is past saturation. Beside these outside measurements, each step reads the
 * services' own meters before and after: items per second each stage counted, and where the
 * probe-service's suites spent their time (collecting, queued for a worker, training, publishing).
 */
final class LoadBenchmark {

    record Options(String bootstrap, List<Integer> ratesPerMinute, int minutes, int items, Duration drain,
            String inferenceUrl, String probeUrl) {
    }

    private static final List<String> PROBE_STAGES = List.of("collect", "queue", "compute", "publish");

    /** When a run was sent and when each service published its run-level final, in nanoseconds. */
    private static final class Run {
        final long sent = System.nanoTime();
        volatile long inference;
        volatile long probe;
        volatile boolean failed;
    }

    static Options options(String[] args) {
        Map<String, String> given = Bench.keyValues(args);
        return new Options(given.getOrDefault("bootstrap", "127.0.0.1:9092"),
                java.util.Arrays.stream(given.getOrDefault("rates", "2,4,8,16").split(",")).map(Integer::parseInt)
                        .toList(), Integer.parseInt(given.getOrDefault("minutes", "2")),
                Integer.parseInt(given.getOrDefault("items", "200")),
                Duration.ofMinutes(Integer.parseInt(given.getOrDefault("drainMinutes", "5"))),
                given.getOrDefault("inference", "http://127.0.0.1:8081"),
                given.getOrDefault("probe", "http://127.0.0.1:8082"));
    }

    static void run(Options o) throws Exception {
        Map<String, Run> runs = new ConcurrentHashMap<>();
        List<String> texts = BenchTexts.generate(o.items(), 20261201L);
        System.out.printf("load against %s: rates %s runs/min, %d min each, %d items per run, %d cores here%n",
                o.bootstrap(), o.ratesPerMinute(), o.minutes(), o.items(), Runtime.getRuntime().availableProcessors());
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, o.bootstrap(), ProducerConfig.ACKS_CONFIG, "all"),
                new StringSerializer(), new ByteArraySerializer());
                Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, o.bootstrap()))) {
            Thread follower = new Thread(() -> follow(o.bootstrap(), runs), "load-results");
            follower.setDaemon(true);
            follower.start();
            System.out.println();
            System.out.println("| runs/min | items/s offered | runs done / sent | end-to-end p50 / p90 / p99 / max (s)"
                    + " | inference share of p50 | items/s done | max lag inference / probe (records) | lag at end"
                    + " of submissions | meters: items/s inference / probe | meters: probe suite mean s collect /"
                    + " queue / compute / publish | end-to-end mean (s) |");
            System.out.println("|---|---|---|---|---|---|---|---|---|---|---|");
            long stamp = System.currentTimeMillis() / 1000;
            for (int rate : o.ratesPerMinute()) {
                List<String> ids = new ArrayList<>();
                long[] maxLag = new long[2];
                MetricsScrape inferenceBefore = MetricsScrape.of(o.inferenceUrl());
                MetricsScrape probeBefore = MetricsScrape.of(o.probeUrl());
                long start = System.nanoTime();
                long end = start + TimeUnit.MINUTES.toNanos(o.minutes());
                long interval = TimeUnit.MINUTES.toNanos(1) / rate;
                long next = start;
                while (System.nanoTime() < end) {
                    if (System.nanoTime() >= next) {
                        String runId = "load-" + stamp + "-" + rate + "-" + ids.size();
                        runs.put(runId, new Run());
                        producer.send(new ProducerRecord<>(Topics.REQUESTS, runId, request(runId, texts, 1, "load")));
                        ids.add(runId);
                        next += interval;
                    }
                    sampleLag(admin, maxLag);
                    Thread.sleep(Math.max(1, Math.min(5_000, TimeUnit.NANOSECONDS.toMillis(next - System.nanoTime()))));
                }
                long[] atEnd = new long[2];
                sampleLag(admin, atEnd);
                long drainUntil = System.nanoTime() + o.drain().toNanos();
                while (System.nanoTime() < drainUntil && ids.stream().anyMatch(id -> runs.get(id).probe == 0
                        && !runs.get(id).failed)) {
                    sampleLag(admin, maxLag);
                    Thread.sleep(2_000);
                }
                long nanos = System.nanoTime() - start;
                String meters = meters(MetricsScrape.of(o.inferenceUrl()).since(inferenceBefore,
                        "fathom_inference_items_total", "outcome=\"done\""), probeBefore, MetricsScrape.of(o.probeUrl()),
                        nanos / 1e9);
                report(rate, o, ids.stream().map(runs::get).toList(), nanos, maxLag, atEnd, meters);
            }
        }
    }

    /**
     * A probing run of the embedded MiniLM over {@code texts}, split into {@code suites} suites of consecutive
     * items ({@code name}, or {@code name-0}, {@code name-1}, ... when several).
     */
    static byte[] request(String runId, List<String> texts, int suites, String name) throws java.io.IOException {
        ObjectNode request = Json.MAPPER.createObjectNode().put("schemaVersion", 1).put("runId", runId);
        request.putArray("models").add("all-minilm-l6-v2");
        ArrayNode suiteNodes = request.putArray("suites");
        int per = (texts.size() + suites - 1) / suites;
        for (int s = 0; s < suites; s++) {
            ObjectNode suite = suiteNodes.addObject().put("name", suites == 1 ? name : name + "-" + s)
                    .put("kind", "probing");
            ArrayNode items = suite.putArray("items");
            for (int i = s * per; i < Math.min(texts.size(), (s + 1) * per); i++) {
                String text = texts.get(i);
                // a label the states carry (long or short sentence), so the probe has something to learn
                items.addObject().put("id", "i" + i).put("text", text)
                        .put("label", text.split(" ").length > 8 ? "long" : "short")
                        .put("split", i % 10 < 7 ? "train" : i % 10 < 8 ? "dev" : "test");
            }
        }
        return Json.MAPPER.writeValueAsBytes(request);
    }

    /** Reads fathom.results from its end on, noting each load run's run-level finals. */
    private static void follow(String bootstrap, Map<String, Run> runs) {
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap), new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.RESULTS).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            while (true) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    ResultEvent event;
                    try {
                        event = Json.MAPPER.readValue(record.value(), ResultEvent.class);
                    } catch (Exception e) {
                        continue;
                    }
                    Run run = runs.get(event.runId());
                    if (run != null && event instanceof ProgressEvent p && p.model() == null && p.suite() == null
                            && p.isFinal()) {
                        run.failed |= p.status() == ProgressEvent.Status.FAILED;
                        if (p.service().equals("inference")) {
                            run.inference = System.nanoTime();
                        } else if (p.service().equals("probe")) {
                            run.probe = System.nanoTime();
                        }
                    }
                }
            }
        }
    }

    /** Adds the current lag of the inference and probe groups, and keeps the larger in {@code max}. */
    private static void sampleLag(Admin admin, long[] max) {
        String[][] groups = {{"fathom-inference", Topics.REQUESTS}, {"fathom-probe", Topics.HIDDEN_STATES}};
        for (int g = 0; g < groups.length; g++) {
            try {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(groups[g][0])
                        .partitionsToOffsetAndMetadata().get(5, TimeUnit.SECONDS);
                String topic = groups[g][1];
                Map<TopicPartition, OffsetSpec> latest = committed.keySet().stream()
                        .filter(tp -> tp.topic().equals(topic))
                        .collect(Collectors.toMap(tp -> tp, tp -> OffsetSpec.latest()));
                long lag = 0;
                for (var end : admin.listOffsets(latest).all().get(5, TimeUnit.SECONDS).entrySet()) {
                    OffsetAndMetadata at = committed.get(end.getKey());
                    lag += end.getValue().offset() - (at == null ? 0 : at.offset());
                }
                max[g] = Math.max(max[g], lag);
            } catch (Exception e) {
                // a group that has not committed yet has no lag to report
            }
        }
    }

    /** The step as the services counted it: items/s per stage, and the probe's mean time per suite by stage. */
    private static String meters(double inferenceItems, MetricsScrape before, MetricsScrape after, double seconds) {
        double probeItems = after.since(before, "fathom_probe_items_total", "outcome=\"stored\"");
        List<String> stages = new ArrayList<>();
        for (String stage : PROBE_STAGES) {
            String[] labels = {"consumer=\"probe-suites\"", "stage=\"" + stage + "\""};
            double count = after.since(before, "fathom_consumer_stage_seconds_count", labels);
            stages.add(count == 0 ? "-" : String.format("%.2f",
                    after.since(before, "fathom_consumer_stage_seconds_sum", labels) / count));
        }
        return String.format("%.1f / %.1f | %s", inferenceItems / seconds, probeItems / seconds,
                String.join(" / ", stages));
    }

    private static void report(int rate, Options o, Collection<Run> step, long nanos, long[] maxLag, long[] atEnd,
            String meters) {
        List<Double> total = new ArrayList<>();
        List<Double> inference = new ArrayList<>();
        for (Run run : step) {
            if (run.probe > 0 && !run.failed) {
                total.add((run.probe - run.sent) / 1e9);
                inference.add((run.inference - run.sent) / 1e9);
            }
        }
        total.sort(null);
        inference.sort(null);
        double seconds = nanos / 1e9;
        System.out.printf("| %d | %.1f | %d / %d | %s | %s | %.1f | %d / %d | %d / %d | %s | %s |%n", rate,
                rate * o.items() / 60.0, total.size(), step.size(), total.isEmpty() ? "-"
                        : String.format("%.1f / %.1f / %.1f / %.1f", pct(total, 50), pct(total, 90), pct(total, 99),
                                total.get(total.size() - 1)),
                total.isEmpty() ? "-" : String.format("%.0f%%", 100 * pct(inference, 50) / pct(total, 50)),
                total.size() * (double) o.items() / seconds, maxLag[0], maxLag[1], atEnd[0], atEnd[1], meters,
                total.isEmpty() ? "-" : String.format("%.2f", total.stream().mapToDouble(d -> d).average().orElse(0)));
    }

    private static double pct(List<Double> sorted, int p) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }
}
