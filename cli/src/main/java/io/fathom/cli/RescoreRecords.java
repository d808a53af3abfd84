package io.fathom.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fathom.contracts.Json;
import io.fathom.contracts.Topics;
import io.fathom.contracts.generation.GenerationRecords;
import io.fathom.contracts.generation.SuiteDefinition;
import io.fathom.contracts.hidden.HiddenStateCodec;
import io.fathom.contracts.hidden.HiddenStateEvent;
import io.fathom.contracts.hidden.HiddenStateHeader;
import io.fathom.contracts.hidden.SuiteEnd;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * A run's records of fathom.generations (suite definitions, answers, generation-end markers, the
 * embedder's vectors and suite-end marker) copied under a new run id, with the definitions' rubric
 * or judge replaced: everything the scoring-service grades from, so that it grades the same
 * answers again as it grades recorded ones, and no model is called.
 */
final class RescoreRecords {

    private final String runId;
    private final String newRunId;
    private final JsonNode rubric;
    private final String judge;

    /** {@code rubric} and {@code judge} are null where the run's own stay. */
    RescoreRecords(String runId, String newRunId, JsonNode rubric, String judge) {
        this.runId = runId;
        this.newRunId = newRunId;
        this.rubric = rubric;
        this.judge = judge;
    }

    /** Whether a key of fathom.generations is one of the run's: run/suite. */
    boolean isOfRun(String key) {
        return key != null && key.startsWith(runId + "/");
    }

    /**
     * The record under the new run id, checked as the scoring-service checks it.
     *
     * @throws io.fathom.contracts.MalformedEventException when a replaced rubric or judge breaks the
     *         request schema, naming the suite and what is wrong
     */
    ProducerRecord<String, byte[]> copy(ConsumerRecord<String, byte[]> record) {
        boolean json = SuiteEnd.isSuiteEnd(record.value()); // JSON records start with '{', vectors do not
        byte[] value = json ? json(record.value()) : vectors(record.value());
        if (json) {
            GenerationRecords.parse(value);
        }
        return new ProducerRecord<>(Topics.GENERATIONS, null, newRunId + record.key().substring(runId.length()),
                value, record.headers());
    }

    /** A JSON record (every one carries runId); a suite definition also gets the new rubric and judge. */
    private byte[] json(byte[] value) {
        try {
            ObjectNode tree = (ObjectNode) Json.MAPPER.readTree(value);
            tree.put("runId", newRunId);
            if (SuiteDefinition.TYPE.equals(tree.path("type").asText())) {
                if (rubric != null) {
                    ((ObjectNode) tree.get("definition")).set("rubric", rubric);
                }
                if (judge != null) {
                    tree.withObject("/options/scoring").put("judge", judge);
                }
            }
            return Json.MAPPER.writeValueAsBytes(tree);
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable record of run " + runId + " on " + Topics.GENERATIONS, e);
        }
    }

    /** An embedding of a suite's text, its header under the new run id, its values as they were. */
    private byte[] vectors(byte[] value) {
        HiddenStateEvent event = HiddenStateCodec.decode(value);
        HiddenStateHeader h = event.header();
        return HiddenStateCodec.encodeHalves(new HiddenStateHeader(h.schemaVersion(), newRunId, h.model(), h.suite(),
                h.itemId(), h.label(), h.split(), h.text(), h.metadata(), h.tokenCount(), h.truncated(), h.poolings(),
                h.dtype(), h.shape(), h.kind()), event.halfValues());
    }
}
