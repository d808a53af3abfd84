package io.fathom.contracts.hidden;

import java.util.List;
import java.util.Map;

/**
 * Everything about one hidden-state event except the tensor: which run, model, suite and item it
 * belongs to, the item's label, split and text (probes derive control tasks from it), and the
 * tensor's dtype and shape
 * {@code [poolings, layers, dim]}. Layer 0 is the embeddings output, layer i the i-th block's.
 */
public record HiddenStateHeader(int schemaVersion, String runId, String model, String suite, String itemId,
        String label, String split, String text, Map<String, String> metadata, int tokenCount, boolean truncated,
        List<String> poolings, String dtype, int[] shape) {

    public static final String DTYPE_FLOAT16 = "float16";

    public int layers() {
        return shape[1];
    }

    public int dim() {
        return shape[2];
    }

    /** @throws ArithmeticException for shapes beyond 2^31 values, which no event can hold */
    public int valueCount() {
        return Math.multiplyExact(Math.multiplyExact(shape[0], shape[1]), shape[2]);
    }

    /** The event's identity: a redelivery or a replay of the same run yields the same id. */
    public String eventId() {
        return runId + "/" + model + "/" + suite + "/" + itemId;
    }
}
