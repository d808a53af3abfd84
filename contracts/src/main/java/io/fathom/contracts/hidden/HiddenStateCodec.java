package io.fathom.contracts.hidden;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.fathom.contracts.EventFields;
import io.fathom.contracts.Json;
import io.fathom.contracts.MalformedEventException;
import io.fathom.contracts.SchemaVersion;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;

/**
 * The binary layout of a hidden-state event on {@code fathom.hidden-states}:
 *
 * <pre>
 * bytes 0-3   magic "FHS" and format version 1
 * bytes 4-7   header length H, int32 little-endian
 * bytes 8..   H bytes of UTF-8 JSON: {@link HiddenStateHeader}
 * then        shape[0]*shape[1]*shape[2] IEEE binary16 values, little-endian, row-major
 * </pre>
 *
 * Compression is left to the Kafka producer (whole record batches compress better than one event).
 */
public final class HiddenStateCodec {

    static final byte[] MAGIC = {'F', 'H', 'S', 1};
    private static final int PREFIX = 8;
    private static final VarHandle INT_LE = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle SHORT_LE =
            MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);

    private HiddenStateCodec() {
    }

    /** Encodes {@code values} (row-major over the header's shape) at half precision. */
    public static byte[] encode(HiddenStateHeader header, float[] values) {
        checkHeader(header);
        if (values.length != header.valueCount()) {
            throw new IllegalArgumentException("expected " + header.valueCount() + " values for shape "
                    + Arrays.toString(header.shape()) + " but got " + values.length);
        }
        byte[] json = headerBytes(header);
        int payload = PREFIX + json.length;
        byte[] out = new byte[payload + 2 * values.length];
        writePrefix(out, json);
        for (int i = 0; i < values.length; i++) {
            SHORT_LE.set(out, payload + 2 * i, Float16.fromFloat(values[i]));
        }
        return out;
    }

    /** Like {@link #encode}, from values already in binary16: they are written as they are. */
    public static byte[] encodeHalves(HiddenStateHeader header, short[] halves) {
        checkHeader(header);
        if (halves.length != header.valueCount()) {
            throw new IllegalArgumentException("expected " + header.valueCount() + " values for shape "
                    + Arrays.toString(header.shape()) + " but got " + halves.length);
        }
        byte[] json = headerBytes(header);
        int payload = PREFIX + json.length;
        byte[] out = new byte[payload + 2 * halves.length];
        writePrefix(out, json);
        for (int i = 0; i < halves.length; i++) {
            SHORT_LE.set(out, payload + 2 * i, halves[i]);
        }
        return out;
    }

    public static HiddenStateEvent decode(byte[] bytes) {
        HiddenStateHeader header = decodeHeader(bytes);
        short[] values = decodeValues(bytes);
        if (values.length != header.valueCount()) {
            throw new MalformedEventException("hidden-state payload holds " + values.length
                    + " values but its shape " + Arrays.toString(header.shape()) + " needs " + header.valueCount());
        }
        return new HiddenStateEvent(header, values);
    }

    /** Reads only the header, for consumers that route or filter before touching the tensor. */
    public static HiddenStateHeader decodeHeader(byte[] bytes) {
        int headerLength = checkPrefix(bytes);
        try {
            HiddenStateHeader header = Json.MAPPER.readValue(bytes, PREFIX, headerLength, HiddenStateHeader.class);
            checkHeader(header);
            return header;
        } catch (IOException e) {
            throw new MalformedEventException("hidden-state header is not valid JSON: " + Json.describe(e));
        } catch (IllegalArgumentException e) {
            throw new MalformedEventException(e.getMessage());
        }
    }

    private static short[] decodeValues(byte[] bytes) {
        int headerLength = checkPrefix(bytes);
        int payload = PREFIX + headerLength;
        int remaining = bytes.length - payload;
        if ((remaining & 1) != 0) {
            throw new MalformedEventException("hidden-state payload has an odd byte count " + remaining);
        }
        short[] values = new short[remaining / 2];
        for (int i = 0; i < values.length; i++) {
            values[i] = (short) SHORT_LE.get(bytes, payload + 2 * i);
        }
        return values;
    }

    private static int checkPrefix(byte[] bytes) {
        if (bytes == null || bytes.length < PREFIX) {
            throw new MalformedEventException("hidden-state event is shorter than its " + PREFIX
                    + "-byte prefix");
        }
        for (int i = 0; i < MAGIC.length; i++) {
            if (bytes[i] != MAGIC[i]) {
                throw new MalformedEventException("not a hidden-state event of format version "
                        + MAGIC[3] + " (bad magic bytes)");
            }
        }
        int headerLength = (int) INT_LE.get(bytes, 4);
        if (headerLength < 2 || headerLength > bytes.length - PREFIX) {
            throw new MalformedEventException("hidden-state header length " + headerLength
                    + " does not fit in " + bytes.length + " bytes");
        }
        return headerLength;
    }

    private static void checkHeader(HiddenStateHeader header) {
        if (header == null) {
            throw new IllegalArgumentException("hidden-state header is missing");
        }
        if (!HiddenStateHeader.DTYPE_FLOAT16.equals(header.dtype())) {
            throw new IllegalArgumentException("unsupported dtype " + header.dtype());
        }
        SchemaVersion.check(header.schemaVersion(), "hidden-state header");
        EventFields.requireName(header.runId(), "hidden-state header", "runId");
        EventFields.requireName(header.model(), "hidden-state header", "model");
        EventFields.requireName(header.suite(), "hidden-state header", "suite");
        EventFields.requireId(header.itemId(), "hidden-state header", "itemId");
        int[] shape = header.shape();
        if (shape == null || shape.length != 3 || shape[0] < 1 || shape[1] < 1 || shape[2] < 1) {
            throw new IllegalArgumentException("shape must be [poolings, layers, dim] with positive sizes, got "
                    + Arrays.toString(shape));
        }
        if (shape[0] > HiddenStateHeader.MAX_POOLINGS || shape[1] > HiddenStateHeader.MAX_LAYERS
                || shape[2] > HiddenStateHeader.MAX_DIM) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " exceeds the limits of "
                    + HiddenStateHeader.MAX_POOLINGS + " poolings, " + HiddenStateHeader.MAX_LAYERS + " layers and "
                    + HiddenStateHeader.MAX_DIM + " values per layer");
        }
        List<String> poolings = header.poolings();
        if (poolings == null || poolings.size() != shape[0] || poolings.stream().anyMatch(p -> p == null
                || p.isBlank()) || poolings.stream().distinct().count() != poolings.size()) {
            throw new IllegalArgumentException("poolings " + poolings + " must name each of the shape's " + shape[0]
                    + " poolings once");
        }
    }

    private static byte[] headerBytes(HiddenStateHeader header) {
        try {
            return Json.MAPPER.writeValueAsBytes(header);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("hidden-state header cannot be written: " + e.getMessage(), e);
        }
    }

    private static void writePrefix(byte[] out, byte[] json) {
        System.arraycopy(MAGIC, 0, out, 0, MAGIC.length);
        INT_LE.set(out, 4, json.length);
        System.arraycopy(json, 0, out, PREFIX, json.length);
    }
}
