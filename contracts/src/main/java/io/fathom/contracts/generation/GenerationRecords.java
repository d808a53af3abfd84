package io.fathom.contracts.generation;

import com.fasterxml.jackson.databind.JsonNode;
import io.fathom.contracts.Json;
import io.fathom.contracts.MalformedEventException;
import io.fathom.contracts.hidden.SuiteEnd;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Reads and writes the JSON records of {@code fathom.generations}: suite definitions, generation
 * events, generation-end markers (each with a "type"), and the embedder's suite-end markers (no
 * "type"). The embeddings themselves are binary hidden-state events, told apart by their first byte.
 */
public final class GenerationRecords {

    private GenerationRecords() {
    }

    /**
     * Reads and checks one JSON record.
     *
     * @return a {@link SuiteDefinition}, {@link GenerationEvent}, {@link GenerationEnd} or {@link SuiteEnd}
     * @throws MalformedEventException naming what is wrong
     */
    public static Object parse(byte[] value) {
        JsonNode tree;
        try {
            tree = Json.MAPPER.readTree(value);
        } catch (IOException e) {
            throw new MalformedEventException("unreadable record of the generations topic: " + Json.describe(e));
        }
        if (tree == null || !tree.isObject()) {
            throw new MalformedEventException("a record of the generations topic must be a JSON object");
        }
        JsonNode type = tree.get("type");
        if (type == null) {
            return SuiteEnd.parse(value);
        }
        try {
            switch (type.asText()) {
                case GenerationEvent.TYPE -> {
                    GenerationEvent event = Json.MAPPER.treeToValue(tree, GenerationEvent.class);
                    event.check();
                    return event;
                }
                case GenerationEnd.TYPE -> {
                    GenerationEnd end = Json.MAPPER.treeToValue(tree, GenerationEnd.class);
                    end.check();
                    return end;
                }
                case SuiteDefinition.TYPE -> {
                    SuiteDefinition definition = Json.MAPPER.treeToValue(tree, SuiteDefinition.class);
                    definition.check();
                    return definition;
                }
                default -> throw new MalformedEventException("unknown record type on the generations topic: "
                        + (type.isTextual() && type.asText().length() <= 64 ? "'" + type.asText() + "'" : "(not shown)"));
            }
        } catch (IOException e) {
            throw new MalformedEventException("unreadable " + type.asText() + " record: " + Json.describe(e));
        }
    }

    public static byte[] toBytes(Object record) {
        try {
            return Json.MAPPER.writeValueAsBytes(record);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
