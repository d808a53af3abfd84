package io.fathom.contracts.hidden;

import io.fathom.contracts.request.SuiteKind;
import java.util.List;
import java.util.Map;

/**
 * Everything about one hidden-state event except the tensor: which run, model, suite and item it
 * belongs to, the item's label, split and text (probes derive control tasks from it), and the
 * tensor's dtype and shape
 * {@code [poolings, layers, dim]}. Layer 0 is the embeddings output, layer i the i-th block's; a
 * corpus suite's events hold the last layer only ({@code [poolings, 1, dim]}), one vector per
 * example and pooling, which is what mixing needs.
 * {@code kind} is the suite's kind, so each consumer skips what is not its own without buffering
 * it; events written before it existed read as probing.
 */
public record HiddenStateHeader(int schemaVersion, String runId, String model, String suite, String itemId,
        String label, String split, String text, Map<String, String> metadata, int tokenCount, boolean truncated,
        List<String> poolings, String dtype, int[] shape, SuiteKind kind) {

    public static final String DTYPE_FLOAT16 = "float16";
    /** Limits past any real model (the largest open models have under 130 layers of under 20,000 values; the probe-service opens a file per pooling and layer). */
    public static final int MAX_POOLINGS = 4;
    public static final int MAX_LAYERS = 512;
    public static final int MAX_DIM = 65_536;

    public HiddenStateHeader {
        kind = kind == null ? SuiteKind.PROBING : kind;
    }

    public int layers() {
        return shape[1];
    }

    public int dim() {
        return shape[2];
    }

    /** At most 2^27 values within the MAX_* limits, which every decoded header meets. */
    public int valueCount() {
        return shape[0] * shape[1] * shape[2];
    }

    /** The event's identity: a redelivery or a replay of the same run yields the same id. */
    public String eventId() {
        return runId + "/" + model + "/" + suite + "/" + itemId;
    }
}
