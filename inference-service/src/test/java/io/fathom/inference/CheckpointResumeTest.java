package io.fathom.inference;

import static org.assertj.core.api.Assertions.assertThat;

import io.fathom.contracts.Json;
import io.fathom.contracts.RecordHeaders;
import io.fathom.contracts.SchemaVersion;
import io.fathom.contracts.Topics;
import io.fathom.contracts.hidden.HiddenStateCodec;
import io.fathom.contracts.hidden.SuiteEnd;
import io.fathom.contracts.result.ProgressEvent;
import io.fathom.inference.domain.Checkpoint;
import io.fathom.inference.listener.RunRegistry;
import io.fathom.testsupport.EmbeddedKafka;
import io.fathom.testsupport.TopicReader;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.utils.Utils;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * A request redelivered with its submission resumes from that submission's checkpoint on
 * fathom.runs and ends with the whole run's counts; the same content under a new submission is a
 * replay and runs whole, whatever checkpoint the first submission has.
 */
@QuarkusTest
@WithTestResource(EmbeddedKafka.class)
class CheckpointResumeTest {

    static final String MINILM = "all-minilm-l6-v2@int8";

    @Inject
    RunRegistry registry;

    /** The position the next request keyed by run id will take on fathom.requests (default partitioner). */
    static String nextSubmission(String runId) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, EmbeddedKafka.bootstrapServers()),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            int partitions = consumer.partitionsFor(Topics.REQUESTS).size();
            int partition = Utils.toPositive(Utils.murmur2(runId.getBytes(StandardCharsets.UTF_8))) % partitions;
            TopicPartition position = new TopicPartition(Topics.REQUESTS, partition);
            return partition + "@" + consumer.endOffsets(List.of(position)).get(position);
        }
    }

    /** The run's hidden-state records (events and markers) of one submission. */
    static List<ConsumerRecord<String, byte[]>> records(String runId, String submission) {
        return TopicReader.readAll(Topics.HIDDEN_STATES).stream().filter(r -> r.key().startsWith(runId + "/"))
                .filter(r -> submission.equals(RecordHeaders.get(r.headers(), RecordHeaders.SUBMISSION))).toList();
    }

    static List<String> items(List<ConsumerRecord<String, byte[]>> records) {
        return records.stream().filter(r -> !SuiteEnd.isSuiteEnd(r.value()))
                .map(r -> HiddenStateCodec.decodeHeader(r.value()).itemId()).toList();
    }

    static SuiteEnd marker(List<ConsumerRecord<String, byte[]>> records) {
        List<SuiteEnd> markers = records.stream().filter(r -> SuiteEnd.isSuiteEnd(r.value()))
                .map(r -> SuiteEnd.parse(r.value())).toList();
        assertThat(markers).hasSize(1);
        return markers.get(0);
    }

    @Test
    void aRedeliveryResumesFromItsCheckpointAndAResubmissionRunsWhole() throws Exception {
        String runId = "resumed";
        byte[] request = InferenceRunTest.probingRequest(runId, List.of("all-minilm-l6-v2"),
                InferenceRunTest.texts(40), 4).getBytes(StandardCharsets.UTF_8);
        // as if an instance had covered 24 items of the first submission, one of them failed, and was killed
        String first = nextSubmission(runId);
        Checkpoint killed = new Checkpoint(SchemaVersion.CURRENT, runId, first,
                List.of(new Checkpoint.Unit(MINILM, "calls", 24, 23, 1, 0)), Instant.now());
        TopicReader.send(Topics.RUNS, killed.key(), Json.MAPPER.writeValueAsBytes(killed));
        Awaitility.await().atMost(InferenceRunTest.TIMEOUT).until(() -> registry.checkpoint(runId, first) != null);
        // the first submission, then a resubmission of it while the first's checkpoint is still there
        List<Long> offsets = TopicReader.sendAll(Topics.REQUESTS, runId, List.of(request, request));
        String partition = first.substring(0, first.indexOf('@'));
        assertThat(first).isEqualTo(partition + "@" + offsets.get(0));
        String second = partition + "@" + offsets.get(1);
        Awaitility.await().atMost(InferenceRunTest.TIMEOUT).until(() -> RunIdentityTest.runFinals(runId).size() == 2);

        List<ConsumerRecord<String, byte[]>> resumed = records(runId, first);
        assertThat(items(resumed)).as("only the items after the checkpoint, in order")
                .isEqualTo(IntStream.range(24, 40).mapToObj(i -> "s" + i).toList());
        SuiteEnd end = marker(resumed);
        assertThat(List.of(end.items(), end.failed())).as("the marker counts the whole suite").containsExactly(39L, 1L);
        List<ConsumerRecord<String, byte[]>> replayed = records(runId, second);
        assertThat(items(replayed)).as("the resubmission: every item").hasSize(40).doesNotHaveDuplicates();
        assertThat(marker(replayed).items()).isEqualTo(40);
        assertThat(RunIdentityTest.runFinals(runId)).map(p -> List.of(p.expected(), p.done(), p.failed()))
                .containsExactlyInAnyOrder(List.of(40L, 39L, 1L), List.of(40L, 40L, 0L));

        // both checkpointed as they went (every 8 items in tests); once committed, their checkpoints go
        Awaitility.await().atMost(InferenceRunTest.TIMEOUT).until(() -> registry.checkpoint(runId, first) == null
                && registry.checkpoint(runId, second) == null);
        List<ConsumerRecord<String, byte[]>> saved = TopicReader.readAll(Topics.RUNS).stream()
                .filter(r -> r.key().equals(Checkpoint.key(runId, second))).toList();
        assertThat(saved).hasSizeGreaterThan(2);
        assertThat(saved.get(saved.size() - 1).value()).as("a tombstone at the end").isNull();
        List<Long> covered = saved.subList(0, saved.size() - 1).stream()
                .map(r -> read(r.value()).unit(MINILM, "calls").items()).toList();
        assertThat(covered).isSorted().allSatisfy(items -> assertThat(items).isBetween(8L, 40L));
    }

    private static Checkpoint read(byte[] value) {
        try {
            return Json.MAPPER.readValue(value, Checkpoint.class);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
