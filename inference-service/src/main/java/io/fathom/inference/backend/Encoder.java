package io.fathom.inference.backend;

import io.fathom.triton.BackendException;
import java.util.List;

/** A model that turns texts into pooled per-layer hidden states. Implementations are thread-confined per call. */
public interface Encoder extends AutoCloseable {

    /** {@code name@version}, as it appears in every event. */
    String id();

    /** Number of layers reported, embeddings output included. */
    int layers();

    int dim();

    /** The most tokens the model takes; longer texts are truncated and flagged. */
    int maxTokens();

    /**
     * Encodes a batch. {@code maxTokens} may lower the model's own limit.
     *
     * @throws BackendException when the backend fails or cannot be reached
     */
    EncodedBatch encode(List<String> texts, List<Pooling> poolings, int maxTokens);

    /** Batches to run on the model at once; 0 leaves it to {@code fathom.inference.parallel-batches}. */
    default int concurrency() {
        return 0;
    }

    /** Null while the model can be called; otherwise why not (a remote server that is unreachable). */
    default String unavailable() {
        return null;
    }

    @Override
    void close();
}
