package io.fathom.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fathom.contracts.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;

/**
 * A seeded fuzz generator: from valid records of a consumer's input (JSON documents, or hidden-state
 * events, {@code FHS\1} + header length + JSON header + float32 tensor), inputs of every class in
 * turn. The same seed gives the same inputs, so a failing input can be found again by its index.
 */
public final class FuzzInputs {

    /** One input and the class it belongs to, for the campaign's counts. */
    public record Input(String kind, byte[] value) {
    }

    /** The classes, in the order they are cycled through. */
    public static final List<String> KINDS = List.of("mutated-field", "random-json", "huge-string", "deep-nesting",
            "byte-flip", "unicode", "absurd-fields", "tensor-nan-inf", "oversized");

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final byte[] MAGIC = {'F', 'H', 'S', 1};
    /** Strings no consumer should choke on: lone surrogates, NUL, RTL and BOM marks, a joiner run. */
    private static final List<String> ODD_TEXT = List.of("\ud800", "\udfff", "a\u0000b", "\u202eevil\u202c",
            "\u200f\u200e", "\ufeff", "\u200d".repeat(1000), "\uffff", "e\u0301\u0301\u0301");
    /** Raw bytes that are not UTF-8: overlong '/', overlong NUL, a lone continuation byte, a CESU surrogate, 0xFF. */
    private static final List<byte[]> BAD_UTF8 = List.of(new byte[] {(byte) 0xC0, (byte) 0xAF},
            new byte[] {(byte) 0xE0, (byte) 0x80, (byte) 0xAF}, new byte[] {(byte) 0xC0, (byte) 0x80},
            new byte[] {(byte) 0x80}, new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, new byte[] {(byte) 0xFF});

    private FuzzInputs() {
    }

    /** {@code count} inputs built from {@code templates}, classes cycled in turn, choices drawn from {@code seed}. */
    public static List<Input> generate(List<byte[]> templates, long seed, int count) {
        List<Input> out = new ArrayList<>(count);
        stream(templates, seed, count).forEachRemaining(out::add);
        return out;
    }

    /** The same inputs as {@link #generate}, built one at a time: a full campaign's inputs are gigabytes. */
    public static Iterator<Input> stream(List<byte[]> templates, long seed, int count) {
        SplittableRandom random = new SplittableRandom(seed);
        List<List<JsonNode>> mutations = new ArrayList<>();
        for (byte[] template : templates) {
            mutations.add(PoisonRecords.variants(tree(json(template))));
        }
        return new Iterator<>() {
            private int i;

            @Override
            public boolean hasNext() {
                return i < count;
            }

            @Override
            public Input next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                int t = random.nextInt(templates.size());
                String kind = KINDS.get(i++ % KINDS.size());
                return new Input(kind, one(kind, templates.get(t), mutations.get(t), random));
            }
        };
    }

    private static byte[] one(String kind, byte[] template, List<JsonNode> mutations, SplittableRandom random) {
        JsonNode tree = tree(json(template));
        return switch (kind) {
            case "mutated-field" -> rewrap(template, bytes(mutations.get(random.nextInt(mutations.size()))));
            case "random-json" -> rewrap(template, bytes(randomJson(random, tree, 4)));
            case "huge-string" -> rewrap(template, bytes(setRandomLeaf(tree, NODES.textNode(
                    "\u00e9x".repeat(50_000 + random.nextInt(150_000))), random)));
            case "deep-nesting" -> rewrap(template, deep(random));
            case "byte-flip" -> flip(template, random);
            case "unicode" -> rewrap(template, unicode(tree, random));
            case "absurd-fields" -> rewrap(template, bytes(absurd(tree, random)));
            case "tensor-nan-inf" -> tensor(template, random);
            case "oversized" -> oversized(template, random);
            default -> throw new IllegalArgumentException(kind);
        };
    }

    private static boolean isEvent(byte[] record) {
        return record.length >= 8 && Arrays.equals(Arrays.copyOf(record, 4), MAGIC);
    }

    /** The JSON part of a record: the header of an event, the whole of anything else. */
    private static byte[] json(byte[] record) {
        if (!isEvent(record)) {
            return record;
        }
        int length = ByteBuffer.wrap(record, 4, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
        return Arrays.copyOfRange(record, 8, 8 + length);
    }

    private static byte[] tensorOf(byte[] event) {
        return Arrays.copyOfRange(event, 8 + json(event).length, event.length);
    }

    /** {@code json} in place of the template's JSON part, the tensor kept for an event. */
    private static byte[] rewrap(byte[] template, byte[] json) {
        return isEvent(template) ? event(json, tensorOf(template)) : json;
    }

    static byte[] event(byte[] header, byte[] tensor) {
        return ByteBuffer.allocate(8 + header.length + tensor.length).order(ByteOrder.LITTLE_ENDIAN).put(MAGIC)
                .putInt(header.length).put(header).put(tensor).array();
    }

    private static JsonNode randomJson(SplittableRandom random, JsonNode template, int depth) {
        int pick = random.nextInt(depth <= 0 ? 6 : 8);
        return switch (pick) {
            case 0 -> NODES.nullNode();
            case 1 -> NODES.booleanNode(random.nextBoolean());
            case 2 -> NODES.numberNode(random.nextLong());
            case 3 -> NODES.numberNode(random.nextDouble() * Math.pow(10, random.nextInt(-300, 300)));
            case 4 -> NODES.textNode(randomText(random, random.nextInt(40)));
            case 5 -> NODES.numberNode(random.nextInt(-3, 3));
            case 6 -> {
                ArrayNode array = NODES.arrayNode();
                for (int i = random.nextInt(5); i > 0; i--) {
                    array.add(randomJson(random, template, depth - 1));
                }
                yield array;
            }
            default -> {
                // the template's own field names, so that decoding gets past the first unknown field
                List<String> names = new ArrayList<>();
                template.fieldNames().forEachRemaining(names::add);
                ObjectNode object = NODES.objectNode();
                for (int i = random.nextInt(6); i > 0; i--) {
                    String name = names.isEmpty() || random.nextInt(4) == 0 ? randomText(random, 6)
                            : names.get(random.nextInt(names.size()));
                    object.set(name, randomJson(random, template, depth - 1));
                }
                yield object;
            }
        };
    }

    private static String randomText(SplittableRandom random, int length) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < length; i++) {
            text.appendCodePoint(random.nextInt(4) == 0 ? random.nextInt(0x20, 0x2FFFF) : random.nextInt(0x20, 0x7F));
        }
        return text.toString();
    }

    /** Nesting far beyond any parser's comfort: arrays, objects, or both, some closed, some not. */
    private static byte[] deep(SplittableRandom random) {
        int depth = 1_000 + random.nextInt(50_000);
        String open = random.nextBoolean() ? "[" : "{\"a\":";
        String close = open.equals("[") ? "]" : "}";
        StringBuilder text = new StringBuilder(open.repeat(depth));
        if (random.nextBoolean()) {
            text.append("1").append(close.repeat(depth));
        }
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Bit flips, a cut, or bytes inserted at random places of the whole record. */
    private static byte[] flip(byte[] template, SplittableRandom random) {
        byte[] out = template.clone();
        switch (random.nextInt(3)) {
            case 0 -> {
                for (int i = 1 + random.nextInt(8); i > 0; i--) {
                    int at = random.nextInt(out.length);
                    out[at] ^= (byte) (1 << random.nextInt(8));
                }
            }
            case 1 -> out = Arrays.copyOf(out, random.nextInt(out.length));
            default -> {
                int at = random.nextInt(out.length + 1);
                byte[] inserted = new byte[1 + random.nextInt(16)];
                random.nextBytes(inserted);
                ByteArrayOutputStream joined = new ByteArrayOutputStream();
                joined.write(out, 0, at);
                joined.writeBytes(inserted);
                joined.write(out, at, out.length - at);
                out = joined.toByteArray();
            }
        }
        return out;
    }

    /**
     * A text field given an odd but valid string, or raw bytes that are not UTF-8 spliced into the
     * document inside one of its strings.
     */
    private static byte[] unicode(JsonNode tree, SplittableRandom random) {
        if (random.nextBoolean()) {
            String odd = ODD_TEXT.get(random.nextInt(ODD_TEXT.size()));
            return bytes(setRandomLeaf(tree, NODES.textNode(odd), random));
        }
        String marker = "FUZZ-MARK";
        byte[] text = bytes(setRandomLeaf(tree, NODES.textNode(marker), random));
        String document = new String(text, StandardCharsets.ISO_8859_1);
        int at = document.indexOf(marker);
        byte[] bad = BAD_UTF8.get(random.nextInt(BAD_UTF8.size()));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(text, 0, at);
        out.writeBytes(bad);
        out.write(text, at + marker.length(), text.length - at - marker.length());
        return out.toByteArray();
    }

    /** Every number of the document replaced, each at random, by a negative, zero or giant value. */
    private static JsonNode absurd(JsonNode tree, SplittableRandom random) {
        JsonNode copy = tree.deepCopy();
        for (JsonNode container : containers(copy)) {
            if (container instanceof ObjectNode object) {
                List<String> names = new ArrayList<>();
                object.fieldNames().forEachRemaining(names::add);
                for (String name : names) {
                    if (object.get(name).isNumber()) {
                        object.set(name, absurdNumber(random));
                    }
                }
            } else if (container instanceof ArrayNode array) {
                for (int i = 0; i < array.size(); i++) {
                    if (array.get(i).isNumber()) {
                        array.set(i, absurdNumber(random));
                    }
                }
            }
        }
        return copy;
    }

    private static JsonNode absurdNumber(SplittableRandom random) {
        return switch (random.nextInt(6)) {
            case 0 -> NODES.numberNode(-1 - random.nextInt(1000));
            case 1 -> NODES.numberNode(0);
            case 2 -> NODES.numberNode(Integer.MAX_VALUE);
            case 3 -> NODES.numberNode(1 << (10 + random.nextInt(20)));
            case 4 -> NODES.numberNode(-0.0);
            default -> NODES.numberNode(Long.MIN_VALUE);
        };
    }

    /**
     * For an event: NaN, infinities, huge and subnormal values in the tensor (all of it or a few
     * places); for JSON: NaN and infinities as bare literals in place of a value.
     */
    private static byte[] tensor(byte[] template, SplittableRandom random) {
        float[] odd = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.MAX_VALUE, -Float.MAX_VALUE,
            Float.MIN_VALUE, 65520f, -0.0f, Float.intBitsToFloat(0x7fc00001)};
        if (!isEvent(template)) {
            String literal = List.of("NaN", "Infinity", "-Infinity", "1e999", "-1e999").get(random.nextInt(5));
            String marker = "\"FUZZ-MARK\"";
            String text = new String(bytes(setRandomLeaf(tree(template), NODES.textNode("FUZZ-MARK"), random)),
                    StandardCharsets.UTF_8);
            return text.replace(marker, literal).getBytes(StandardCharsets.UTF_8);
        }
        byte[] tensor = tensorOf(template);
        ByteBuffer values = ByteBuffer.wrap(tensor).order(ByteOrder.LITTLE_ENDIAN);
        int floats = tensor.length / 4;
        int changes = random.nextBoolean() ? floats : 1 + random.nextInt(Math.max(1, floats / 10));
        for (int i = floats == 0 ? 0 : changes; i > 0; i--) {
            values.putFloat(4 * random.nextInt(floats), odd[random.nextInt(odd.length)]);
        }
        return event(json(template), tensor);
    }

    /**
     * Larger than any valid record: an event whose tensor is megabytes long (its header unchanged,
     * so its size disagrees with its shape), a header that claims it, or a JSON array of a million numbers.
     */
    private static byte[] oversized(byte[] template, SplittableRandom random) {
        int megabytes = 1 + random.nextInt(2);
        if (isEvent(template)) {
            return event(json(template), new byte[megabytes << 20]);
        }
        JsonNode tree = tree(template);
        ArrayNode many = NODES.arrayNode();
        for (int i = megabytes * 250_000; i > 0; i--) {
            many.add(i);
        }
        return bytes(setRandomLeaf(tree, many, random));
    }

    /** A copy of the tree with one member of one of its objects or arrays, chosen at random, set to {@code value}. */
    private static JsonNode setRandomLeaf(JsonNode tree, JsonNode value, SplittableRandom random) {
        JsonNode copy = tree.deepCopy();
        List<JsonNode> containers = containers(copy).stream().filter(JsonNode::isContainerNode)
                .filter(c -> c.size() > 0).toList();
        if (containers.isEmpty()) {
            return value;
        }
        JsonNode container = containers.get(random.nextInt(containers.size()));
        if (container instanceof ObjectNode object) {
            List<String> names = new ArrayList<>();
            object.fieldNames().forEachRemaining(names::add);
            object.set(names.get(random.nextInt(names.size())), value);
        } else {
            ((ArrayNode) container).set(random.nextInt(container.size()), value);
        }
        return copy;
    }

    private static List<JsonNode> containers(JsonNode root) {
        List<JsonNode> out = new ArrayList<>();
        List<JsonNode> todo = new ArrayList<>(List.of(root));
        while (!todo.isEmpty()) {
            JsonNode node = todo.remove(todo.size() - 1);
            if (node.isContainerNode()) {
                out.add(node);
                node.elements().forEachRemaining(todo::add);
            }
        }
        return out;
    }

    private static JsonNode tree(byte[] json) {
        try {
            return Json.MAPPER.readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException("a fuzz template must be JSON or an event with a JSON header", e);
        }
    }

    private static byte[] bytes(JsonNode node) {
        try {
            return Json.MAPPER.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
