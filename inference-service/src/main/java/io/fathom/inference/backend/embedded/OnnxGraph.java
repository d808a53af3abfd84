package io.fathom.inference.backend.embedded;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Just enough of the ONNX protobuf wire format to list the tensors a model's nodes produce and to
 * declare more of them as graph outputs. ModelProto.graph is field 7, GraphProto.node field 1 and
 * GraphProto.output field 12, NodeProto.output field 2, ValueInfoProto.name field 1. Appending a
 * second "graph" field to a serialized model merges into the first, so new outputs are appended
 * bytes rather than a rewritten model.
 */
public final class OnnxGraph {

    private static final int MODEL_GRAPH = 7;
    private static final int GRAPH_NODE = 1;
    private static final int GRAPH_OUTPUT = 12;
    private static final int NODE_OUTPUT = 2;
    private static final int VALUE_INFO_NAME = 1;
    private static final int WIRE_VARINT = 0;
    private static final int WIRE_FIXED64 = 1;
    private static final int WIRE_LENGTH_DELIMITED = 2;
    private static final int WIRE_FIXED32 = 5;

    private OnnxGraph() {
    }

    /** Names of every tensor produced by a node of the model's main graph. */
    public static Set<String> nodeOutputs(byte[] model) {
        Set<String> names = new LinkedHashSet<>();
        forEachField(model, 0, model.length, (field, start, end) -> {
            if (field == MODEL_GRAPH) {
                forEachField(model, start, end, (graphField, nodeStart, nodeEnd) -> {
                    if (graphField == GRAPH_NODE) {
                        forEachField(model, nodeStart, nodeEnd, (nodeField, s, e) -> {
                            if (nodeField == NODE_OUTPUT) {
                                names.add(new String(model, s, e - s, StandardCharsets.UTF_8));
                            }
                        });
                    }
                });
            }
        });
        return names;
    }

    /** The model with {@code names} added to its graph outputs. */
    public static byte[] withOutputs(byte[] model, List<String> names) {
        ByteArrayOutputStream graph = new ByteArrayOutputStream();
        for (String name : names) {
            byte[] valueInfo = lengthDelimited(VALUE_INFO_NAME, name.getBytes(StandardCharsets.UTF_8));
            graph.writeBytes(lengthDelimited(GRAPH_OUTPUT, valueInfo));
        }
        byte[] appended = lengthDelimited(MODEL_GRAPH, graph.toByteArray());
        byte[] out = new byte[model.length + appended.length];
        System.arraycopy(model, 0, out, 0, model.length);
        System.arraycopy(appended, 0, out, model.length, appended.length);
        return out;
    }

    private interface FieldVisitor {
        /** A length-delimited field's number and the bounds of its bytes. */
        void visit(int field, int start, int end);
    }

    private static void forEachField(byte[] buf, int from, int to, FieldVisitor visitor) {
        int[] pos = {from};
        while (pos[0] < to) {
            long tag = readVarint(buf, pos);
            int field = (int) (tag >>> 3);
            int wire = (int) (tag & 7);
            switch (wire) {
                case WIRE_VARINT -> readVarint(buf, pos);
                case WIRE_FIXED64 -> pos[0] += 8;
                case WIRE_FIXED32 -> pos[0] += 4;
                case WIRE_LENGTH_DELIMITED -> {
                    int length = (int) readVarint(buf, pos);
                    int start = pos[0];
                    pos[0] += length;
                    if (pos[0] > to) {
                        throw new IllegalArgumentException("ONNX model is truncated or not a ModelProto");
                    }
                    visitor.visit(field, start, pos[0]);
                }
                default -> throw new IllegalArgumentException("ONNX model uses unsupported wire type " + wire);
            }
        }
    }

    private static long readVarint(byte[] buf, int[] pos) {
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            byte b = buf[pos[0]++];
            value |= (long) (b & 0x7f) << shift;
            if (b >= 0) {
                return value;
            }
        }
        throw new IllegalArgumentException("malformed varint in ONNX model");
    }

    private static byte[] lengthDelimited(int field, byte[] payload) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(payload.length + 10);
        writeVarint(out, ((long) field << 3) | WIRE_LENGTH_DELIMITED);
        writeVarint(out, payload.length);
        out.writeBytes(payload);
        return out.toByteArray();
    }

    private static void writeVarint(ByteArrayOutputStream out, long value) {
        while ((value & ~0x7fL) != 0) {
            out.write((int) ((value & 0x7f) | 0x80));
            value >>>= 7;
        }
        out.write((int) value);
    }

    /** Layer output names of a BERT-style encoder export: embeddings, each block but the last, then the graph output. */
    public static List<String> bertLayerOutputs(Set<String> nodeOutputs, String lastOutput) {
        List<String> layers = new ArrayList<>();
        String embeddings = "/embeddings/LayerNorm/Add_1_output_0";
        if (!nodeOutputs.contains(embeddings)) {
            throw new IllegalArgumentException("model has no " + embeddings + " tensor; not a BERT-style export");
        }
        layers.add(embeddings);
        for (int i = 0; nodeOutputs.contains(blockOutput(i)); i++) {
            layers.add(blockOutput(i));
        }
        // the last block's LayerNorm output is the graph output itself, under the graph's name
        layers.add(lastOutput);
        return layers;
    }

    private static String blockOutput(int i) {
        return "/encoder/layer." + i + "/output/LayerNorm/Add_1_output_0";
    }
}
