package io.fathom.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fathom.contracts.Json;
import io.fathom.contracts.result.ProgressEvent;
import io.fathom.contracts.result.ResultEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * A run's results read back from a results topic, for comparing two runs of the same data: each
 * result is keyed and compared without its run id and time stamp, so that a disturbed run can be
 * checked field by field against an undisturbed one.
 */
public final class RunResults {

    private RunResults() {
    }

    public static ResultEvent parse(byte[] value) {
        try {
            return Json.MAPPER.readValue(value, ResultEvent.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The run's results on the topic, in topic order. */
    public static List<ResultEvent> of(String topic, String runId) {
        return TopicReader.readAll(topic).stream().map(r -> parse(r.value())).filter(e -> runId.equals(e.runId()))
                .toList();
    }

    /** Waits until {@code service} has published its run-level final progress for the run. */
    public static ProgressEvent awaitRunEnd(String topic, String runId, String service, Duration timeout) {
        ConsumerRecord<String, byte[]> record = TopicReader.await(topic, r -> parse(r.value()) instanceof ProgressEvent p
                && runId.equals(p.runId()) && service.equals(p.service()) && p.model() == null && p.suite() == null
                && p.isFinal(), timeout);
        return (ProgressEvent) parse(record.value());
    }

    /**
     * The run's results by normalised key, without run id and time: fails if one key was published
     * with two different contents (a redelivery may repeat a result, never change it).
     */
    public static Map<String, JsonNode> normalised(String topic, String runId) {
        Map<String, Set<JsonNode>> byKey = new HashMap<>();
        for (ResultEvent event : of(topic, runId)) {
            ObjectNode node = Json.MAPPER.valueToTree(event);
            node.remove("at");
            node.put("runId", "RUN");
            String key = event.key().replace("/" + runId + "/", "/RUN/");
            node.put("key", key);
            byKey.computeIfAbsent(key, k -> new HashSet<>()).add(node);
        }
        Map<String, JsonNode> results = new HashMap<>();
        byKey.forEach((key, versions) -> {
            assertThat(versions).as("publications of %s in run %s", key, runId).hasSize(1);
            results.put(key, versions.iterator().next());
        });
        return results;
    }

    /** How many records of the run each result key has on the topic. */
    public static Map<String, Long> publications(String topic, String runId) {
        Map<String, Long> counts = new HashMap<>();
        of(topic, runId).forEach(e -> counts.merge(e.key(), 1L, Long::sum));
        return counts;
    }
}
