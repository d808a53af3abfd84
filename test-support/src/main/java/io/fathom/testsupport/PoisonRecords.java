package io.fathom.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fathom.contracts.Json;
import io.fathom.contracts.hidden.HiddenStateCodec;
import io.fathom.contracts.hidden.HiddenStateHeader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Well-formed records that no consumer should trust: starting from a valid payload of the contracts'
 * own types, every field in turn (nested ones and array elements included) is removed, set to null,
 * emptied, given a wrong type or pushed out of range. Nothing is listed by hand, so a field added to
 * a contract is covered the day it is added.
 */
public final class PoisonRecords {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private PoisonRecords() {
    }

    /**
     * Variants of a JSON payload (a suite-end marker, a suite outcome), one broken field each. Each
     * variant that keeps the template's run id gets a run of its own, so that every one that a
     * consumer accepts is worked on by itself rather than counted as late after the first.
     */
    public static List<byte[]> json(Object valid) {
        JsonNode template = Json.MAPPER.valueToTree(valid);
        String runId = template.path("runId").asText();
        List<JsonNode> variants = variants(template);
        for (int i = 0; i < variants.size(); i++) {
            if (variants.get(i) instanceof ObjectNode object && runId.equals(object.path("runId").asText(null))) {
                object.put("runId", runId + "-" + i);
            }
        }
        return variants.stream().map(PoisonRecords::bytes).toList();
    }

    /**
     * Variants of a hidden-state event: its header broken field by field over the valid tensor, and
     * the tensor cut short, lengthened by one byte, and of the wrong size.
     */
    public static List<byte[]> events(HiddenStateHeader valid, float[] values) {
        byte[] good = HiddenStateCodec.encode(valid, values);
        int headerLength = ByteBuffer.wrap(good, 4, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
        byte[] tensor = Arrays.copyOfRange(good, 8 + headerLength, good.length);
        List<byte[]> out = new ArrayList<>();
        for (JsonNode header : variants(Json.MAPPER.valueToTree(valid))) {
            out.add(event(bytes(header), tensor));
        }
        byte[] header = Arrays.copyOfRange(good, 8, 8 + headerLength);
        out.add(event(header, Arrays.copyOf(tensor, tensor.length / 2)));
        out.add(event(header, Arrays.copyOf(tensor, tensor.length + 1)));
        out.add(event(header, Arrays.copyOf(tensor, tensor.length + 2)));
        out.add(event(header, new byte[0]));
        out.add(Arrays.copyOf(good, 7));
        byte[] lying = good.clone();
        ByteBuffer.wrap(lying, 4, 4).order(ByteOrder.LITTLE_ENDIAN).putInt(Integer.MAX_VALUE);
        out.add(lying);
        return out;
    }

    private static byte[] event(byte[] header, byte[] tensor) {
        ByteBuffer out = ByteBuffer.allocate(8 + header.length + tensor.length).order(ByteOrder.LITTLE_ENDIAN);
        out.put(new byte[] {'F', 'H', 'S', 1}).putInt(header.length).put(header).put(tensor);
        return out.array();
    }

    /** Every single-field corruption of the tree. */
    static List<JsonNode> variants(JsonNode root) {
        List<JsonNode> out = new ArrayList<>();
        collect(root, root, out);
        return out;
    }

    private static void collect(JsonNode root, JsonNode node, List<JsonNode> out) {
        if (node instanceof ObjectNode object) {
            for (String field : iterable(object.fieldNames())) {
                JsonNode value = object.get(field);
                out.add(edit(root, node, n -> {
                    ((ObjectNode) n).remove(field);
                    return null;
                }));
                for (JsonNode bad : replacements(value)) {
                    out.add(edit(root, node, n -> ((ObjectNode) n).set(field, bad)));
                }
                collect(root, value, out);
            }
        } else if (node instanceof ArrayNode array && !array.isEmpty()) {
            out.add(edit(root, node, n -> ((ArrayNode) n).removeAll()));
            out.add(edit(root, node, n -> ((ArrayNode) n).add(NODES.nullNode())));
            out.add(edit(root, node, n -> ((ArrayNode) n).add(n.get(0).deepCopy())));
            for (int i = 0; i < array.size(); i++) {
                int index = i;
                for (JsonNode bad : replacements(array.get(i))) {
                    out.add(edit(root, node, n -> ((ArrayNode) n).set(index, bad)));
                }
                collect(root, array.get(i), out);
            }
        }
    }

    /** Null, empty, wrong-typed and out-of-range stand-ins for a value. */
    private static List<JsonNode> replacements(JsonNode value) {
        List<JsonNode> bad = new ArrayList<>(List.of(NODES.nullNode(), NODES.textNode(""), NODES.arrayNode(),
                NODES.objectNode(), NODES.booleanNode(true), NODES.numberNode(-1), NODES.numberNode(0),
                NODES.numberNode(Long.MAX_VALUE), NODES.numberNode(1e308), NODES.textNode("x".repeat(5_000))));
        if (value.isTextual()) {
            bad.add(NODES.textNode(value.asText() + "/../.."));
        }
        if (value.isNumber()) {
            bad.add(NODES.numberNode(Integer.MAX_VALUE));
            bad.add(NODES.numberNode(Integer.MIN_VALUE));
            bad.add(NODES.textNode(value.asText()));
        }
        return bad;
    }

    /**
     * A copy of the root in which {@code target}'s copy was changed: the copy is found again by
     * identity of position, walking both trees together.
     */
    private static JsonNode edit(JsonNode root, JsonNode target, Function<JsonNode, Object> change) {
        JsonNode copy = root.deepCopy();
        change.apply(find(root, copy, target));
        return copy;
    }

    private static JsonNode find(JsonNode original, JsonNode copy, JsonNode target) {
        if (original == target) {
            return copy;
        }
        if (original instanceof ObjectNode object) {
            for (String field : iterable(object.fieldNames())) {
                JsonNode found = find(object.get(field), copy.get(field), target);
                if (found != null) {
                    return found;
                }
            }
        } else if (original instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                JsonNode found = find(array.get(i), copy.get(i), target);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    private static <T> Iterable<T> iterable(java.util.Iterator<T> iterator) {
        List<T> list = new ArrayList<>();
        iterator.forEachRemaining(list::add);
        return list;
    }

    private static byte[] bytes(JsonNode node) {
        try {
            return Json.MAPPER.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes how many poison records a test fed, per topic, to {@code target/poison-<service>.txt}, for the record. */
    public static void summarise(String service, Map<String, Integer> perTopic) {
        try {
            Files.writeString(Path.of("target", "poison-" + service + ".txt"), "poison records: " + perTopic + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The good records in order, with the poison spread evenly between them. */
    public static List<byte[]> interleave(List<byte[]> good, List<byte[]> poison) {
        List<byte[]> mixed = new ArrayList<>();
        int perRecord = poison.size() / good.size() + 1;
        for (int i = 0; i < good.size(); i++) {
            mixed.add(good.get(i));
            mixed.addAll(poison.subList(Math.min(poison.size(), i * perRecord), Math.min(poison.size(),
                    (i + 1) * perRecord)));
        }
        return mixed;
    }

    /** A record that is not even the right kind of thing: text, an empty value, JSON of another shape. */
    public static List<byte[]> garbage() {
        return List.of("not an event".getBytes(StandardCharsets.UTF_8), new byte[0], "{".getBytes(StandardCharsets.UTF_8),
                "{}".getBytes(StandardCharsets.UTF_8), "null".getBytes(StandardCharsets.UTF_8),
                "[1,2,3]".getBytes(StandardCharsets.UTF_8), "{\"schemaVersion\":99}".getBytes(StandardCharsets.UTF_8));
    }
}
