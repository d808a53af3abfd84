package io.fathom.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.fathom.contracts.Json;
import io.fathom.contracts.Topics;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
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
 * Fault injection against the packaged services and a KRaft broker running as OS processes
 * ({@code deploy/local/stack.sh up} under a FATHOM_HOME and ports of the campaign's own, loopback only).
 * Every round submits the same three runs (a probing run of inline items on the embedded MiniLM, the
 * shipped scoring demo, the shipped datamix demo) under new run ids. The first round is the undisturbed
 * baseline and the second an undisturbed control (it checks that what is normalised away is all that
 * differs between two quiet runs); in each later round
 * one fault is injected, in turn: SIGKILL of a service or of the broker once the inference-service has done
 * a set share of the items of the run the target is working on (the scoring or the datamix run for those
 * services, the probing run otherwise), then {@code stack.sh up} starts it again; or a rebalance, a second instance of a service
 * joining its consumer group at submission and leaving (SIGTERM) at that share of the probing run. Every result record
 * of the campaign's runs on {@code fathom.results} is kept; at the end each run's records are compared
 * key by key with the baseline's, run ids replaced and the {@code at} timestamps removed.
 */
final class FaultBenchmark {

    static final List<String> SERVICES = List.of("inference", "probe", "scoring", "datamix");
    static final List<String> FAULTS = List.of("inference", "probe", "scoring", "datamix", "broker", "rebalance");
    static final List<String> REBALANCED = List.of("probe", "inference");
    static final List<String> KINDS = List.of("probing", "scoring", "datamix");

    record Options(int rounds, int items, int suites, List<String> faults, double at, Path home, int kafkaPort,
            int firstPort, Duration roundTimeout) {
        String bootstrap() {
            return "127.0.0.1:" + kafkaPort;
        }
    }

    static Options options(String[] args) {
        Map<String, String> given = Bench.keyValues(args);
        return new Options(Integer.parseInt(given.getOrDefault("rounds", "12")),
                Integer.parseInt(given.getOrDefault("items", "3000")),
                Integer.parseInt(given.getOrDefault("suites", "3")),
                List.of(given.getOrDefault("faults", String.join(",", FAULTS)).split(",")),
                Double.parseDouble(given.getOrDefault("at", "0.5")),
                Path.of(given.getOrDefault("home", "benchmarks/target/faults-home")).toAbsolutePath(),
                Integer.parseInt(given.getOrDefault("kafkaPort", "19092")),
                Integer.parseInt(given.getOrDefault("firstPort", "18081")),
                Duration.ofMinutes(Integer.parseInt(given.getOrDefault("roundMinutes", "8"))));
    }

    /** One record of a campaign run on fathom.results, as read. */
    record Rec(String key, JsonNode value) {
    }

    /** What happened in one round. */
    static final class Round {
        final String label;
        final String fault;
        final String target; // the stack's process name, or the rebalanced service
        final Map<String, String> runIds = new LinkedHashMap<>(); // kind -> run id
        final long start = System.nanoTime();
        volatile long end;
        volatile boolean complete;
        volatile int openAtFault = -1; // runs of the round the fault's target still owed its final when it hit
        volatile double injectedAt = Double.NaN; // s after submission
        volatile double progressAt = Double.NaN; // the inference-service's share of the watched run done then
        volatile double recovered = Double.NaN; // s from the kill until the process was ready again
        volatile double joined = Double.NaN; // rebalance: s after submission when the second instance was ready
        volatile String problem;

        Round(String label, String fault, String target) {
            this.label = label;
            this.fault = fault;
            this.target = target;
        }

        double seconds() {
            return (end - start) / 1e9;
        }
    }

    private final Options o;
    private final Path root = Path.of("").toAbsolutePath();
    private final Map<String, List<Rec>> records = new ConcurrentHashMap<>();
    /** run id -> service -> nanoTime its run-level final was first read. */
    private final Map<String, Map<String, Long>> finals = new ConcurrentHashMap<>();
    private final Map<Integer, Long> positions = new ConcurrentHashMap<>();
    /** run id -> inference's latest per model/suite progress key -> items done. */
    private final Map<String, Map<String, Long>> inferenceDone = new ConcurrentHashMap<>();
    private final List<Process> extras = new CopyOnWriteArrayList<>();
    private final String prefix = "fault-" + System.currentTimeMillis() / 1000;
    private final List<String> texts;
    private volatile boolean stop;

    private FaultBenchmark(Options o) {
        this.o = o;
        this.texts = BenchTexts.generate(o.items(), 20261201L);
    }

    static void run(Options o) throws Exception {
        new FaultBenchmark(o).campaign();
    }

    private void campaign() throws Exception {
        if (!Files.exists(root.resolve("deploy/local/stack.sh"))) {
            throw new IllegalStateException("run from the project root (benchmarks/run.sh does)");
        }
        System.out.printf("fault campaign %s: %d rounds over %s, %d items in %d probing suites, faults at %.0f%% of the"
                + " watched run's items inferred, stack under %s (Kafka %s, services from port %d), %d cores here%n", prefix,
                o.rounds(), o.faults(), o.items(), o.suites(), 100 * o.at(), o.home(), o.bootstrap(), o.firstPort(),
                Runtime.getRuntime().availableProcessors());
        Thread follower = null;
        try {
            stack("up");
            CountDownLatch following = new CountDownLatch(1);
            follower = new Thread(() -> follow(following), "fault-results");
            follower.setDaemon(true);
            follower.start();
            if (!following.await(2, TimeUnit.MINUTES)) {
                throw new IllegalStateException("could not start reading " + Topics.RESULTS);
            }
            List<Round> rounds = new ArrayList<>();
            try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, o.bootstrap(), ProducerConfig.ACKS_CONFIG, "all",
                    ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 16 * 1024 * 1024), new StringSerializer(),
                    new ByteArraySerializer())) {
                Round baseline = play(producer, new Round("baseline", "none", null), null);
                rounds.add(baseline);
                if (!baseline.complete) {
                    throw new IllegalStateException("the undisturbed baseline did not complete: " + baseline.problem);
                }
                System.out.printf("  baseline: complete in %.1f s%n", baseline.seconds());
                Round control = play(producer, new Round("control", "none", null), null);
                rounds.add(control);
                System.out.printf("  control: %s in %.1f s%n", control.complete ? "complete" : "INCOMPLETE",
                        control.seconds());
                if (!control.complete) {
                    throw new IllegalStateException("the undisturbed control did not complete: " + control.problem);
                }
                int rebalances = 0;
                for (int i = 0; i < o.rounds(); i++) {
                    String fault = o.faults().get(i % o.faults().size());
                    String target = switch (fault) {
                        case "broker" -> "kafka";
                        case "rebalance" -> REBALANCED.get(rebalances++ % REBALANCED.size());
                        default -> fault;
                    };
                    Round round = play(producer, new Round("r" + (i + 1), fault, target), control);
                    rounds.add(round);
                    System.out.printf("  %s %s%s: %s in %.1f s%s%n", round.label, fault,
                            fault.equals("rebalance") ? " " + target : "", round.complete ? "complete" : "INCOMPLETE",
                            round.seconds(), round.problem == null ? "" : " (" + round.problem + ")");
                }
            }
            Thread.sleep(10_000); // late duplicates, if any, are counted too
            report(rounds);
        } finally {
            stop = true;
            for (Process extra : extras) {
                extra.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
            stack("down");
            if (follower != null) {
                follower.join(10_000);
            }
        }
    }

    // ---- one round

    /** Submits the round's runs, injects its fault ({@code reference}: a complete round, for item counts), waits. */
    private Round play(KafkaProducer<String, byte[]> producer, Round round, Round reference) throws Exception {
        for (String kind : KINDS) {
            String runId = prefix + "-" + round.label + "-" + kind;
            round.runIds.put(kind, runId);
            producer.send(new ProducerRecord<>(Topics.REQUESTS, runId, request(kind, runId))).get(1, TimeUnit.MINUTES);
        }
        Thread fault = null;
        if (reference != null && !round.fault.equals("none")) {
            // the run whose input the target is working through: the fault fires when the inference-service
            // has done the set share of that run's items (as many as the baseline's run had)
            String kind = switch (round.target) {
                case "scoring" -> "scoring";
                case "datamix" -> "datamix";
                default -> "probing";
            };
            String watched = round.runIds.get(kind);
            long items = expectedItems(reference.runIds.get(kind));
            fault = new Thread(() -> {
                try {
                    inject(round, watched, items);
                } catch (Exception e) {
                    round.problem = "fault thread: " + e;
                }
            }, "fault-" + round.label);
            fault.start();
        }
        long deadline = round.start + o.roundTimeout().toNanos();
        while (!finished(round) && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        round.end = finished(round) ? lastFinal(round, null) : System.nanoTime();
        round.complete = finished(round);
        if (!round.complete) {
            round.problem = "run-level finals missing after " + o.roundTimeout().toMinutes() + " min: " + missing(round);
        }
        if (fault != null) {
            fault.join(TimeUnit.MINUTES.toMillis(5));
        }
        drain();
        return round;
    }

    private void inject(Round round, String watched, long items) throws Exception {
        if (round.fault.equals("rebalance")) {
            Process extra = startExtra(round.target);
            long ready = awaitReady(o.firstPort() + 4, extra, Duration.ofMinutes(3));
            round.joined = (ready - round.start) / 1e9;
            sleepUntil(ready + TimeUnit.SECONDS.toNanos(5));
            awaitShare(round, watched, items);
            round.openAtFault = open(round, round.target);
            round.injectedAt = (System.nanoTime() - round.start) / 1e9;
            extra.destroy(); // SIGTERM: a graceful scale-down, the member leaves the group
            if (!extra.waitFor(60, TimeUnit.SECONDS)) {
                extra.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
                round.problem = "the second instance did not stop within 60 s of SIGTERM";
            }
            extras.remove(extra);
            return;
        }
        awaitShare(round, watched, items);
        String process = round.target.equals("kafka") ? "kafka" : round.target + "-service";
        round.openAtFault = open(round, round.fault.equals("broker") ? null : round.target);
        long pid = Long.parseLong(Files.readString(o.home().resolve("pids/" + process + ".pid")).trim());
        ProcessHandle handle = ProcessHandle.of(pid).orElseThrow(() -> new IllegalStateException(
                process + " (pid " + pid + ") is not running"));
        long killed = System.nanoTime();
        round.injectedAt = (killed - round.start) / 1e9;
        handle.destroyForcibly(); // SIGKILL
        handle.onExit().get(30, TimeUnit.SECONDS);
        stack("up"); // starts what is not running and waits until it is ready
        round.recovered = (System.nanoTime() - killed) / 1e9;
    }

    /** The items the inference-service's run-level final of {@code runId} counted. */
    private long expectedItems(String runId) {
        return records.getOrDefault(runId, List.of()).stream().map(Rec::value)
                .filter(e -> runFinal(e) && e.path("service").asText().equals("inference"))
                .mapToLong(e -> e.path("expected").asLong()).findFirst().orElse(1);
    }

    /** Waits until the inference-service has done the set share of {@code runId}'s items, or finished it. */
    private void awaitShare(Round round, String runId, long items) throws InterruptedException {
        long deadline = round.start + o.roundTimeout().toNanos();
        double share = 0;
        while (System.nanoTime() < deadline
                && !finals.getOrDefault(runId, Map.of()).containsKey("inference")) {
            share = inferenceDone.getOrDefault(runId, Map.of()).values().stream().mapToLong(Long::longValue).sum()
                    / (double) items;
            if (share >= o.at()) {
                break;
            }
            Thread.sleep(50);
        }
        round.progressAt = finals.getOrDefault(runId, Map.of()).containsKey("inference") ? 1 : share;
    }

    /** Runs of the round that involve {@code service} (any service: null) whose final from it is not in yet. */
    private int open(Round round, String service) {
        int open = 0;
        for (Map.Entry<String, String> run : round.runIds.entrySet()) {
            for (String s : services(run.getKey())) {
                if ((service == null || s.equals(service)) && !finals.getOrDefault(run.getValue(), Map.of())
                        .containsKey(s)) {
                    open++;
                    break;
                }
            }
        }
        return open;
    }

    private static List<String> services(String kind) {
        return List.of("inference", switch (kind) {
            case "probing" -> "probe";
            case "scoring" -> "scoring";
            default -> "datamix";
        });
    }

    private boolean finished(Round round) {
        return open(round, null) == 0;
    }

    private String missing(Round round) {
        List<String> missing = new ArrayList<>();
        round.runIds.forEach((kind, runId) -> services(kind).stream()
                .filter(s -> !finals.getOrDefault(runId, Map.of()).containsKey(s)).forEach(s -> missing.add(kind + "/" + s)));
        return missing.toString();
    }

    /** When the last run-level final of the round (from {@code service}, or any) was read. */
    private long lastFinal(Round round, String service) {
        long last = round.start;
        for (String runId : round.runIds.values()) {
            for (Map.Entry<String, Long> f : finals.getOrDefault(runId, Map.of()).entrySet()) {
                if (service == null || f.getKey().equals(service)) {
                    last = Math.max(last, f.getValue());
                }
            }
        }
        return last;
    }

    private byte[] request(String kind, String runId) throws IOException {
        if (kind.equals("probing")) {
            return LoadBenchmark.request(runId, texts, o.suites(), "fault");
        }
        ObjectNode request = (ObjectNode) Json.MAPPER.readTree(root.resolve("samples/" + kind + "-demo.json").toFile());
        request.put("runId", runId);
        return Json.MAPPER.writeValueAsBytes(request);
    }

    // ---- processes

    private void stack(String command) throws Exception {
        ProcessBuilder builder = new ProcessBuilder("deploy/local/stack.sh", command).directory(root.toFile())
                .redirectErrorStream(true);
        Files.createDirectories(o.home());
        builder.redirectOutput(ProcessBuilder.Redirect.appendTo(o.home().resolve("stack.log").toFile()));
        Map<String, String> env = builder.environment();
        env.put("FATHOM_HOME", o.home().toString());
        env.put("FATHOM_KAFKA_PORT", String.valueOf(o.kafkaPort()));
        env.put("FATHOM_CONTROLLER_PORT", String.valueOf(o.kafkaPort() + 1));
        for (int i = 0; i < SERVICES.size(); i++) {
            env.put("FATHOM_" + SERVICES.get(i).toUpperCase() + "_PORT", String.valueOf(o.firstPort() + i));
        }
        Process process = builder.start();
        if (!process.waitFor(10, TimeUnit.MINUTES) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IllegalStateException("stack.sh " + command + " failed; see " + o.home().resolve("stack.log"));
        }
    }

    /** A second instance of {@code service} in its consumer group, set up as stack.sh sets up the first. */
    private Process startExtra(String service) throws IOException {
        String name = service + "-service";
        Path logs = o.home().resolve("logs");
        Files.createDirectories(logs);
        Files.writeString(logs.resolve(name + "-2.log"), "\n===== second instance started " + Instant.now() + " =====\n",
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx2g", "--add-modules=jdk.incubator.vector", "-jar", root.resolve(name + "/target/quarkus-app/quarkus-run.jar").toString())
                .directory(root.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logs.resolve(name + "-2.log").toFile()));
        Map<String, String> env = builder.environment();
        env.put("KAFKA_BOOTSTRAP_SERVERS", o.bootstrap());
        env.put("QUARKUS_HTTP_HOST", "127.0.0.1");
        env.put("QUARKUS_HTTP_PORT", String.valueOf(o.firstPort() + 4));
        switch (service) {
            case "inference" -> env.put("FATHOM_INFERENCE_DATASET_ROOTS", root.resolve("samples") + ","
                    + o.home().resolve("data"));
            case "probe" -> env.put("FATHOM_PROBE_DATA_DIR", o.home().resolve("probe-data-2").toString());
            case "datamix" -> {
                env.put("FATHOM_DATAMIX_DATA_DIR", o.home().resolve("datamix-data-2").toString());
                env.put("FATHOM_DATAMIX_SINK_DIR", o.home().resolve("mixtures").toString());
            }
            default -> {
            }
        }
        Process process = builder.start();
        extras.add(process);
        return process;
    }

    private static long awaitReady(int port, Process process, Duration timeout) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the second instance exited while starting");
            }
            try {
                HttpResponse<Void> response = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/q/health/ready")).timeout(Duration.ofSeconds(5))
                        .build(), HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return System.nanoTime();
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("the second instance was not ready within " + timeout);
    }

    private static void sleepUntil(long nanos) throws InterruptedException {
        long left = nanos - System.nanoTime();
        if (left > 0) {
            TimeUnit.NANOSECONDS.sleep(left);
        }
    }

    // ---- results

    /** Reads fathom.results from its end on, keeping the campaign's records and noting run-level finals. */
    private void follow(CountDownLatch following) {
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, o.bootstrap(),
                ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 16 * 1024 * 1024), new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.RESULTS).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position);
            following.countDown();
            while (!stop) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    JsonNode event;
                    try {
                        event = Json.MAPPER.readTree(record.value());
                    } catch (Exception e) {
                        continue;
                    }
                    String runId = event.path("runId").asText("");
                    if (!runId.startsWith(prefix + "-")) {
                        continue;
                    }
                    records.computeIfAbsent(runId, r -> new CopyOnWriteArrayList<>()).add(new Rec(record.key(), event));
                    if (progress(event) && event.path("service").asText().equals("inference")
                            && event.hasNonNull("model")) {
                        inferenceDone.computeIfAbsent(runId, r -> new ConcurrentHashMap<>())
                                .merge(record.key(), event.path("done").asLong(), Math::max);
                    }
                    if (runFinal(event)) {
                        finals.computeIfAbsent(runId, r -> new ConcurrentHashMap<>())
                                .putIfAbsent(event.path("service").asText(), System.nanoTime());
                    }
                }
                try {
                    for (TopicPartition tp : partitions) {
                        positions.put(tp.partition(), consumer.position(tp, Duration.ofSeconds(5)));
                    }
                } catch (Exception e) {
                    // the broker is away; the next poll tries again
                }
            }
        }
    }

    private static boolean progress(JsonNode event) {
        return event.path("type").asText().equals("progress");
    }

    private static boolean runFinal(JsonNode event) {
        // null fields are left out of the JSON
        return progress(event) && !event.hasNonNull("model") && !event.hasNonNull("suite")
                && !event.path("status").asText().equals("RUNNING");
    }

    /** Waits until the follower has read fathom.results up to its present end. */
    private void drain() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        Map<TopicPartition, Long> end = null;
        while (end == null && System.nanoTime() < deadline) {
            try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, o.bootstrap()), new StringDeserializer(),
                    new ByteArrayDeserializer())) {
                end = consumer.endOffsets(consumer.partitionsFor(Topics.RESULTS).stream()
                        .map(p -> new TopicPartition(p.topic(), p.partition())).toList(), Duration.ofSeconds(30));
            } catch (Exception e) {
                Thread.sleep(1_000);
            }
        }
        while (end != null && System.nanoTime() < deadline
                && end.entrySet().stream().anyMatch(e -> positions.getOrDefault(e.getKey().partition(), 0L)
                        < e.getValue())) {
            Thread.sleep(200);
        }
    }

    /** The record as compared: without its timestamp, the run id replaced wherever it occurs. */
    static JsonNode normalise(JsonNode value, String runId) {
        if (value.isTextual()) {
            return value.asText().contains(runId) ? TextNode.valueOf(value.asText().replace(runId, "<run>")) : value;
        }
        if (value.isObject()) {
            ObjectNode copy = Json.MAPPER.createObjectNode();
            for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                if (!field.getKey().equals("at")) {
                    copy.set(field.getKey(), normalise(field.getValue(), runId));
                }
            }
            return copy;
        }
        if (value.isArray()) {
            ArrayNode copy = Json.MAPPER.createArrayNode();
            value.forEach(v -> copy.add(normalise(v, runId)));
            return copy;
        }
        return value;
    }

    /** A run's records by normalised key (running progress left out: its counts are snapshots). */
    private Map<String, List<JsonNode>> byKey(String runId) {
        Map<String, List<JsonNode>> byKey = new TreeMap<>();
        for (Rec rec : records.getOrDefault(runId, List.of())) {
            if (progress(rec.value()) && rec.value().path("status").asText().equals("RUNNING")) {
                continue;
            }
            byKey.computeIfAbsent(rec.key().replace(runId, "<run>"), k -> new ArrayList<>())
                    .add(normalise(rec.value(), runId));
        }
        return byKey;
    }

    /** Counts of one run against the baseline's run of its kind. */
    static final class Tally {
        int runs;
        int complete;
        int expected;
        int arrived;
        int equal;
        int missing;
        int extra;
        int duplicateRecords;
        int duplicatedKeys;
        int duplicatesDiffering;
        final List<String> notes = new ArrayList<>();

        void add(Tally t) {
            runs += t.runs;
            complete += t.complete;
            expected += t.expected;
            arrived += t.arrived;
            equal += t.equal;
            missing += t.missing;
            extra += t.extra;
            duplicateRecords += t.duplicateRecords;
            duplicatedKeys += t.duplicatedKeys;
            duplicatesDiffering += t.duplicatesDiffering;
            notes.addAll(t.notes);
        }
    }

    private Tally compare(Round round, Round baseline) {
        Tally tally = new Tally();
        for (String kind : KINDS) {
            String runId = round.runIds.get(kind);
            Map<String, List<JsonNode>> expected = byKey(baseline.runIds.get(kind));
            Map<String, List<JsonNode>> got = byKey(runId);
            tally.runs++;
            if (services(kind).stream().allMatch(s -> finals.getOrDefault(runId, Map.of()).containsKey(s))) {
                tally.complete++;
            }
            for (Map.Entry<String, List<JsonNode>> e : expected.entrySet()) {
                tally.expected++;
                List<JsonNode> copies = got.get(e.getKey());
                if (copies == null) {
                    tally.missing++;
                    tally.notes.add(round.label + " missing " + e.getKey().replace("<run>", runId));
                    continue;
                }
                tally.arrived++;
                JsonNode reference = e.getValue().get(0);
                if (copies.stream().allMatch(reference::equals)) {
                    tally.equal++;
                } else {
                    tally.notes.add(round.label + " differs " + e.getKey().replace("<run>", runId) + ": "
                            + copies.stream().filter(c -> !reference.equals(c)).findFirst().orElseThrow()
                            + " vs baseline " + reference);
                }
            }
            for (Map.Entry<String, List<JsonNode>> e : got.entrySet()) {
                if (!expected.containsKey(e.getKey())) {
                    tally.extra++;
                    tally.notes.add(round.label + " extra " + e.getKey().replace("<run>", runId) + ": "
                            + e.getValue().get(0));
                }
                List<JsonNode> copies = e.getValue();
                if (copies.size() > 1) {
                    tally.notes.add(round.label + " " + copies.size() + " copies of " + e.getKey().replace("<run>",
                            runId));
                    tally.duplicatedKeys++;
                    tally.duplicateRecords += copies.size() - 1;
                    if (copies.stream().anyMatch(c -> !c.equals(copies.get(0)))) {
                        tally.duplicatesDiffering++;
                        tally.notes.add(round.label + " duplicates of " + e.getKey().replace("<run>", runId)
                                + " differ");
                    }
                }
            }
        }
        return tally;
    }

    // ---- report

    private void report(List<Round> rounds) {
        Round baseline = rounds.get(0);
        Map<String, Integer> keysPerKind = new LinkedHashMap<>();
        for (String kind : KINDS) {
            keysPerKind.put(kind, byKey(baseline.runIds.get(kind)).size());
        }
        System.out.printf("%nbaseline: %.1f s, result keys per run %s; run-level finals at (s) %s%n",
                baseline.seconds(), keysPerKind, finalsTimes(baseline));
        System.out.printf("control: %.1f s; run-level finals at (s) %s%n", rounds.get(1).seconds(),
                finalsTimes(rounds.get(1)));
        System.out.println();
        System.out.println("| round | fault | target's runs open when it hit | injected at (s) | items of the watched"
                + " run inferred then | killed until ready again (s) | round time (s) | runs complete | keys arrived"
                + " / expected | values equal | missing | extra | duplicate records (keys) |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        Map<String, Tally> byFault = new LinkedHashMap<>();
        Map<String, List<Round>> roundsByFault = new LinkedHashMap<>();
        List<String> notes = new ArrayList<>();
        for (Round round : rounds) {
            Tally t = compare(round, baseline);
            notes.addAll(t.notes);
            String fault = round.fault.equals("rebalance") ? "rebalance " + round.target
                    : round.fault.equals("none") ? "none (" + round.label + ")" : "SIGKILL " + round.fault;
            byFault.computeIfAbsent(fault, f -> new Tally()).add(t);
            roundsByFault.computeIfAbsent(fault, f -> new ArrayList<>()).add(round);
            System.out.printf("| %s | %s | %s | %s | %s | %s | %.1f | %d / %d | %d / %d | %d | %d | %d | %d (%d) |%n",
                    round.label, fault + (round.fault.equals("rebalance") && !Double.isNaN(round.joined)
                            ? String.format(" (joined at %.1f s)", round.joined) : ""),
                    round.openAtFault < 0 ? "-" : round.openAtFault + " of " + openable(round),
                    Double.isNaN(round.injectedAt) ? "-" : String.format("%.1f", round.injectedAt),
                    Double.isNaN(round.progressAt) ? "-" : String.format("%.0f%% (%s)", 100 * round.progressAt,
                            round.target.equals("scoring") || round.target.equals("datamix") ? round.target
                                    : "probing"),
                    Double.isNaN(round.recovered) ? "-" : String.format("%.1f", round.recovered), round.seconds(),
                    t.complete, t.runs, t.arrived, t.expected, t.equal, t.missing, t.extra, t.duplicateRecords,
                    t.duplicatedKeys);
        }
        System.out.println();
        System.out.println("| fault | injections | runs complete / submitted | keys arrived / expected | values equal"
                + " to the baseline | missing | extra | duplicate records (keys) | duplicates differing"
                + " | killed until ready (s), median / max | round time (s), median / max |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|---|");
        Tally total = new Tally();
        int injections = 0;
        for (Map.Entry<String, Tally> e : byFault.entrySet()) {
            Tally t = e.getValue();
            List<Round> of = roundsByFault.get(e.getKey());
            boolean injected = !e.getKey().startsWith("none");
            if (injected) {
                total.add(t);
                injections += of.size();
            }
            System.out.printf("| %s | %s | %d / %d | %d / %d | %d | %d | %d | %d (%d) | %d | %s | %s |%n", e.getKey(),
                    injected ? String.valueOf(of.size()) : "-", t.complete, t.runs, t.arrived, t.expected, t.equal,
                    t.missing, t.extra, t.duplicateRecords, t.duplicatedKeys, t.duplicatesDiffering,
                    spread(of.stream().mapToDouble(r -> r.recovered).filter(d -> !Double.isNaN(d)).sorted().toArray()),
                    spread(of.stream().mapToDouble(Round::seconds).sorted().toArray()));
        }
        System.out.printf("| all faults | %d | %d / %d | %d / %d | %d | %d | %d | %d (%d) | %d | | |%n", injections,
                total.complete, total.runs, total.arrived, total.expected, total.equal, total.missing, total.extra,
                total.duplicateRecords, total.duplicatedKeys, total.duplicatesDiffering);
        rounds.stream().filter(r -> r.problem != null).forEach(r -> notes.add(r.label + ": " + r.problem));
        if (!notes.isEmpty()) {
            System.out.println();
            notes.forEach(n -> System.out.println("note: " + (n.length() > 600 ? n.substring(0, 600) + " ..." : n)));
        }
    }

    private int openable(Round round) {
        if (round.fault.equals("broker")) {
            return round.runIds.size();
        }
        return (int) round.runIds.keySet().stream().filter(k -> services(k).contains(round.target)).count();
    }

    private Map<String, String> finalsTimes(Round round) {
        Map<String, String> times = new LinkedHashMap<>();
        round.runIds.forEach((kind, runId) -> finals.getOrDefault(runId, Map.of()).forEach((s, t) ->
                times.put(kind + "/" + s, String.format("%.1f", (t - round.start) / 1e9))));
        return times;
    }

    private static String spread(double[] sorted) {
        if (sorted.length == 0) {
            return "-";
        }
        return String.format("%.1f / %.1f", sorted[(sorted.length - 1) / 2], sorted[sorted.length - 1]);
    }
}
