package io.fathom.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A downstream service's run while a second instance joins its consumer group and leaves again,
 * compared with the same data run undisturbed. The input topic has several partitions and
 * the run several suites, so the join and the leave move suites between the instances mid-way: the
 * instance that loses a partition drops its half-collected suites, the one that gains it replays
 * them from the committed offset. The join and the leave are timed by the consumer core's count of records an instance has used.
 *
 * @param input the service's input topic under {@code prefix}: hidden-states or generations
 */
public record Rebalancing(Path jar, String service, String prefix, String input, int partitions) {

    static final Duration TIMEOUT = Duration.ofMinutes(4);

    /** What a run consists of: per Kafka key (run/suite), the suite's records in order, marker last. */
    public interface Data {
        Map<String, List<byte[]>> of(String runId);
    }

    /** Runs {@code reference} on one instance, then {@code disturbed} across the join and the leave; returns both. */
    public Map<String, Map<String, JsonNode>> run(Data data, String reference, String disturbed) throws Exception {
        String group = prefix + "group";
        String states = prefix + input;
        String results = prefix + "results";
        TestTopics.createServiceTopics(prefix, partitions);
        Map<String, String> env = TestTopics.serviceEnv(prefix, group);
        String used = "fathom_consumer_records_total{consumer=\"" + service + "-suites\",outcome=\"used\"";
        try (PackagedService first = PackagedService.start(service + "-rebalance-first", jar, env)) {
            data.of(reference).forEach((key, records) -> TopicReader.sendAll(states, key, records));
            RunResults.awaitRunEnd(results, reference, service, TIMEOUT);

            Map<String, List<byte[]>> run = data.of(disturbed);
            double before = first.metric(used);
            int third = sendPart(states, run, 0, 3);
            first.await("the first instance uses the first third", TIMEOUT,
                    () -> first.metric(used) >= before + third);
            try (PackagedService second = PackagedService.start(service + "-rebalance-second", jar, env)) {
                second.await("the second instance joins and takes suites over", TIMEOUT,
                        () -> second.metric(used) > 0);
                double stored = second.metric(used);
                sendPart(states, run, 1, 3);
                second.await("the second instance goes on", TIMEOUT, () -> second.metric(used) > stored);
            } // a graceful leave: its partitions go back to the first instance
            sendPart(states, run, 2, 3);
            assertThat(RunResults.awaitRunEnd(results, disturbed, service, TIMEOUT).status().name())
                    .isEqualTo(RunResults.awaitRunEnd(results, reference, service, TIMEOUT).status().name());
        }
        assertThat(TopicReader.readAll(prefix + "dead-letter")).as("dead letters").isEmpty();
        return Map.of(reference, RunResults.normalised(results, reference), disturbed,
                RunResults.normalised(results, disturbed));
    }

    /** Sends part {@code part} of {@code parts} of every key's records; returns how many it sent. */
    private static int sendPart(String topic, Map<String, List<byte[]>> run, int part, int parts) {
        int sent = 0;
        for (Map.Entry<String, List<byte[]>> entry : run.entrySet()) {
            List<byte[]> records = entry.getValue();
            int from = records.size() * part / parts;
            int to = records.size() * (part + 1) / parts;
            List<byte[]> slice = records.subList(from, to);
            TopicReader.sendAll(topic, entry.getKey(), slice);
            sent += slice.size();
        }
        return sent;
    }
}
