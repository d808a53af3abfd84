package io.fathom.triton;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import io.fathom.contracts.Json;
import io.fathom.contracts.generation.GenerationParameters;
import io.fathom.triton.BackendException;
import io.fathom.triton.Generator;
import io.fathom.triton.grpc.InferParameter;
import io.fathom.triton.grpc.ModelInferRequest;
import io.fathom.triton.grpc.ModelInferResponse;
import io.fathom.triton.grpc.ModelMetadataResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Text generation by a model served by Triton, in one of three conventions:
 * <ul>
 * <li>{@code fathom}: the project's own model (deploy/triton): BYTES {@code text_input [n, 1]} in,
 * sampling settings as request parameters ({@code max_tokens}, {@code temperature}, {@code top_p},
 * {@code top_k}, {@code seed}, {@code lora_name}); {@code text_output}, {@code prompt_tokens},
 * {@code completion_tokens} and {@code finish_reason} {@code [n, 1]} out;</li>
 * <li>{@code vllm}: Triton's vLLM backend, a decoupled model called through the streaming method,
 * one prompt per request: {@code text_input [1]}, {@code sampling_parameters} as a JSON string
 * (LoRA adapters by {@code lora_name}), {@code stream=false}, {@code exclude_input_in_output=true},
 * and the {@code return_*} flags for the finish reason and token counts;</li>
 * <li>{@code tensorrt-llm}: the TensorRT-LLM ensemble: {@code text_input}, {@code max_tokens},
 * {@code temperature}, {@code top_p}, {@code top_k}, {@code random_seed}, {@code exclude_input_in_output}
 * and, for an adapter already in the LoRA cache, {@code lora_task_id}, each {@code [n, 1]};
 * {@code text_output} out.</li>
 * </ul>
 */
public final class TritonGenerator implements Generator {

    public enum Convention { FATHOM, VLLM, TENSORRT_LLM }

    private final String id;
    private final TritonClient client;
    private final String tritonModel;
    private final String tritonVersion;
    private final Convention convention;
    private final String textInput;
    private final String textOutput;
    private final String promptTemplate;
    private final GenerationParameters defaults;
    private final ExecutorService requests;
    private final int concurrency;

    /**
     * @param promptTemplate the model's chat template around each prompt, with {@code {prompt}}
     */
    public TritonGenerator(String id, TritonClient client, String tritonModel, String tritonVersion,
            Convention convention, String textInput, String textOutput, String promptTemplate,
            GenerationParameters defaults, int concurrency) {
        if (!promptTemplate.contains("{prompt}")) {
            throw new IllegalArgumentException("model " + id + ": the prompt template has no {prompt} placeholder");
        }
        this.id = id;
        this.client = client;
        this.tritonModel = tritonModel;
        this.tritonVersion = tritonVersion;
        this.convention = convention;
        this.textInput = textInput;
        this.textOutput = textOutput;
        this.promptTemplate = promptTemplate;
        this.defaults = defaults;
        this.concurrency = concurrency;
        this.requests = Executors.newFixedThreadPool(concurrency, r -> {
            Thread thread = new Thread(r, "generate-" + id);
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * The generator of a configured model, its metadata checked; null when it has no generation settings.
     *
     * @param name the model's fathom name: its name on the server unless the settings give another
     * @throws BackendException when the server's model does not fit
     */
    public static TritonGenerator of(String id, String name, TritonSettings settings, TritonClient client) {
        TritonSettings.Generation g = settings.generation().orElse(null);
        if (g == null) {
            return null;
        }
        TritonGenerator generator = new TritonGenerator(id, client, settings.model().orElse(name),
                settings.modelVersion().orElse(""), g.convention(), settings.textInput(), g.textOutput(),
                g.promptTemplate(), new GenerationParameters(g.maxNewTokens(), g.temperature(), g.topP().isPresent()
                        ? g.topP().getAsDouble() : null, g.topK().isPresent() ? g.topK().getAsInt() : null, null,
                        g.stop().orElse(null), settings.adapter().orElse(null)), settings.concurrency());
        generator.check();
        return generator;
    }

    /**
     * Checks the model's metadata: the text input and output must exist as BYTES tensors.
     *
     * @throws BackendException naming what is missing
     */
    void check() {
        ModelMetadataResponse metadata = client.metadata(tritonModel, tritonVersion);
        for (var tensors : List.of(metadata.getInputsList(), metadata.getOutputsList())) {
            String name = tensors == metadata.getInputsList() ? textInput : textOutput;
            var tensor = tensors.stream().filter(t -> t.getName().equals(name)).findFirst().orElseThrow(() ->
                    new BackendException("Triton model '" + tritonModel + "' at " + client.address() + " (fathom model "
                            + id + ") has no tensor '" + name + "' for " + convention.name().toLowerCase(Locale.ROOT)
                            + " generation; it has " + tensors.stream().map(t -> t.getName()).toList(), null));
            if (!"BYTES".equals(tensor.getDatatype())) {
                throw new BackendException("Triton model '" + tritonModel + "' (fathom model " + id + "): tensor '" + name
                        + "' is " + tensor.getDatatype() + ", not BYTES", null);
            }
        }
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String backend() {
        return "triton:" + tritonModel;
    }

    @Override
    public GenerationParameters parameters() {
        return defaults;
    }

    @Override
    public String framed(String prompt) {
        return promptTemplate.replace("{prompt}", prompt);
    }

    @Override
    public int concurrency() {
        return concurrency;
    }

    @Override
    public List<Generation> generate(List<String> prompts, GenerationParameters parameters) {
        List<String> framed = prompts.stream().map(this::framed).toList();
        long started = System.nanoTime();
        if (convention != Convention.VLLM) {
            ModelInferResponse response = client.infer(batchRequest(framed, parameters));
            return read(response, framed.size(), (System.nanoTime() - started) / 1_000_000);
        }
        // the vLLM backend takes one prompt per request and batches them itself: send them at once
        List<CompletableFuture<Generation>> answers = new ArrayList<>();
        for (String prompt : framed) {
            answers.add(CompletableFuture.supplyAsync(() -> streamed(prompt, parameters), requests));
        }
        try {
            return answers.stream().map(CompletableFuture::join).toList();
        } catch (CompletionException e) {
            throw e.getCause() instanceof BackendException b ? b : new BackendException("model " + id + ": "
                    + e.getCause(), e.getCause());
        }
    }

    private ModelInferRequest batchRequest(List<String> prompts, GenerationParameters p) {
        int n = prompts.size();
        ModelInferRequest.Builder request = ModelInferRequest.newBuilder().setModelName(tritonModel)
                .setModelVersion(tritonVersion);
        input(request, textInput, "BYTES", n, Tensors.bytesRaw(prompts));
        if (convention == Convention.FATHOM) {
            parameter(request, "max_tokens", p.maxNewTokens());
            parameter(request, "temperature", p.temperature());
            parameter(request, "top_p", p.topP());
            parameter(request, "top_k", p.topK());
            parameter(request, "seed", p.seed());
            if (p.adapter() != null) {
                request.putParameters("lora_name", InferParameter.newBuilder().setStringParam(p.adapter()).build());
            }
            for (String name : List.of(textOutput, "prompt_tokens", "completion_tokens", "finish_reason")) {
                request.addOutputs(ModelInferRequest.InferRequestedOutputTensor.newBuilder().setName(name));
            }
            return request.build();
        }
        if (p.maxNewTokens() != null) {
            input(request, "max_tokens", "INT32", n, repeat(n, 4, b -> b.putInt(p.maxNewTokens())));
        }
        if (p.temperature() != null) {
            input(request, "temperature", "FP32", n, repeat(n, 4, b -> b.putFloat(p.temperature().floatValue())));
        }
        if (p.topP() != null) {
            input(request, "top_p", "FP32", n, repeat(n, 4, b -> b.putFloat(p.topP().floatValue())));
        }
        if (p.topK() != null) {
            input(request, "top_k", "INT32", n, repeat(n, 4, b -> b.putInt(p.topK())));
        }
        if (p.seed() != null) {
            input(request, "random_seed", "UINT64", n, repeat(n, 8, b -> b.putLong(p.seed())));
        }
        input(request, "exclude_input_in_output", "BOOL", n, repeat(n, 1, b -> b.put((byte) 1)));
        if (p.adapter() != null) {
            long task;
            try {
                task = Long.parseLong(p.adapter());
            } catch (NumberFormatException e) {
                throw new BackendException("model " + id + ": a TensorRT-LLM adapter is named by its numeric"
                        + " lora_task_id, not '" + p.adapter() + "'", e);
            }
            input(request, "lora_task_id", "UINT64", n, repeat(n, 8, b -> b.putLong(task)));
        }
        request.addOutputs(ModelInferRequest.InferRequestedOutputTensor.newBuilder().setName(textOutput));
        return request.build();
    }

    private Generation streamed(String prompt, GenerationParameters p) {
        ObjectNode sampling = Json.MAPPER.createObjectNode();
        if (p.maxNewTokens() != null) {
            sampling.put("max_tokens", p.maxNewTokens());
        }
        if (p.temperature() != null) {
            sampling.put("temperature", p.temperature());
        }
        if (p.topP() != null) {
            sampling.put("top_p", p.topP());
        }
        if (p.topK() != null) {
            sampling.put("top_k", p.topK());
        }
        if (p.seed() != null) {
            sampling.put("seed", p.seed());
        }
        if (p.stop() != null && !p.stop().isEmpty()) {
            sampling.set("stop", Json.MAPPER.valueToTree(p.stop()));
        }
        if (p.adapter() != null) {
            sampling.put("lora_name", p.adapter());
        }
        ModelInferRequest.Builder request = ModelInferRequest.newBuilder().setModelName(tritonModel)
                .setModelVersion(tritonVersion)
                .putParameters(TritonClient.ENABLE_EMPTY_FINAL, InferParameter.newBuilder().setBoolParam(true).build());
        single(request, textInput, "BYTES", Tensors.bytesRaw(List.of(prompt)));
        single(request, "sampling_parameters", "BYTES", Tensors.bytesRaw(List.of(sampling.toString())));
        single(request, "stream", "BOOL", ByteString.copyFrom(new byte[] {0}));
        single(request, "exclude_input_in_output", "BOOL", ByteString.copyFrom(new byte[] {1}));
        for (String flag : List.of("return_finish_reason", "return_num_input_tokens", "return_num_output_tokens")) {
            single(request, flag, "BOOL", ByteString.copyFrom(new byte[] {1}));
        }
        long started = System.nanoTime();
        List<ModelInferResponse> responses = client.streamInfer(request.build());
        StringBuilder text = new StringBuilder();
        Integer promptTokens = null;
        Integer completionTokens = null;
        String finishReason = null;
        for (ModelInferResponse response : responses) {
            Outputs outputs = new Outputs(response);
            if (outputs.has(textOutput)) {
                outputs.strings(textOutput).forEach(text::append);
            }
            if (outputs.has("finish_reason")) {
                finishReason = outputs.strings("finish_reason").get(0);
            }
            if (outputs.has("num_input_tokens")) {
                promptTokens = outputs.ints("num_input_tokens")[0];
            }
            if (outputs.has("num_output_tokens")) {
                completionTokens = (completionTokens == null ? 0 : completionTokens) + outputs.ints("num_output_tokens")[0];
            }
        }
        return new Generation(text.toString(), promptTokens, completionTokens, finishReason,
                (System.nanoTime() - started) / 1_000_000);
    }

    private List<Generation> read(ModelInferResponse response, int n, long latencyMs) {
        Outputs outputs = new Outputs(response);
        List<String> texts = outputs.strings(textOutput);
        if (texts.size() != n) {
            throw new BackendException("model " + id + " answered " + texts.size() + " of " + n + " prompts", null);
        }
        int[] promptTokens = outputs.has("prompt_tokens") ? outputs.ints("prompt_tokens") : null;
        int[] completionTokens = outputs.has("completion_tokens") ? outputs.ints("completion_tokens") : null;
        List<String> reasons = outputs.has("finish_reason") ? outputs.strings("finish_reason") : null;
        List<Generation> generations = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            generations.add(new Generation(texts.get(i), promptTokens == null ? null : promptTokens[i],
                    completionTokens == null ? null : completionTokens[i], reasons == null ? null : reasons.get(i),
                    latencyMs));
        }
        return generations;
    }

    /** The outputs of one response by name, decoded on demand and checked against their shapes. */
    private final class Outputs {
        private final ModelInferResponse response;

        Outputs(ModelInferResponse response) {
            this.response = response;
        }

        boolean has(String name) {
            return index(name) >= 0;
        }

        private int index(String name) {
            for (int i = 0; i < response.getOutputsCount(); i++) {
                if (response.getOutputs(i).getName().equals(name)) {
                    return i;
                }
            }
            return -1;
        }

        List<String> strings(String name) {
            int i = require(name);
            var output = response.getOutputs(i);
            if (!"BYTES".equals(output.getDatatype())) {
                throw malformed(name + " is " + output.getDatatype() + ", not BYTES");
            }
            try {
                return Tensors.strings(raw(i), output.getContents(), Tensors.elements(output.getShapeList()));
            } catch (Tensors.TensorException e) {
                throw malformed(e.getMessage());
            }
        }

        int[] ints(String name) {
            int i = require(name);
            var output = response.getOutputs(i);
            int n = (int) Tensors.elements(output.getShapeList());
            int[] values = new int[n];
            ByteString raw = raw(i);
            String type = output.getDatatype();
            if (!type.equals("INT32") && !type.equals("UINT32")) {
                throw malformed(name + " is " + type + ", not INT32 or UINT32");
            }
            if (raw != null) {
                if (raw.size() != 4 * n) {
                    throw malformed(name + " has " + raw.size() + " bytes for " + n + " values");
                }
                ByteBuffer buffer = raw.asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
                for (int v = 0; v < n; v++) {
                    values[v] = buffer.getInt();
                }
            } else {
                var contents = type.equals("INT32") ? output.getContents().getIntContentsList()
                        : output.getContents().getUintContentsList();
                if (contents.size() != n) {
                    throw malformed(name + " holds " + contents.size() + " values, its shape says " + n);
                }
                for (int v = 0; v < n; v++) {
                    values[v] = contents.get(v);
                }
            }
            return values;
        }

        private int require(String name) {
            int i = index(name);
            if (i < 0) {
                throw malformed("the response has no output '" + name + "'");
            }
            return i;
        }

        private ByteString raw(int i) {
            return response.getRawOutputContentsCount() > i ? response.getRawOutputContents(i) : null;
        }

        private BackendException malformed(String problem) {
            return new BackendException("model " + id + " returned a malformed response: " + problem, null);
        }
    }

    private interface Fill {
        void put(ByteBuffer buffer);
    }

    private static ByteString repeat(int n, int width, Fill fill) {
        ByteBuffer buffer = ByteBuffer.allocate(n * width).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < n; i++) {
            fill.put(buffer);
        }
        return ByteString.copyFrom(buffer.array());
    }

    private static void input(ModelInferRequest.Builder request, String name, String datatype, int n,
            ByteString raw) {
        request.addInputs(ModelInferRequest.InferInputTensor.newBuilder().setName(name).setDatatype(datatype)
                .addShape(n).addShape(1));
        request.addRawInputContents(raw);
    }

    private static void single(ModelInferRequest.Builder request, String name, String datatype, ByteString raw) {
        request.addInputs(ModelInferRequest.InferInputTensor.newBuilder().setName(name).setDatatype(datatype)
                .addShape(1));
        request.addRawInputContents(raw);
    }

    private static void parameter(ModelInferRequest.Builder request, String name, Number value) {
        if (value instanceof Double || value instanceof Float) {
            request.putParameters(name, InferParameter.newBuilder().setDoubleParam(value.doubleValue()).build());
        } else if (value != null) {
            request.putParameters(name, InferParameter.newBuilder().setInt64Param(value.longValue()).build());
        }
    }

    @Override
    public String unavailable() {
        return client.unreachable();
    }

    @Override
    public void close() {
        requests.shutdownNow();
        client.close();
    }
}
