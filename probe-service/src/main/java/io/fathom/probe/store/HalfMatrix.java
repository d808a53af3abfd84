package io.fathom.probe.store;

import io.fathom.contracts.hidden.Float16;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.ShortBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A file of half-precision rows ({@code rows x dim}, little-endian) mapped into memory in segments
 * (a mapping holds at most 2 GiB): the operating system pages it in and out, so the heap holds
 * none of it.
 */
public final class HalfMatrix {

    private final int rows;
    private final int dim;
    private final int rowsPerSegment;
    private final ShortBuffer[] segments;

    HalfMatrix(Path file, int rows, int dim) {
        this.rows = rows;
        this.dim = dim;
        this.rowsPerSegment = Math.max(1, (Integer.MAX_VALUE / 2) / dim);
        this.segments = new ShortBuffer[(rows + rowsPerSegment - 1) / rowsPerSegment];
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            for (int s = 0; s < segments.length; s++) {
                long firstRow = (long) s * rowsPerSegment;
                long segmentRows = Math.min(rowsPerSegment, rows - firstRow);
                MappedByteBuffer mapped = channel.map(FileChannel.MapMode.READ_ONLY, firstRow * dim * 2,
                        segmentRows * dim * 2);
                segments[s] = mapped.order(ByteOrder.LITTLE_ENDIAN).asShortBuffer();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot map " + file, e);
        }
    }

    public int rows() {
        return rows;
    }

    public int dim() {
        return dim;
    }

    /** Decodes row {@code row} into {@code out} at {@code offset}. */
    public void readRow(int row, float[] out, int offset) {
        ShortBuffer segment = segments[row / rowsPerSegment];
        int base = (row % rowsPerSegment) * dim;
        for (int j = 0; j < dim; j++) {
            out[offset + j] = Float16.toFloat(segment.get(base + j));
        }
    }
}
