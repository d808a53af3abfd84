package io.fathom.inference.backend.embedded;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import java.io.InputStream;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An independent computation of pooled layer states for tests: DJL's Rust tokenizer instead of
 * fathom's, a plain ONNX Runtime session, and mean pooling written out longhand. Batches are formed
 * exactly as given, because int8 models quantize activations per batch.
 */
public final class ReferenceEncoder implements AutoCloseable {

    private final HuggingFaceTokenizer tokenizer;
    private final OrtEnvironment env = OrtEnvironment.getEnvironment();
    private final OrtSession session;
    private final List<String> outputs;

    public ReferenceEncoder(String onnxResource, String tokenizerResource, int maxTokens) throws Exception {
        Path tokenizerFile = Files.createTempFile("tokenizer", ".json");
        try (InputStream in = ReferenceEncoder.class.getClassLoader().getResourceAsStream(tokenizerResource)) {
            Files.copy(in, tokenizerFile, StandardCopyOption.REPLACE_EXISTING);
        }
        tokenizer = HuggingFaceTokenizer.builder().optTokenizerPath(tokenizerFile).optPadding(false)
                .optTruncation(true).optMaxLength(maxTokens).build();
        byte[] model;
        try (InputStream in = ReferenceEncoder.class.getClassLoader().getResourceAsStream(onnxResource)) {
            model = in.readAllBytes();
        }
        outputs = OnnxGraph.bertLayerOutputs(OnnxGraph.nodeOutputs(model), "last_hidden_state");
        session = env.createSession(OnnxGraph.withOutputs(model, outputs.subList(0, outputs.size() - 1)),
                new OrtSession.SessionOptions());
    }

    public static ReferenceEncoder miniLm() throws Exception {
        return new ReferenceEncoder("all-minilm-l6-v2-q.onnx", "all-minilm-l6-v2-q-tokenizer.json", 256);
    }

    public static ReferenceEncoder bge() throws Exception {
        return new ReferenceEncoder("bge-small-en-v1.5-q.onnx", "bge-small-en-v1.5-q-tokenizer.json", 512);
    }

    public long[] tokenIds(String text) {
        return tokenizer.encode(text).getIds();
    }

    /** Mean-pooled states per text: result[text][layer][dim]. */
    public float[][][] meanPooled(List<String> batch) throws Exception {
        Encoding[] encodings = new Encoding[batch.size()];
        int width = 0;
        for (int i = 0; i < batch.size(); i++) {
            encodings[i] = tokenizer.encode(batch.get(i));
            width = Math.max(width, encodings[i].getIds().length);
        }
        long[] ids = new long[batch.size() * width];
        long[] mask = new long[batch.size() * width];
        for (int i = 0; i < batch.size(); i++) {
            long[] row = encodings[i].getIds();
            for (int t = 0; t < row.length; t++) {
                ids[i * width + t] = row[t];
                mask[i * width + t] = 1;
            }
        }
        long[] shape = {batch.size(), width};
        Map<String, OnnxTensor> inputs = new HashMap<>();
        inputs.put("input_ids", OnnxTensor.createTensor(env, LongBuffer.wrap(ids), shape));
        inputs.put("attention_mask", OnnxTensor.createTensor(env, LongBuffer.wrap(mask), shape));
        inputs.put("token_type_ids", OnnxTensor.createTensor(env, LongBuffer.wrap(new long[ids.length]), shape));
        try (OrtSession.Result result = session.run(inputs)) {
            float[][][] pooled = new float[batch.size()][outputs.size()][];
            for (int layer = 0; layer < outputs.size(); layer++) {
                float[][][] values = (float[][][]) result.get(outputs.get(layer)).get().getValue();
                for (int i = 0; i < batch.size(); i++) {
                    int dim = values[i][0].length;
                    double[] sum = new double[dim];
                    int count = 0;
                    for (int t = 0; t < width; t++) {
                        if (mask[i * width + t] == 1) {
                            count++;
                            for (int d = 0; d < dim; d++) {
                                sum[d] += values[i][t][d];
                            }
                        }
                    }
                    pooled[i][layer] = new float[dim];
                    for (int d = 0; d < dim; d++) {
                        pooled[i][layer][d] = (float) (sum[d] / count);
                    }
                }
            }
            return pooled;
        } finally {
            inputs.values().forEach(OnnxTensor::close);
        }
    }

    /** Batches of {@code size} in order, as the service forms them. */
    public float[][][] meanPooledInBatches(List<String> texts, int size) throws Exception {
        List<float[][]> all = new ArrayList<>();
        for (int from = 0; from < texts.size(); from += size) {
            for (float[][] item : meanPooled(texts.subList(from, Math.min(texts.size(), from + size)))) {
                all.add(item);
            }
        }
        return all.toArray(float[][][]::new);
    }

    @Override
    public void close() throws Exception {
        session.close();
        tokenizer.close();
    }
}
