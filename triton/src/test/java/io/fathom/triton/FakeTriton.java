package io.fathom.triton;

import com.google.protobuf.ByteString;
import io.fathom.contracts.hidden.Float16;
import io.fathom.triton.grpc.GRPCInferenceServiceGrpc;
import io.fathom.triton.grpc.ModelInferRequest;
import io.fathom.triton.grpc.ModelInferResponse;
import io.fathom.triton.grpc.ModelMetadataRequest;
import io.fathom.triton.grpc.ModelMetadataResponse;
import io.fathom.triton.grpc.ModelReadyRequest;
import io.fathom.triton.grpc.ModelReadyResponse;
import io.fathom.triton.grpc.ServerLiveRequest;
import io.fathom.triton.grpc.ServerLiveResponse;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A server that speaks the KServe v2 gRPC protocol over real TCP on 127.0.0.1, serving its models
 * the way Triton serves them: {@link #MODEL} (and any other name it is told) as the project's model
 * does, texts in as BYTES {@code [n, 1]}, pooled hidden states out as {@code hidden_mean} and
 * {@code hidden_last} {@code [n, layers, dim]}, token counts as {@code token_count}, and answers as
 * {@code text_output} when asked for them (the fathom and TensorRT-LLM conventions); and, through
 * the streaming method, as Triton's decoupled vLLM backend answers, one prompt per request and a
 * flagged final response. What the states and answers are comes from a {@link States} and an
 * answer function; faults are switched on by the tests.
 */
public final class FakeTriton implements AutoCloseable {

    public static final String MODEL = "fathom-encoder";

    /** Pooled states of a batch: per pooling ("mean", "last"), per text, {@code layers x dim} values. */
    public interface States {
        int layers();

        int dim();

        float[][] pooled(String pooling, List<String> texts, int maxTokens);

        int tokens(String text, int maxTokens);
    }

    /** What the server gets wrong on purpose. */
    public enum Fault { NONE, WRONG_DATATYPE, WRONG_SHAPE, NOT_READY }

    private final States states;
    private final String datatype;
    private final java.util.Set<String> models = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private volatile java.util.function.BiFunction<String, String, String> answers = (model, prompt) -> "I am not sure.";
    private volatile ModelInferRequest lastRequest;
    /** Responses by request, when the same requests come again and again (benchmarks). */
    private volatile java.util.Map<ByteString, ModelInferResponse> cache;
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger active = new AtomicInteger();
    private final AtomicInteger maxActive = new AtomicInteger();
    private volatile Fault fault = Fault.NONE;
    private volatile long delayMillis;
    private volatile int exhaustedLeft;
    private volatile String failOn;
    private Server server;
    private int port;

    /**
     * @param states the hidden states it serves; null for a server that only generates
     * @param datatype how hidden states travel: FP32, FP16 or BF16
     */
    public FakeTriton(States states, String datatype) {
        this.states = states;
        this.datatype = datatype;
        models.add(MODEL);
    }

    /** Serves these model names too. */
    public FakeTriton serving(String... names) {
        models.addAll(List.of(names));
        return this;
    }

    /** What a model answers to a prompt (as received, chat template included). */
    public void answers(java.util.function.BiFunction<String, String, String> answers) {
        this.answers = answers;
    }

    /** Answers a repeated hidden-state request with the response computed the first time. */
    public FakeTriton caching() {
        cache = new java.util.concurrent.ConcurrentHashMap<>();
        return this;
    }

    /** The last inference request, to check what the client sent. */
    public ModelInferRequest lastRequest() {
        return lastRequest;
    }

    /** Starts on a free port, or on {@code port} when it is not 0 (to come back where it was). */
    public FakeTriton start(int port) throws IOException {
        server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", port)).addService(new Service())
                .build().start();
        this.port = server.getPort();
        return this;
    }

    public int port() {
        return port;
    }

    public String address() {
        return "127.0.0.1:" + port;
    }

    public int requests() {
        return requests.get();
    }

    /** The most inference calls it has worked on at once. */
    public int maxConcurrent() {
        return maxActive.get();
    }

    public void fault(Fault fault) {
        this.fault = fault;
    }

    public void delay(long millis) {
        this.delayMillis = millis;
    }

    /** The next {@code times} inference calls are refused with RESOURCE_EXHAUSTED. */
    public void exhausted(int times) {
        this.exhaustedLeft = times;
    }

    /** Batches holding this text fail with INTERNAL. */
    public void failOn(String text) {
        this.failOn = text;
    }

    public void stop() throws InterruptedException {
        server.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }

    private final class Service extends GRPCInferenceServiceGrpc.GRPCInferenceServiceImplBase {

        /** The vLLM backend's way: one prompt per request, an answer, then an empty response flagged final. */
        @Override
        public StreamObserver<ModelInferRequest> modelStreamInfer(
                StreamObserver<io.fathom.triton.grpc.ModelStreamInferResponse> out) {
            return new StreamObserver<>() {
                @Override
                public void onNext(ModelInferRequest request) {
                    requests.incrementAndGet();
                    lastRequest = request;
                    String prompt = Tensors.strings(request.getRawInputContents(0), null, 1).get(0);
                    var stream = io.fathom.triton.grpc.ModelStreamInferResponse.newBuilder();
                    if (failOn != null && prompt.contains(failOn)) {
                        out.onNext(stream.setErrorMessage("model raised on this prompt").build());
                        return;
                    }
                    String text = answers.apply(request.getModelName(), prompt);
                    ModelInferResponse.Builder answer = ModelInferResponse.newBuilder()
                            .setModelName(request.getModelName())
                            .addOutputs(output("text_output", "BYTES", 1))
                            .addRawOutputContents(Tensors.bytesRaw(List.of(text)))
                            .addOutputs(output("finish_reason", "BYTES", 1))
                            .addRawOutputContents(Tensors.bytesRaw(List.of("length")))
                            .addOutputs(output("num_input_tokens", "UINT32", 1))
                            .addRawOutputContents(le(prompt.split(" ").length))
                            .addOutputs(output("num_output_tokens", "UINT32", 1))
                            .addRawOutputContents(le(text.split(" ").length));
                    out.onNext(stream.setInferResponse(answer).build());
                    out.onNext(stream.setInferResponse(ModelInferResponse.newBuilder()
                            .setModelName(request.getModelName()).putParameters(TritonClient.FINAL_RESPONSE,
                                    io.fathom.triton.grpc.InferParameter.newBuilder()
                                            .setBoolParam(true).build())).build());
                }

                @Override
                public void onError(Throwable t) {
                }

                @Override
                public void onCompleted() {
                    out.onCompleted();
                }
            };
        }

        @Override
        public void serverLive(ServerLiveRequest request, StreamObserver<ServerLiveResponse> out) {
            out.onNext(ServerLiveResponse.newBuilder().setLive(true).build());
            out.onCompleted();
        }

        @Override
        public void modelReady(ModelReadyRequest request, StreamObserver<ModelReadyResponse> out) {
            out.onNext(ModelReadyResponse.newBuilder().setReady(models.contains(request.getName())
                    && fault != Fault.NOT_READY).build());
            out.onCompleted();
        }

        @Override
        public void modelMetadata(ModelMetadataRequest request, StreamObserver<ModelMetadataResponse> out) {
            if (!models.contains(request.getName()) || fault == Fault.NOT_READY) {
                out.onError(Status.NOT_FOUND.withDescription("Request for unknown model: '" + request.getName()
                        + "' is not found").asRuntimeException());
                return;
            }
            ModelMetadataResponse.Builder metadata = ModelMetadataResponse.newBuilder().setName(request.getName())
                    .setPlatform("python")
                    .addInputs(tensor("text_input", "BYTES", -1, 1));
            if (states != null) {
                for (String name : List.of("hidden_mean", "hidden_last")) {
                    metadata.addOutputs(tensor(name, datatype, -1, states.layers(), states.dim()));
                }
                metadata.addOutputs(tensor("token_count", "INT32", -1, 1));
            }
            metadata.addOutputs(tensor("text_output", "BYTES", -1, 1));
            out.onNext(metadata.build());
            out.onCompleted();
        }

        @Override
        public void modelInfer(ModelInferRequest request, StreamObserver<ModelInferResponse> out) {
            requests.incrementAndGet();
            lastRequest = request;
            maxActive.accumulateAndGet(active.incrementAndGet(), Math::max);
            try {
                if (delayMillis > 0) {
                    Thread.sleep(delayMillis);
                }
                if (exhaustedLeft > 0) {
                    exhaustedLeft--;
                    out.onError(Status.RESOURCE_EXHAUSTED.withDescription("queue full").asRuntimeException());
                    return;
                }
                if (!models.contains(request.getModelName())) {
                    out.onError(Status.NOT_FOUND.withDescription("unknown model").asRuntimeException());
                    return;
                }
                List<String> texts = Tensors.strings(request.getRawInputContents(0), null,
                        Tensors.elements(request.getInputs(0).getShapeList()));
                if (failOn != null && texts.contains(failOn)) {
                    out.onError(Status.INTERNAL.withDescription("model raised on this batch").asRuntimeException());
                    return;
                }
                if (request.getOutputsList().stream().anyMatch(o -> o.getName().equals("text_output"))) {
                    out.onNext(generated(request, texts));
                    out.onCompleted();
                    return;
                }
                ModelInferResponse cached = cache == null ? null : cache.get(request.toByteString());
                if (cached != null) {
                    out.onNext(cached);
                    out.onCompleted();
                    return;
                }
                var limitParameter = request.getParametersMap().get(TritonClient.MAX_INPUT_TOKENS);
                int maxTokens = limitParameter == null ? Integer.MAX_VALUE : (int) limitParameter.getInt64Param();
                ModelInferResponse.Builder response = ModelInferResponse.newBuilder().setModelName(MODEL);
                for (ModelInferRequest.InferRequestedOutputTensor wanted : request.getOutputsList()) {
                    String name = wanted.getName();
                    if (name.equals("token_count")) {
                        ByteBuffer counts = ByteBuffer.allocate(4 * texts.size()).order(ByteOrder.LITTLE_ENDIAN);
                        texts.forEach(t -> counts.putInt(states.tokens(t, maxTokens)));
                        response.addOutputs(output(name, "INT32", texts.size(), 1));
                        response.addRawOutputContents(ByteString.copyFrom(counts.array()));
                        continue;
                    }
                    float[][] pooled = states.pooled(name.equals("hidden_mean") ? "mean" : "last", texts, maxTokens);
                    int layers = fault == Fault.WRONG_SHAPE ? states.layers() - 1 : states.layers();
                    String type = fault == Fault.WRONG_DATATYPE ? "INT8" : datatype;
                    response.addOutputs(output(name, type, texts.size(), layers, states.dim()));
                    response.addRawOutputContents(encode(pooled, layers * states.dim()));
                }
                ModelInferResponse built = response.build();
                if (cache != null) {
                    cache.put(request.toByteString(), built);
                }
                out.onNext(built);
                out.onCompleted();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                out.onError(Status.CANCELLED.asRuntimeException());
            } finally {
                active.decrementAndGet();
            }
        }
    }

    /** Answers in the fathom convention (text, token counts, finish reason) or, asked for text only, TensorRT-LLM's. */
    private ModelInferResponse generated(ModelInferRequest request, List<String> prompts) {
        ModelInferResponse.Builder response = ModelInferResponse.newBuilder().setModelName(request.getModelName());
        List<String> texts = prompts.stream().map(p -> answers.apply(request.getModelName(), p)).toList();
        for (ModelInferRequest.InferRequestedOutputTensor wanted : request.getOutputsList()) {
            String name = wanted.getName();
            response.addOutputs(output(name, name.endsWith("_tokens") ? "INT32" : "BYTES", prompts.size(), 1));
            response.addRawOutputContents(switch (name) {
                case "text_output" -> Tensors.bytesRaw(texts);
                case "finish_reason" -> Tensors.bytesRaw(texts.stream().map(t -> "stop").toList());
                default -> {
                    List<String> counted = name.equals("prompt_tokens") ? prompts : texts;
                    ByteBuffer counts = ByteBuffer.allocate(4 * counted.size()).order(ByteOrder.LITTLE_ENDIAN);
                    counted.forEach(t -> counts.putInt(t.split(" ").length));
                    yield ByteString.copyFrom(counts.array());
                }
            });
        }
        return response.build();
    }

    private ByteString encode(float[][] pooled, int width) {
        int bytes = "FP32".equals(datatype) ? 4 : 2;
        ByteBuffer buffer = ByteBuffer.allocate(pooled.length * width * bytes).order(ByteOrder.LITTLE_ENDIAN);
        for (float[] item : pooled) {
            for (int i = 0; i < width; i++) {
                switch (datatype) {
                    case "FP32" -> buffer.putFloat(item[i]);
                    case "FP16" -> buffer.putShort(Float16.fromFloat(item[i]));
                    default -> buffer.putShort((short) (Float.floatToIntBits(item[i]) >>> 16)); // BF16, truncated
                }
            }
        }
        return ByteString.copyFrom(buffer.array());
    }

    private static ByteString le(int value) {
        return ByteString.copyFrom(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(value).array());
    }

    private static ModelMetadataResponse.TensorMetadata tensor(String name, String datatype, long... shape) {
        ModelMetadataResponse.TensorMetadata.Builder tensor = ModelMetadataResponse.TensorMetadata.newBuilder()
                .setName(name).setDatatype(datatype);
        for (long dim : shape) {
            tensor.addShape(dim);
        }
        return tensor.build();
    }

    private static ModelInferResponse.InferOutputTensor output(String name, String datatype, long... shape) {
        ModelInferResponse.InferOutputTensor.Builder tensor = ModelInferResponse.InferOutputTensor.newBuilder()
                .setName(name).setDatatype(datatype);
        for (long dim : shape) {
            tensor.addShape(dim);
        }
        return tensor.build();
    }
}
