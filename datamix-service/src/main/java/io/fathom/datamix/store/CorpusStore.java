package io.fathom.datamix.store;

import io.fathom.contracts.hidden.Float16;
import io.fathom.datamix.dedup.TextFingerprint;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The examples of one corpus suite as they arrive: each one's embedding appended to a spill file
 * in half precision, and in memory only what deciding and mixing need (its id, source, position in
 * the source, label and text fingerprint, about 150 bytes with a 30-character id). The texts
 * themselves are not kept: the fingerprint stands for them.
 */
public final class CorpusStore implements AutoCloseable {

    /** One example; {@code label} is its source's domain, null when the source is unlabelled. */
    public record Example(String id, String source, int position, String label, TextFingerprint fingerprint) {
    }

    private final Path file;
    private final OutputStream out;
    private final List<Example> examples = new ArrayList<>();
    private final Map<String, Integer> byId = new HashMap<>();
    private int dim = -1;
    private FileChannel reader;

    public CorpusStore(Path file) {
        this.file = file;
        try {
            Files.createDirectories(file.getParent());
            this.out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + file, e);
        }
    }

    public boolean contains(String id) {
        return byId.containsKey(id);
    }

    /** The dimension of the stored vectors, or -1 before the first. */
    public int dim() {
        return dim;
    }

    public int size() {
        return examples.size();
    }

    public Example example(int index) {
        return examples.get(index);
    }

    /** Stores an example whose vector has the store's dimension (the first one sets it). */
    public void add(Example example, float[] vector) {
        if (dim < 0) {
            dim = vector.length;
        } else if (vector.length != dim) {
            throw new IllegalArgumentException("vector of " + vector.length + " values, the store holds " + dim);
        }
        byte[] bytes = new byte[2 * dim];
        ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : vector) {
            buffer.putShort(Float16.fromFloat(v));
        }
        try {
            out.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot spill to " + file, e);
        }
        byId.put(example.id(), examples.size());
        examples.add(example);
    }

    /** Reads example {@code index}'s vector into {@code into}; the first read ends the adding. */
    public void read(int index, float[] into) {
        try {
            if (reader == null) {
                out.close();
                reader = FileChannel.open(file, StandardOpenOption.READ);
            }
            ByteBuffer buffer = ByteBuffer.allocate(2 * dim).order(ByteOrder.LITTLE_ENDIAN);
            long position = (long) index * 2 * dim;
            while (buffer.hasRemaining()) {
                if (reader.read(buffer, position + buffer.position()) < 0) {
                    throw new IOException("unexpected end of the spill file");
                }
            }
            buffer.flip();
            for (int d = 0; d < dim; d++) {
                into[d] = Float16.toFloat(buffer.getShort());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    @Override
    public void close() {
        try {
            out.close();
            if (reader != null) {
                reader.close();
            }
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + file, e);
        }
    }
}
