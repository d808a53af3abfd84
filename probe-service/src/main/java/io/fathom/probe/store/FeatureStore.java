package io.fathom.probe.store;

import io.fathom.contracts.hidden.HiddenStateEvent;
import io.fathom.contracts.hidden.HiddenStateHeader;
import io.fathom.messaging.SpillDirectory;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The hidden states of one model in one suite, spilled to disk as they arrive: one file of
 * half-precision rows per (pooling, layer), appended in arrival order, each item once however
 * often it is delivered. The heap keeps only the item index (id, label, split, control key, text).
 */
public final class FeatureStore implements AutoCloseable {

    /**
     * What a probe needs to know about a stored item besides its vectors; {@code text} (for the
     * surface baselines) is cut at {@link #MAX_TEXT} characters, which bounds the heap per item.
     */
    public record Item(String id, String label, String split, String controlKey, String text) {
    }

    public static final int MAX_TEXT = 4096;

    private final Path directory;
    private final List<String> poolings;
    private final int[] shape;
    private final OutputStream[] files;
    private final Set<String> ids = new HashSet<>();
    private final List<Item> items = new ArrayList<>();
    private final byte[] rowBytes;

    /** A store shaped like {@code first}, the first event seen of its model. */
    public FeatureStore(Path directory, HiddenStateHeader first) {
        this.directory = directory;
        this.poolings = List.copyOf(first.poolings());
        this.shape = first.shape().clone();
        this.files = new OutputStream[shape[0] * shape[1]];
        this.rowBytes = new byte[shape[2] * 2];
        try {
            Files.createDirectories(directory);
            for (int i = 0; i < files.length; i++) {
                files[i] = new BufferedOutputStream(Files.newOutputStream(file(i)), 1 << 16);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the feature store in " + directory, e);
        }
    }

    /** Whether the event has the shape and poolings of this store's model. */
    public boolean fits(HiddenStateHeader header) {
        return java.util.Arrays.equals(header.shape(), shape) && header.poolings().equals(poolings);
    }

    public boolean contains(String itemId) {
        return ids.contains(itemId);
    }

    /** Appends a new item; the caller has checked {@link #fits} and that it is not {@link #contains contained}. */
    public void add(HiddenStateEvent event, String controlKey) {
        HiddenStateHeader header = event.header();
        short[] values = event.halfValues();
        int dim = shape[2];
        try {
            for (int i = 0; i < files.length; i++) {
                int base = i * dim;
                for (int j = 0; j < dim; j++) {
                    short v = values[base + j];
                    rowBytes[2 * j] = (byte) v;
                    rowBytes[2 * j + 1] = (byte) (v >> 8);
                }
                files[i].write(rowBytes);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write to the feature store in " + directory, e);
        }
        ids.add(header.itemId());
        String text = header.text() == null ? "" : header.text();
        items.add(new Item(header.itemId(), header.label(), header.split(), controlKey,
                text.length() <= MAX_TEXT ? text : text.substring(0, MAX_TEXT)));
    }

    public int size() {
        return items.size();
    }

    /** Items in row order. */
    public List<Item> items() {
        return items;
    }

    public List<String> poolings() {
        return poolings;
    }

    public int layers() {
        return shape[1];
    }

    public int dim() {
        return shape[2];
    }

    /** One (pooling, layer) as a matrix with a row per item; writes are flushed first. */
    public HalfMatrix matrix(int pooling, int layer) {
        int index = pooling * shape[1] + layer;
        try {
            files[index].flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot flush the feature store in " + directory, e);
        }
        return new HalfMatrix(file(index), items.size(), shape[2]);
    }

    private Path file(int index) {
        return directory.resolve("p" + index / shape[1] + "-l" + index % shape[1] + ".f16");
    }

    /** Closes and deletes the files. */
    @Override
    public void close() {
        for (OutputStream file : files) {
            try {
                file.close();
            } catch (IOException ignored) {
                // the files are deleted next
            }
        }
        SpillDirectory.deleteRecursively(directory);
    }
}
