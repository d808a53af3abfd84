package io.fathom.inference.backend.triton;

import io.fathom.inference.backend.EncodedBatch;
import io.fathom.inference.backend.Encoder;
import io.fathom.inference.backend.Pooling;
import io.fathom.triton.BackendException;
import io.fathom.triton.Tensors;
import io.fathom.triton.TritonClient;
import io.fathom.triton.grpc.InferParameter;
import io.fathom.triton.grpc.ModelInferRequest;
import io.fathom.triton.grpc.ModelInferResponse;
import io.fathom.triton.grpc.ModelMetadataResponse;
import io.fathom.triton.grpc.ModelMetadataResponse.TensorMetadata;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Pooled per-layer hidden states from a model served by Triton: texts go in as a BYTES tensor
 * {@code [n, 1]}, and each pooling comes back as its own output tensor {@code [n, layers, dim]}
 * (FP32, FP16 or BF16), with an optional INT32 token count {@code [n, 1]}. Names, layers and width
 * are read from the model's metadata when the encoder is created, so that a wrong model fails at
 * start-up; a response that breaks them fails its batch.
 */
public final class TritonEncoder implements Encoder {

    static final Set<String> FLOAT_TYPES = Set.of("FP32", "FP16", "BF16");

    /** Which tensors carry what. */
    public record Layout(String textInput, Map<Pooling, String> hiddenStates, String tokenCount, int batchSize,
            int maxTokens, int concurrency, String adapter) {
    }

    private final String id;
    private final TritonClient client;
    private final String tritonModel;
    private final String tritonVersion;
    private final Layout layout;
    private final int layers;
    private final int dim;

    /**
     * Reads the model's metadata and checks it against the layout.
     *
     * @throws BackendException when the server cannot say, or the model lacks a tensor the layout names
     */
    public TritonEncoder(String id, TritonClient client, String tritonModel, String tritonVersion, Layout layout) {
        this.id = id;
        this.client = client;
        this.tritonModel = tritonModel;
        this.tritonVersion = tritonVersion;
        this.layout = layout;
        ModelMetadataResponse metadata = client.metadata(tritonModel, tritonVersion);
        TensorMetadata input = find(metadata.getInputsList(), layout.textInput(), "input");
        if (!"BYTES".equals(input.getDatatype())) {
            throw misfit("input '" + layout.textInput() + "' is " + input.getDatatype() + ", not BYTES");
        }
        int foundLayers = -1;
        int foundDim = -1;
        for (Map.Entry<Pooling, String> output : layout.hiddenStates().entrySet()) {
            TensorMetadata tensor = find(metadata.getOutputsList(), output.getValue(), "output");
            List<Long> shape = tensor.getShapeList();
            if (!FLOAT_TYPES.contains(tensor.getDatatype()) || shape.size() != 3 || shape.get(1) < 1
                    || shape.get(2) < 1) {
                throw misfit("output '" + output.getValue() + "' is " + tensor.getDatatype() + " " + shape
                        + "; hidden states must be FP32, FP16 or BF16 [batch, layers, dim] with fixed layers and dim");
            }
            if (foundLayers >= 0 && (foundLayers != shape.get(1) || foundDim != shape.get(2))) {
                throw misfit("hidden-state outputs disagree on [layers, dim]");
            }
            foundLayers = Math.toIntExact(shape.get(1));
            foundDim = Math.toIntExact(shape.get(2));
        }
        if (layout.tokenCount() != null) {
            find(metadata.getOutputsList(), layout.tokenCount(), "output");
        }
        this.layers = foundLayers;
        this.dim = foundDim;
    }

    private TensorMetadata find(List<TensorMetadata> tensors, String name, String what) {
        return tensors.stream().filter(t -> t.getName().equals(name)).findFirst()
                .orElseThrow(() -> misfit("has no " + what + " '" + name + "'; it has "
                        + tensors.stream().map(TensorMetadata::getName).toList()));
    }

    private BackendException misfit(String problem) {
        return new BackendException("Triton model '" + tritonModel + "' at " + client.address() + " (fathom model "
                + id + "): " + problem, null);
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public int layers() {
        return layers;
    }

    @Override
    public int dim() {
        return dim;
    }

    @Override
    public int maxTokens() {
        return layout.maxTokens();
    }

    @Override
    public EncodedBatch encode(List<String> texts, List<Pooling> poolings, int maxTokens) {
        for (Pooling pooling : poolings) {
            if (!layout.hiddenStates().containsKey(pooling)) {
                throw new BackendException("model " + id + " serves no " + pooling.json() + " pooling; it serves "
                        + layout.hiddenStates().keySet().stream().map(Pooling::json).toList(), null);
            }
        }
        int limit = maxTokens > 0 ? Math.min(maxTokens, layout.maxTokens()) : layout.maxTokens();
        float[][] states = new float[texts.size()][];
        short[][] halfStates = new short[texts.size()][];
        int[] tokenCounts = new int[texts.size()];
        boolean[] truncated = new boolean[texts.size()];
        for (int from = 0; from < texts.size(); from += layout.batchSize()) {
            List<String> chunk = texts.subList(from, Math.min(texts.size(), from + layout.batchSize()));
            ModelInferResponse response = client.infer(request(chunk, poolings, limit));
            read(response, chunk.size(), poolings, from, states, halfStates, tokenCounts, truncated, limit);
        }
        if (Arrays.stream(halfStates).allMatch(Objects::nonNull)) {
            return new EncodedBatch(poolings, layers, dim, null, halfStates, tokenCounts, truncated);
        }
        for (int i = 0; i < states.length; i++) { // a batch that came partly in FP16: all in float32
            if (states[i] == null) {
                states[i] = new EncodedBatch(poolings, layers, dim, null, halfStates, tokenCounts, truncated)
                        .floats(i);
            }
        }
        return new EncodedBatch(poolings, layers, dim, states, tokenCounts, truncated);
    }

    private ModelInferRequest request(List<String> texts, List<Pooling> poolings, int limit) {
        ModelInferRequest.Builder request = ModelInferRequest.newBuilder().setModelName(tritonModel)
                .setModelVersion(tritonVersion)
                .putParameters(TritonClient.MAX_INPUT_TOKENS, InferParameter.newBuilder().setInt64Param(limit).build())
                .addInputs(ModelInferRequest.InferInputTensor.newBuilder().setName(layout.textInput())
                        .setDatatype("BYTES").addShape(texts.size()).addShape(1))
                .addRawInputContents(Tensors.bytesRaw(texts));
        if (layout.adapter() != null) {
            request.putParameters("lora_name", InferParameter.newBuilder().setStringParam(layout.adapter()).build());
        }
        for (Pooling pooling : poolings) {
            request.addOutputs(ModelInferRequest.InferRequestedOutputTensor.newBuilder()
                    .setName(layout.hiddenStates().get(pooling)));
        }
        if (layout.tokenCount() != null) {
            request.addOutputs(ModelInferRequest.InferRequestedOutputTensor.newBuilder().setName(layout.tokenCount()));
        }
        return request.build();
    }

    /** Copies one response into the batch's arrays (FP16 as it came, else float32), checking every tensor. */
    private void read(ModelInferResponse response, int n, List<Pooling> poolings, int offset, float[][] states,
            short[][] halfStates, int[] tokenCounts, boolean[] truncated, int limit) {
        int width = layers * dim;
        Set<Pooling> found = EnumSet.noneOf(Pooling.class);
        int[] counts = null;
        List<ModelInferResponse.InferOutputTensor> outputs = response.getOutputsList();
        boolean raw = response.getRawOutputContentsCount() > 0;
        if (raw && response.getRawOutputContentsCount() != outputs.size()) {
            throw new BackendException("model " + id + ": response has " + outputs.size() + " outputs but "
                    + response.getRawOutputContentsCount() + " raw contents", null);
        }
        // half precision on the wire stays half precision: the events hold binary16 anyway
        boolean half = raw && outputs.stream().filter(o -> layout.hiddenStates().containsValue(o.getName()))
                .allMatch(o -> "FP16".equals(o.getDatatype()));
        float[][] rows = half ? null : new float[n][poolings.size() * width];
        short[][] halves = half ? new short[n][poolings.size() * width] : null;
        try {
            for (int i = 0; i < outputs.size(); i++) {
                ModelInferResponse.InferOutputTensor output = outputs.get(i);
                var contents = raw ? response.getRawOutputContents(i) : null;
                for (int p = 0; p < poolings.size(); p++) {
                    if (output.getName().equals(layout.hiddenStates().get(poolings.get(p)))) {
                        List<Long> want = List.of((long) n, (long) layers, (long) dim);
                        if (!output.getShapeList().equals(want)) {
                            throw new Tensors.TensorException("output '" + output.getName() + "' has shape "
                                    + output.getShapeList() + ", expected " + want);
                        }
                        // each item's values straight into its row of the batch, after the poolings before it
                        if (half) {
                            Tensors.halfRows(contents, n, width, halves, p * width);
                        } else {
                            Tensors.rows(output.getDatatype(), contents, output.getContents(), n, width, rows,
                                    p * width);
                        }
                        found.add(poolings.get(p));
                    }
                }
                if (output.getName().equals(layout.tokenCount())) {
                    counts = ints(output, contents, n);
                }
            }
        } catch (Tensors.TensorException e) {
            throw new BackendException("model " + id + " returned a malformed tensor: " + e.getMessage(), e);
        }
        List<Pooling> missing = poolings.stream().filter(p -> !found.contains(p)).toList();
        if (!missing.isEmpty()) {
            throw new BackendException("model " + id + ": the response lacks the hidden states of " + missing, null);
        }
        for (int item = 0; item < n; item++) {
            if (half) {
                halfStates[offset + item] = halves[item];
            } else {
                states[offset + item] = rows[item];
            }
            tokenCounts[offset + item] = counts == null ? 0 : counts[item];
            truncated[offset + item] = counts != null && counts[item] >= limit;
        }
    }

    private int[] ints(ModelInferResponse.InferOutputTensor output, com.google.protobuf.ByteString raw, int n) {
        if (!"INT32".equals(output.getDatatype()) || Tensors.elements(output.getShapeList()) != n) {
            throw new Tensors.TensorException("output '" + output.getName() + "' is " + output.getDatatype() + " "
                    + output.getShapeList() + ", expected INT32 with " + n + " values");
        }
        int[] values = new int[n];
        if (raw != null) {
            if (raw.size() != 4 * n) {
                throw new Tensors.TensorException("INT32 output '" + output.getName() + "' of " + raw.size() + " bytes");
            }
            var buffer = raw.asReadOnlyByteBuffer().order(java.nio.ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < n; i++) {
                values[i] = buffer.getInt();
            }
        } else {
            if (output.getContents().getIntContentsCount() != n) {
                throw new Tensors.TensorException("INT32 output '" + output.getName() + "' holds "
                        + output.getContents().getIntContentsCount() + " values");
            }
            for (int i = 0; i < n; i++) {
                values[i] = output.getContents().getIntContents(i);
            }
        }
        return values;
    }

    @Override
    public int concurrency() {
        return layout.concurrency();
    }

    @Override
    public String unavailable() {
        return client.unreachable();
    }

    @Override
    public void close() {
        client.close();
    }
}
