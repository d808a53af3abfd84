package io.fathom.triton;

import com.google.protobuf.ByteString;
import io.fathom.contracts.hidden.Float16;
import io.fathom.triton.grpc.InferTensorContents;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.ShortBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Tensor contents as the KServe v2 protocol lays them out. Raw contents are little-endian; a BYTES
 * element is a 4-byte little-endian length followed by its bytes. FP16 and BF16 only travel raw:
 * FP16 is IEEE 754 binary16, BF16 the upper half of a binary32.
 */
public final class Tensors {

    private Tensors() {
    }

    /** UTF-8 strings as raw BYTES contents. */
    public static ByteString bytesRaw(List<String> values) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String value : values) {
            byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
            out.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(utf8.length).array());
            out.writeBytes(utf8);
        }
        return ByteString.copyFrom(out.toByteArray());
    }

    /** BYTES elements as UTF-8 strings, from raw contents when there are any, else from the typed field. */
    public static List<String> strings(ByteString raw, InferTensorContents contents, long expected) {
        List<String> values = new ArrayList<>();
        if (raw != null && !raw.isEmpty()) {
            ByteBuffer buffer = raw.asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
            while (buffer.hasRemaining()) {
                if (buffer.remaining() < 4) {
                    throw new TensorException("BYTES contents end inside an element's length");
                }
                int length = buffer.getInt();
                if (length < 0 || length > buffer.remaining()) {
                    throw new TensorException("BYTES element of " + Integer.toUnsignedString(length)
                            + " bytes, but only " + buffer.remaining() + " remain");
                }
                byte[] utf8 = new byte[length];
                buffer.get(utf8);
                values.add(new String(utf8, StandardCharsets.UTF_8));
            }
        } else if (contents != null) {
            contents.getBytesContentsList().forEach(b -> values.add(b.toStringUtf8()));
        }
        if (values.size() != expected) {
            throw new TensorException("BYTES tensor holds " + values.size() + " elements, its shape says " + expected);
        }
        return values;
    }

    /** A floating-point tensor as float32, from raw contents when there are any, else from the typed field. */
    public static float[] floats(String datatype, ByteString raw, InferTensorContents contents, long expected) {
        if (expected > Integer.MAX_VALUE - 8) {
            throw new TensorException(datatype + " tensor of " + expected + " values is more than one array holds");
        }
        float[] values = new float[(int) expected];
        rows(datatype, raw, contents, 1, values.length, new float[][] {values}, 0);
        return values;
    }

    /**
     * A floating-point tensor of {@code rows} rows of {@code width} values, decoded straight into
     * {@code into[r]} from {@code offset}: the hot path of hidden states, a million values per batch of
     * a 7B model, so raw contents are read in bulk and nothing is copied twice.
     */
    public static void rows(String datatype, ByteString raw, InferTensorContents contents, int rows, int width,
            float[][] into, int offset) {
        long expected = (long) rows * width;
        if (raw != null && !raw.isEmpty()) {
            int bytes = switch (datatype) {
                case "FP32" -> 4;
                case "FP16", "BF16" -> 2;
                case "FP64" -> 8;
                default -> throw new TensorException("datatype " + datatype + " is not a floating-point type");
            };
            if (raw.size() != expected * bytes) {
                throw new TensorException(datatype + " tensor of " + raw.size() + " bytes, its shape says " + expected
                        + " values of " + bytes + " bytes");
            }
            ByteBuffer buffer = raw.asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
            switch (datatype) {
                case "FP32" -> {
                    FloatBuffer floats = buffer.asFloatBuffer();
                    for (int r = 0; r < rows; r++) {
                        floats.get(into[r], offset, width);
                    }
                }
                case "FP16", "BF16" -> {
                    ShortBuffer shorts = buffer.asShortBuffer();
                    short[] row = new short[width];
                    boolean bf16 = datatype.equals("BF16");
                    for (int r = 0; r < rows; r++) {
                        shorts.get(row);
                        float[] target = into[r];
                        for (int i = 0; i < width; i++) {
                            target[offset + i] = bf16 ? Float.intBitsToFloat((row[i] & 0xFFFF) << 16)
                                    : Float16.toFloat(row[i]);
                        }
                    }
                }
                default -> {
                    for (int r = 0; r < rows; r++) {
                        for (int i = 0; i < width; i++) {
                            into[r][offset + i] = (float) buffer.getDouble();
                        }
                    }
                }
            }
            return;
        }
        boolean fp32 = "FP32".equals(datatype);
        if (contents == null || !(fp32 || "FP64".equals(datatype))) {
            throw new TensorException(datatype + " tensor has no contents (FP16 and BF16 travel only raw)");
        }
        int count = fp32 ? contents.getFp32ContentsCount() : contents.getFp64ContentsCount();
        if (count != expected) {
            throw new TensorException(datatype + " tensor holds " + count + " values, its shape says " + expected);
        }
        for (int r = 0; r < rows; r++) {
            for (int i = 0; i < width; i++) {
                int at = r * width + i;
                into[r][offset + i] = fp32 ? contents.getFp32Contents(at) : (float) contents.getFp64Contents(at);
            }
        }
    }

    /**
     * Raw FP16 contents of {@code rows} rows of {@code width} values, copied as they are into
     * {@code into[r]} from {@code offset}: half precision that stays half precision is never decoded.
     */
    public static void halfRows(ByteString raw, int rows, int width, short[][] into, int offset) {
        long expected = (long) rows * width;
        if (raw == null || raw.size() != expected * 2) {
            throw new TensorException("FP16 tensor of " + (raw == null ? 0 : raw.size()) + " bytes, its shape says "
                    + expected + " values of 2 bytes");
        }
        ShortBuffer shorts = raw.asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN).asShortBuffer();
        for (int r = 0; r < rows; r++) {
            shorts.get(into[r], offset, width);
        }
    }

    /** Elements of a shape, checked to be non-negative and to fit an array. */
    public static long elements(List<Long> shape) {
        long count = 1;
        for (long dim : shape) {
            if (dim < 0) {
                throw new TensorException("shape " + shape + " has a negative dimension");
            }
            count = Math.multiplyExact(count, dim);
        }
        if (count > Integer.MAX_VALUE - 8) {
            throw new TensorException("shape " + shape + " holds more values than one array can");
        }
        return count;
    }

    /** A tensor that does not match what its shape and datatype promise. */
    public static final class TensorException extends RuntimeException {
        public TensorException(String message) {
            super(message);
        }
    }
}
