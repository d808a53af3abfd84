package io.fathom.training;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Rows copied once, as read (for a probe: decoded and standardised), into a file of floats in a
 * directory the caller owns (a service's spill directory, swept when an instance dies), and read
 * back from it: so that the trainer's many passes over them cost a copy out of
 * the page cache instead of a decode and a standardisation per value each time, while the heap
 * still holds none of them. Reads may come from several threads at once. {@link #close} deletes
 * the file.
 */
final class FloatSpill implements Features, AutoCloseable {

    /** Rows per write while spilling, and the most rows one read asks the file for. */
    private static final int ROWS_PER_IO = 64;

    private final Path file;
    private final FileChannel channel;
    private final int rows;
    private final int dim;
    private final int classes;
    private final int[] labels;
    private final ThreadLocal<ByteBuffer> buffers;

    private FloatSpill(Path file, FileChannel channel, Features data) {
        this.file = file;
        this.channel = channel;
        this.rows = data.rows();
        this.dim = data.dim();
        this.classes = data.classes();
        this.labels = data.labels();
        int bytes = ROWS_PER_IO * dim * Float.BYTES;
        this.buffers = ThreadLocal.withInitial(() -> ByteBuffer.allocateDirect(bytes).order(ByteOrder.nativeOrder()));
    }

    /** Reads every row of {@code data} once into a new file in {@code directory}. */
    static FloatSpill of(Features data, Path directory) {
        Path file;
        try {
            file = Files.createTempFile(Files.createDirectories(directory), "fathom-probe-", ".f32");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a file for the training rows in " + directory, e);
        }
        FloatSpill spill = null;
        try {
            spill = new FloatSpill(file, FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE),
                    data);
            FileChannel channel = spill.channel;
            float[] chunk = new float[ROWS_PER_IO * data.dim()];
            ByteBuffer buffer = spill.buffers.get();
            for (int from = 0; from < data.rows(); from += ROWS_PER_IO) {
                int to = Math.min(data.rows(), from + ROWS_PER_IO);
                data.read(from, to, chunk);
                buffer.clear();
                buffer.asFloatBuffer().put(chunk, 0, (to - from) * data.dim());
                buffer.limit((to - from) * data.dim() * Float.BYTES);
                long position = (long) from * data.dim() * Float.BYTES;
                while (buffer.hasRemaining()) {
                    position += channel.write(buffer, position);
                }
            }
            return spill;
        } catch (IOException | RuntimeException e) {
            try {
                if (spill != null) {
                    spill.channel.close();
                }
                Files.deleteIfExists(file);
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            if (e instanceof IOException io) {
                throw new UncheckedIOException("cannot spill the training rows to " + file, io);
            }
            throw (RuntimeException) e;
        }
    }

    Path file() {
        return file;
    }

    @Override
    public int rows() {
        return rows;
    }

    @Override
    public int dim() {
        return dim;
    }

    @Override
    public int classes() {
        return classes;
    }

    @Override
    public int[] labels() {
        return labels;
    }

    @Override
    public void read(int from, int to, float[] out) {
        ByteBuffer buffer = buffers.get();
        try {
            for (int start = from; start < to; start += ROWS_PER_IO) {
                int end = Math.min(to, start + ROWS_PER_IO);
                buffer.clear();
                buffer.limit((end - start) * dim * Float.BYTES);
                long position = (long) start * dim * Float.BYTES;
                while (buffer.hasRemaining()) {
                    int read = channel.read(buffer, position);
                    if (read < 0) {
                        throw new IOException("the spill file ended early");
                    }
                    position += read;
                }
                buffer.flip();
                buffer.asFloatBuffer().get(out, (start - from) * dim, (end - start) * dim);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the spilled training rows", e);
        }
    }

    @Override
    public void close() {
        try {
            channel.close();
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + file, e);
        }
    }
}
