package io.fathom.inference;

import static org.assertj.core.api.Assertions.assertThat;

import io.fathom.contracts.Json;
import io.fathom.contracts.hidden.HiddenStateCodec;
import io.fathom.contracts.hidden.HiddenStateEvent;
import io.fathom.contracts.hidden.SuiteEnd;
import io.fathom.contracts.result.ProgressEvent;
import io.fathom.contracts.result.ResultEvent;
import io.fathom.testsupport.EmbeddedKafka;
import io.fathom.testsupport.TopicReader;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * The packaged service is killed (SIGKILL) in the middle of a run and started again: the request
 * is delivered again because its offset was never committed, the new process resumes the run from
 * its checkpoint, so that it publishes again at most a checkpoint interval (and the batch in
 * flight) of what the killed one had published, the run completes with the whole run's counts,
 * every item is on the topic, and every item's states are bit-identical to an undisturbed run's.
 * Runs the real quarkus-run.jar against the shared broker, on topics of its own so that it does
 * not meet the in-JVM service of the other tests.
 */
class KillAndRestartIT {

    static final String PREFIX = "killtest.";
    static final Path JAR = Path.of("target/quarkus-app/quarkus-run.jar");
    static final int CHECKPOINT_ITEMS = 64;
    static final int BATCH = 16;

    private static Process start(String name) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g", "-jar", JAR.toString())
                .redirectErrorStream(true)
                .redirectOutput(new File("target/" + name + ".log"));
        Map<String, String> env = builder.environment();
        env.put("KAFKA_BOOTSTRAP_SERVERS", EmbeddedKafka.bootstrapServers());
        env.put("QUARKUS_HTTP_HOST", "127.0.0.1");
        env.put("QUARKUS_HTTP_PORT", "0");
        env.put("FATHOM_MESSAGING_TOPICS_REQUESTS", PREFIX + "requests");
        env.put("MP_MESSAGING_INCOMING_REQUESTS_GROUP_ID", "killtest-inference");
        // the broker notices the killed member after this long and hands its partition on
        env.put("MP_MESSAGING_INCOMING_REQUESTS_SESSION_TIMEOUT_MS", "6000");
        env.put("MP_MESSAGING_INCOMING_REQUESTS_HEARTBEAT_INTERVAL_MS", "1000");
        env.put("FATHOM_MESSAGING_TOPICS_DEAD_LETTER", PREFIX + "dead-letter");
        env.put("FATHOM_MESSAGING_TOPICS_HIDDEN_STATES", PREFIX + "hidden-states");
        env.put("FATHOM_MESSAGING_TOPICS_RESULTS", PREFIX + "results");
        env.put("FATHOM_INFERENCE_CHECKPOINT_ITEMS", String.valueOf(CHECKPOINT_ITEMS));
        return builder.start();
    }

    private static List<ConsumerRecord<String, byte[]>> records(String runId) {
        return TopicReader.readAll(PREFIX + "hidden-states").stream().filter(r -> r.key().startsWith(runId + "/"))
                .toList();
    }

    private static List<ConsumerRecord<String, byte[]>> states(String runId) {
        return records(runId).stream().filter(r -> !SuiteEnd.isSuiteEnd(r.value())).toList();
    }

    private static ProgressEvent awaitRunEnd(String runId) {
        ConsumerRecord<String, byte[]> end = TopicReader.await(PREFIX + "results", r -> {
            ResultEvent event = read(r.value());
            return event instanceof ProgressEvent p && runId.equals(p.runId()) && p.model() == null && p.isFinal();
        }, Duration.ofMinutes(4));
        return (ProgressEvent) read(end.value());
    }

    @Test
    void aRunSurvivesTheServiceBeingKilledMidway() throws Exception {
        assertThat(JAR).as("run by failsafe after the package phase").exists();
        String runId = "run-killed";
        int items = 2000;
        Process first = start("killtest-first");
        try {
            TopicReader.send(PREFIX + "requests", runId, InferenceRunTest.probingRequest(runId,
                    List.of("all-minilm-l6-v2"), InferenceRunTest.texts(items), BATCH).getBytes(StandardCharsets.UTF_8));
            long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
            while (states(runId).size() < 200) {
                assertThat(first.isAlive()).as("first service process is running").isTrue();
                assertThat(System.nanoTime()).as("first events within 3 minutes").isLessThan(deadline);
                Thread.sleep(200);
            }
        } finally {
            first.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
        int beforeKill = states(runId).size();
        assertThat(beforeKill).as("killed mid-run").isLessThan(items);

        String undisturbed = "run-undisturbed";
        Process second = start("killtest-second");
        try {
            ProgressEvent progress = awaitRunEnd(runId);
            assertThat(progress.status()).isEqualTo(ProgressEvent.Status.COMPLETED);
            assertThat(progress.done()).as("the whole run's count, not the resumed part's").isEqualTo(items);
            // the same items, run start to end by the same process, to compare the states with
            TopicReader.send(PREFIX + "requests", undisturbed, InferenceRunTest.probingRequest(undisturbed,
                    List.of("all-minilm-l6-v2"), InferenceRunTest.texts(items), BATCH).getBytes(StandardCharsets.UTF_8));
            assertThat(awaitRunEnd(undisturbed).done()).isEqualTo(items);
        } finally {
            second.destroy();
            second.waitFor(30, TimeUnit.SECONDS);
        }

        Map<String, HiddenStateEvent> reference = new HashMap<>();
        states(undisturbed).forEach(r -> {
            HiddenStateEvent event = HiddenStateCodec.decode(r.value());
            reference.put(event.header().itemId(), event);
        });
        assertThat(reference).hasSize(items);
        Set<String> seen = new HashSet<>();
        int duplicates = 0;
        for (ConsumerRecord<String, byte[]> record : states(runId)) {
            HiddenStateEvent event = HiddenStateCodec.decode(record.value());
            String item = event.header().itemId();
            assertThat(Arrays.equals(event.halfValues(), reference.get(item).halfValues()))
                    .as("%s has the states of an undisturbed run", item).isTrue();
            if (!seen.add(item)) {
                duplicates++;
            }
        }
        assertThat(seen).as("every item is on the topic").hasSize(items);
        assertThat(duplicates).as("republished after the restart: at most a checkpoint interval and a batch, of the %d"
                + " published before the kill", beforeKill).isLessThanOrEqualTo(CHECKPOINT_ITEMS + BATCH)
                .isLessThan(beforeKill);
        List<SuiteEnd> markers = records(runId).stream().filter(r -> SuiteEnd.isSuiteEnd(r.value()))
                .map(r -> SuiteEnd.parse(r.value())).toList();
        assertThat(markers).as("the suite closed once, counting all its items").singleElement()
                .satisfies(m -> assertThat(List.of(m.items(), m.failed())).containsExactly((long) items, 0L));
        Files.writeString(Path.of("target/killtest-summary.txt"), "events before kill: " + beforeKill
                + ", published again after restart: " + duplicates + " (checkpoint every " + CHECKPOINT_ITEMS
                + " items)\n");
    }

    private static ResultEvent read(byte[] value) {
        try {
            return Json.MAPPER.readValue(value, ResultEvent.class);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
