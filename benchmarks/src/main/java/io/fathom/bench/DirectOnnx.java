package io.fathom.bench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.fathom.inference.backend.embedded.OnnxGraph;
import io.fathom.inference.backend.embedded.WordPieceTokenizer;
import java.io.InputStream;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The reference: a bare ONNX Runtime session of the same model with every layer exposed, fed
 * pre-tokenized batches. Only {@code session.run} is timed, so this is the ceiling for the service.
 */
final class DirectOnnx implements AutoCloseable {

    private final OrtEnvironment env = OrtEnvironment.getEnvironment();
    private final OrtSession session;
    private final Set<String> outputs;
    private final List<Map<String, OnnxTensor>> batches = new ArrayList<>();

    DirectOnnx(String resource, List<String> texts, int batchSize, int maxTokens) throws Exception {
        ClassLoader loader = DirectOnnx.class.getClassLoader();
        byte[] model;
        WordPieceTokenizer tokenizer;
        try (InputStream onnx = loader.getResourceAsStream(resource + ".onnx");
                InputStream json = loader.getResourceAsStream(resource + "-tokenizer.json")) {
            model = onnx.readAllBytes();
            tokenizer = WordPieceTokenizer.read(json);
        }
        List<String> layers = OnnxGraph.bertLayerOutputs(OnnxGraph.nodeOutputs(model), "last_hidden_state");
        outputs = Set.copyOf(layers);
        session = env.createSession(OnnxGraph.withOutputs(model, layers.subList(0, layers.size() - 1)),
                new OrtSession.SessionOptions());
        for (int from = 0; from < texts.size(); from += batchSize) {
            List<String> batch = texts.subList(from, Math.min(texts.size(), from + batchSize));
            long[][] ids = new long[batch.size()][];
            int width = 0;
            for (int i = 0; i < batch.size(); i++) {
                ids[i] = tokenizer.encode(batch.get(i), maxTokens).ids();
                width = Math.max(width, ids[i].length);
            }
            long[] flat = new long[batch.size() * width];
            long[] mask = new long[flat.length];
            for (int i = 0; i < batch.size(); i++) {
                System.arraycopy(ids[i], 0, flat, i * width, ids[i].length);
                java.util.Arrays.fill(mask, i * width, i * width + ids[i].length, 1L);
            }
            long[] shape = {batch.size(), width};
            batches.add(Map.of(
                    "input_ids", OnnxTensor.createTensor(env, LongBuffer.wrap(flat), shape),
                    "attention_mask", OnnxTensor.createTensor(env, LongBuffer.wrap(mask), shape),
                    "token_type_ids", OnnxTensor.createTensor(env, LongBuffer.wrap(new long[flat.length]), shape)));
        }
    }

    /** Runs every batch once; returns the seconds it took. */
    double runAll() throws OrtException {
        long start = System.nanoTime();
        for (Map<String, OnnxTensor> inputs : batches) {
            try (OrtSession.Result ignored = session.run(inputs, outputs)) {
                // outputs are produced and released; nothing else is timed
            }
        }
        return (System.nanoTime() - start) / 1e9;
    }

    @Override
    public void close() throws OrtException {
        batches.forEach(b -> b.values().forEach(OnnxTensor::close));
        session.close();
    }
}
