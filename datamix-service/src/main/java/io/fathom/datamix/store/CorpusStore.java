package io.fathom.datamix.store;

import io.fathom.contracts.hidden.Float16;
import io.fathom.datamix.dedup.TextFingerprint;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.ShortBuffer;
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
 * themselves are not kept: the fingerprint stands for them. Once the adding is over, the spill file
 * is read memory-mapped: reading a vector is a copy from the page cache, with no system call, which
 * the deduplicator's verification of its candidates relies on.
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
    /** The spill file mapped in segments of whole vectors, each under the 2 GiB a mapping may have. */
    private volatile ShortBuffer[] segments;
    private int vectorsPerSegment;

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

    /**
     * Reads example {@code index}'s vector into {@code into}; the first read ends the adding. Safe from
     * several threads at once (the domain scorer's).
     */
    public void read(int index, float[] into) {
        ShortBuffer[] mapped = segments;
        if (mapped == null) {
            mapped = map();
        }
        ShortBuffer segment = mapped[index / vectorsPerSegment];
        int offset = index % vectorsPerSegment * dim;
        for (int d = 0; d < dim; d++) {
            into[d] = Float16.toFloat(segment.get(offset + d)); // absolute gets: no position shared between threads
        }
    }

    private synchronized ShortBuffer[] map() {
        if (segments != null) {
            return segments;
        }
        try {
            out.close(); // flushes the last vectors
        } catch (IOException e) {
            throw new UncheckedIOException("cannot spill to " + file, e);
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            vectorsPerSegment = Integer.MAX_VALUE / (2 * dim);
            ShortBuffer[] mapped = new ShortBuffer[(size() + vectorsPerSegment - 1) / vectorsPerSegment];
            for (int s = 0; s < mapped.length; s++) {
                long from = (long) s * vectorsPerSegment;
                long count = Math.min(vectorsPerSegment, size() - from);
                mapped[s] = channel.map(FileChannel.MapMode.READ_ONLY, 2 * dim * from, 2 * dim * count)
                        .order(ByteOrder.LITTLE_ENDIAN).asShortBuffer();
            }
            segments = mapped;
            return mapped;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** Deletes the spill file; its mappings (and the disk space) go when the collector frees them. */
    @Override
    public void close() {
        try {
            out.close();
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + file, e);
        }
    }
}
