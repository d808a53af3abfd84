package io.fathom.inference.backend.embedded;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.fathom.triton.BackendException;
import io.fathom.inference.backend.EncodedBatch;
import io.fathom.inference.backend.Encoder;
import io.fathom.inference.backend.Pooling;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * A BERT-style ONNX encoder run in-process by ONNX Runtime, with every layer's output exposed as
 * an extra graph output and pooled with the attention mask.
 */
public final class OnnxEncoder implements Encoder {

    private static final String LAST_HIDDEN_STATE = "last_hidden_state";

    private final String id;
    private final WordPieceTokenizer tokenizer;
    private final int maxTokens;
    private final OrtEnvironment env;
    private final OrtSession session;
    /**
     * Held shared by every {@code session.run} and exclusively by {@link #close()}: the service's shutdown
     * closes the session while model workers may still be inside a run, and a session freed under a
     * running call crashed the JVM (SIGSEGV in libonnxruntime, found by the fault-injection campaign).
     */
    private final ReentrantReadWriteLock use = new ReentrantReadWriteLock();
    private volatile boolean closed;
    private final List<String> layerOutputs;
    private final boolean needsTokenTypes;
    private final int dim;

    public OnnxEncoder(String id, byte[] model, WordPieceTokenizer tokenizer, int maxTokens, int threads) {
        this.id = id;
        this.tokenizer = tokenizer;
        this.maxTokens = maxTokens;
        Set<String> produced = OnnxGraph.nodeOutputs(model);
        this.layerOutputs = OnnxGraph.bertLayerOutputs(produced, LAST_HIDDEN_STATE);
        this.env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            if (threads > 0) {
                options.setIntraOpNumThreads(threads);
            }
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            // the service shares its cores with Kafka client threads: spinning intra-op threads that get
            // descheduled stall every parallel operator, so they sleep instead (measured in benchmarks.md)
            options.addConfigEntry("session.intra_op.allow_spinning", "0");
            this.session = env.createSession(OnnxGraph.withOutputs(model, layerOutputs.subList(0,
                    layerOutputs.size() - 1)), options);
            this.needsTokenTypes = session.getInputNames().contains("token_type_ids");
            long[] shape = ((ai.onnxruntime.TensorInfo) session.getOutputInfo().get(LAST_HIDDEN_STATE).getInfo())
                    .getShape();
            this.dim = (int) shape[shape.length - 1];
        } catch (OrtException e) {
            throw new IllegalStateException("model " + id + " cannot be loaded by ONNX Runtime: " + e.getMessage(), e);
        }
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public int layers() {
        return layerOutputs.size();
    }

    @Override
    public int dim() {
        return dim;
    }

    @Override
    public int maxTokens() {
        return maxTokens;
    }

    /** Token ids of a batch, padded to its longest text. */
    record Tokens(long[] ids, long[] mask, int batch, int width, int[] lengths, boolean[] truncated) {
    }

    Tokens tokenize(List<String> texts, int limit) {
        int batch = texts.size();
        WordPieceTokenizer.Encoding[] encodings = new WordPieceTokenizer.Encoding[batch];
        int width = 0;
        for (int i = 0; i < batch; i++) {
            encodings[i] = tokenizer.encode(texts.get(i), limit);
            width = Math.max(width, encodings[i].ids().length);
        }
        long[] ids = new long[batch * width];
        long[] mask = new long[batch * width];
        int[] lengths = new int[batch];
        boolean[] truncated = new boolean[batch];
        for (int i = 0; i < batch; i++) {
            long[] row = encodings[i].ids();
            System.arraycopy(row, 0, ids, i * width, row.length);
            java.util.Arrays.fill(mask, i * width, i * width + row.length, 1L);
            lengths[i] = row.length;
            truncated[i] = encodings[i].truncated();
        }
        return new Tokens(ids, mask, batch, width, lengths, truncated);
    }

    @Override
    public EncodedBatch encode(List<String> texts, List<Pooling> poolings, int requestedMaxTokens) {
        int limit = requestedMaxTokens > 0 ? Math.min(requestedMaxTokens, maxTokens) : maxTokens;
        Tokens tokens = tokenize(texts, limit);
        long[] shape = {tokens.batch(), tokens.width()};
        Map<String, OnnxTensor> inputs = new HashMap<>();
        try {
            inputs.put("input_ids", OnnxTensor.createTensor(env, LongBuffer.wrap(tokens.ids()), shape));
            inputs.put("attention_mask", OnnxTensor.createTensor(env, LongBuffer.wrap(tokens.mask()), shape));
            if (needsTokenTypes) {
                inputs.put("token_type_ids", OnnxTensor.createTensor(env,
                        LongBuffer.wrap(new long[tokens.ids().length]), shape));
            }
            use.readLock().lock();
            try {
                if (!closed) {
                    try (OrtSession.Result result = session.run(inputs, Set.copyOf(layerOutputs))) {
                        return pool(result, tokens, poolings);
                    }
                }
            } finally {
                use.readLock().unlock();
            }
            throw holdForever();
        } catch (OrtException e) {
            throw new BackendException("ONNX Runtime failed on model " + id + ": " + e.getMessage(), e);
        } finally {
            inputs.values().forEach(OnnxTensor::close);
        }
    }

    private EncodedBatch pool(OrtSession.Result result, Tokens tokens, List<Pooling> poolings) throws OrtException {
        int layers = layerOutputs.size();
        int batch = tokens.batch();
        int width = tokens.width();
        float[][] states = new float[batch][poolings.size() * layers * dim];
        float[] row = new float[dim];
        for (int layer = 0; layer < layers; layer++) {
            String name = layerOutputs.get(layer);
            OnnxTensor tensor = (OnnxTensor) result.get(name)
                    .orElseThrow(() -> new OrtException("missing output " + name));
            FloatBuffer values = tensor.getFloatBuffer(); // [batch, width, dim], a view of native memory
            for (int item = 0; item < batch; item++) {
                int length = tokens.lengths()[item];
                int itemStart = item * width * dim;
                float[] target = states[item];
                for (int p = 0; p < poolings.size(); p++) {
                    int out = (p * layers + layer) * dim;
                    if (poolings.get(p) == Pooling.MEAN) {
                        // padding rows are contiguous at the end, so the mask is "the first length tokens"
                        for (int t = 0; t < length; t++) {
                            values.get(itemStart + t * dim, row, 0, dim);
                            for (int d = 0; d < dim; d++) {
                                target[out + d] += row[d];
                            }
                        }
                        float scale = 1f / length;
                        for (int d = 0; d < dim; d++) {
                            target[out + d] *= scale;
                        }
                    } else {
                        values.get(itemStart + (length - 1) * dim, target, out, dim);
                    }
                }
            }
        }
        return new EncodedBatch(poolings, layers, dim, states, tokens.lengths(), tokens.truncated());
    }

    /**
     * A batch that reaches a closed model: the service is stopping. It neither returns nor fails, not even
     * when interrupted (a failure would be published as the batch's items failing, and the run would end as
     * if done): the run stays unfinished, its request unacknowledged, and the next instance redoes it. The
     * model workers are daemon threads, so this does not hold the process up.
     */
    private static CancellationException holdForever() {
        CountDownLatch never = new CountDownLatch(1);
        while (true) {
            try {
                never.await();
            } catch (InterruptedException e) {
                // the service is stopping: keep holding
            }
        }
    }

    /** Closes the session once the runs in progress on it have returned (waiting up to 30 s; else left open). */
    @Override
    public void close() {
        boolean idle;
        try {
            idle = use.writeLock().tryLock(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        if (!idle) {
            return; // the process is exiting: a session left open is harmless, one freed under a call is not
        }
        try {
            if (!closed) {
                closed = true;
                session.close();
            }
        } catch (OrtException e) {
            throw new IllegalStateException(e);
        } finally {
            use.writeLock().unlock();
        }
    }
}
