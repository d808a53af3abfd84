package io.fathom.probe;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fathom.contracts.result.ErrorEvent;
import io.fathom.contracts.result.ProbeLayerResult;
import io.fathom.contracts.result.ProbeSummary;
import io.fathom.contracts.result.ProgressEvent;
import io.fathom.contracts.result.ResultEvent;
import io.fathom.probe.SyntheticStates.Item;
import io.fathom.testsupport.PackagedService;
import io.fathom.testsupport.RunResults;
import io.fathom.testsupport.TestTopics;
import io.fathom.testsupport.TopicReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
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
    static final String STORED = "fathom_probe_items_total{outcome=\"stored\"";
    static final String REJECTED = "fathom_probe_items_total{outcome=\"rejected\"";
    static final String DUPLICATE = "fathom_consumer_records_total{consumer=\"probe-suites\",outcome=\"duplicate\"";

    @Test
    void aRestartMidRunLosesNothingAndCountsNothingTwice() throws Exception {
        long started = System.nanoTime();
        TestTopics.createServiceTopics(PREFIX, 1);
        Path dataDir = Files.createTempDirectory("probe-restart");
        Map<String, String> env = new HashMap<>(TestTopics.serviceEnv(PREFIX, GROUP));
        env.put("FATHOM_PROBE_DATA_DIR", dataDir.toString());
        String warmup = "restart-warmup";
        String runA = "restart-killed";
        String runB = "restart-reference";
        List<Item> items = SyntheticStates.items(TRAIN, DEV, TEST, CLASSES);
        List<Item> warmupItems = SyntheticStates.items(60, 20, 20, 2);
        int half = ITEMS / 2;
        String first = MODELS.get(0);
        String second = MODELS.get(1);
        int duplicates = 0;
        try (PackagedService one = PackagedService.start("probe-restart-first", JAR, env)) {
            // a finished run before the kill: the restart must not see it again
            List<byte[]> records = new ArrayList<>();
            for (String model : MODELS) {
                warmupItems.forEach(item -> records.add(event(warmup, model, item)));
                records.add(SyntheticStates.end(warmup, model, MODELS, SUITE, warmupItems.size()));
            }
            TopicReader.sendAll(STATES, warmup + "/" + SUITE, records);
            RunResults.awaitRunEnd(RESULTS, warmup, "probe", TIMEOUT);

            // run A: the first half of the first model's states only
            records.clear();
            items.subList(0, half).forEach(item -> records.add(event(runA, first, item)));
            long firstOffsetOfA = TopicReader.sendAll(STATES, runA + "/" + SUITE, records).get(0);
            int storedBeforeKill = 2 * warmupItems.size() + half;
            one.await("the first process stores " + storedBeforeKill + " items", TIMEOUT,
                    () -> one.metric(STORED) >= storedBeforeKill);
            one.await("the first process commits up to the first record of run A", TIMEOUT,
                    () -> TestTopics.committed(GROUP, STATES, 0) == firstOffsetOfA);
            assertThat(one.metric(STORED)).isEqualTo(storedBeforeKill);
            assertThat(one.metric(DUPLICATE)).isZero();
            assertThat(RunResults.of(RESULTS, runA)).as("nothing of run A is published before the kill").isEmpty();
            one.kill();
        }
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
        TopicReader.sendAll(STATES, runA + "/" + SUITE, records);
        TestTopics.evictMembers(GROUP);

        try (PackagedService two = PackagedService.start("probe-restart-second", JAR, env)) {
            RunResults.awaitRunEnd(RESULTS, runA, "probe", TIMEOUT);
            // the reference: the same items and values under run B, in one go, no restart
            records.clear();
            for (String model : MODELS) {
                items.forEach(item -> records.add(event(runB, model, item)));
                records.add(SyntheticStates.end(runB, model, MODELS, SUITE, ITEMS));
            }
            TopicReader.sendAll(STATES, runB + "/" + SUITE, records);
            RunResults.awaitRunEnd(RESULTS, runB, "probe", TIMEOUT);

            // every distinct item stored once per run, each duplicate recognised as such
            assertThat(two.metric(STORED)).as("items stored by the second process").isEqualTo(2 * 2 * ITEMS);
            assertThat(two.metric(DUPLICATE)).isEqualTo(duplicates);
            assertThat(two.metric(REJECTED)).isZero();
        } finally {
            deleteQuietly(dataDir);
        }

        // every result of A equals B's, field by field; a key seen twice only as the same result
        Map<String, JsonNode> a = RunResults.normalised(RESULTS, runA);
        Map<String, JsonNode> b = RunResults.normalised(RESULTS, runB);
        assertThat(a).isEqualTo(b);
        List<ResultEvent> results = RunResults.of(RESULTS, runA);
        assertThat(results).filteredOn(e -> e instanceof ErrorEvent).as("errors of run A").isEmpty();
        List<ProbeLayerResult> layers = results.stream().filter(e -> e instanceof ProbeLayerResult)
                .map(e -> (ProbeLayerResult) e).distinct().toList();
        assertThat(layers).hasSize(MODELS.size() * SyntheticStates.LAYERS).allSatisfy(layer -> {
            assertThat(layer.trainCount()).as("train items of %s", layer.key()).isEqualTo(TRAIN);
            assertThat(layer.devCount()).as("dev items of %s", layer.key()).isEqualTo(DEV);
            assertThat(layer.testCount()).as("test items of %s", layer.key()).isEqualTo(TEST);
            assertThat(layer.classes()).isEqualTo(CLASSES);
            assertThat(layer.controlAccuracy()).isNotNull();
        });
        // the probes did learn something, so that equal results are not trivially equal
        ProbeLayerResult noise = layer(layers, first, 0);
        ProbeLayerResult signal = layer(layers, first, 2);
        assertThat(signal.testAccuracy()).isGreaterThan(noise.testAccuracy() + 0.2).isLessThan(1.0);
        ProbeSummary summary = results.stream().filter(e -> e instanceof ProbeSummary).map(e -> (ProbeSummary) e)
                .findFirst().orElseThrow();
        assertThat(summary.comparisons().get(0).items()).isEqualTo(TEST);
        assertThat(summary.comparisons().get(0).pValue()).isBetween(0.0, 1.0);

        // progress: every model complete with all of its items, each once; then the suite and the run
        List<ProgressEvent> progress = results.stream().filter(e -> e instanceof ProgressEvent)
                .map(e -> (ProgressEvent) e).distinct().toList();
        assertThat(progress.stream().filter(p -> p.model() != null)).hasSize(MODELS.size()).allSatisfy(p -> {
            assertThat(p.status()).isEqualTo(ProgressEvent.Status.COMPLETED);
            assertThat(p.expected()).isEqualTo(ITEMS);
            assertThat(p.done()).isEqualTo(ITEMS);
            assertThat(p.failed()).isZero();
        });
        assertThat(progress.stream().filter(p -> p.model() == null)).as("the suite's and the run's final events")
                .hasSize(2).allSatisfy(p -> {
                    assertThat(p.status()).isEqualTo(ProgressEvent.Status.COMPLETED);
                    assertThat(p.expected()).isEqualTo(MODELS.size() * ITEMS);
                    assertThat(p.done()).isEqualTo(MODELS.size() * ITEMS);
                });

        // the run finished before the kill was not replayed after the restart
        assertThat(RunResults.publications(RESULTS, warmup).values()).as("results of the warm-up run").containsOnly(1L);
        assertThat(TopicReader.readAll(PREFIX + "dead-letter")).isEmpty();
        Files.writeString(Path.of("target/probe-restart-summary.txt"), "items per model: " + ITEMS
                + ", stored before the kill: " + half + ", duplicates: " + duplicates + ", seconds: "
                + Duration.ofNanos(System.nanoTime() - started).toSeconds() + "\n");
    }

    /** Same values for the same (model, item) whatever the run: the signal depends on the item only. */
    private static byte[] event(String runId, String model, Item item) {
        double strength = model.startsWith("strong") ? 0.8 : 0.5;
        return SyntheticStates.event(runId, model, SUITE, item, strength, 11);
    }

    private static ProbeLayerResult layer(List<ProbeLayerResult> layers, String model, int layer) {
        return layers.stream().filter(l -> l.model().equals(model) && l.layer() == layer).findFirst().orElseThrow();
    }

    private static void deleteQuietly(Path directory) {
        // SpillDirectory.deleteRecursively is not on failsafe's class path: the service is a separate process here
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            // a temporary directory; nothing depends on its removal
        }
    }
}
