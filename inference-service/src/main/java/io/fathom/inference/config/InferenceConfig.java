package io.fathom.inference.config;

import io.fathom.inference.backend.triton.TritonGenerator;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/** Typed configuration under {@code fathom.inference}. */
@ConfigMapping(prefix = "fathom.inference")
public interface InferenceConfig {

    /** Models this service serves, by name; a request names them as {@code name} or {@code name@version}. */
    Map<String, ModelConfig> models();

    /**
     * Directories that dataset files must lie in. Unset, any file the service can read may be named
     * by a request; set it wherever requests come from people who should not read the service's disk.
     */
    Optional<List<String>> datasetRoots();

    /** Requests larger than this are rejected with REQUEST_TOO_LARGE before parsing. */
    @WithDefault("8388608")
    int maxRequestBytes();

    /** Upper bound on items x models in one run, to keep a single request from monopolising the service. */
    @WithDefault("2000000")
    long maxItemsPerRun();

    /** How often RUNNING progress is published per (run, model, suite). */
    @WithDefault("1s")
    Duration progressInterval();

    /**
     * Batches run on the model at the same time. With {@code threads=1} per model this keeps every
     * core busy without ONNX Runtime's per-operator synchronisation (docs/benchmarks.md). Default:
     * the number of cores.
     */
    OptionalInt parallelBatches();

    /** Hidden-state events above this size are refused with an error instead of failing the producer. */
    @WithDefault("4194304")
    int maxEventBytes();

    interface ModelConfig {
        /** Where the model runs: {@code embedded} (ONNX Runtime in this process) or {@code triton}. */
        @WithDefault("embedded")
        Backend backend();

        /** The version part of the model id. */
        String version();

        /** Embedded: classpath resource or file path of the ONNX graph. */
        Optional<String> onnx();

        /** Embedded: classpath resource or file path of the Hugging Face tokenizer.json. */
        Optional<String> tokenizer();

        /** Longest input in tokens, special tokens included; longer inputs are truncated and flagged. */
        @WithDefault("512")
        int maxTokens();

        /** Embedded: ONNX Runtime intra-op threads per batch; 0 lets ONNX Runtime use every core for each batch. */
        @WithDefault("1")
        int threads();

        /** A human description for listings. */
        Optional<String> description();

        /** Settings of a model served by Triton. */
        Optional<Triton> triton();
    }

    enum Backend { EMBEDDED, TRITON }

    /** Text generation by a Triton model, and how it samples unless a run says otherwise. */
    interface Generation {
        /** The model's text conventions: {@code fathom} (deploy/triton), {@code vllm} or {@code tensorrt-llm}. */
        TritonGenerator.Convention convention();

        /** The BYTES output with the answers. */
        @WithDefault("text_output")
        String textOutput();

        /** The model's chat template around each prompt, with {@code {prompt}}. */
        @WithDefault("{prompt}")
        String promptTemplate();

        @WithDefault("256")
        int maxNewTokens();

        /** 0 decodes greedily. */
        @WithDefault("0")
        double temperature();

        OptionalDouble topP();

        OptionalInt topK();

        /** Strings that end an answer (the vLLM convention only). */
        Optional<List<String>> stop();

        /** The LoRA adapter: its name (fathom, vllm) or its lora_task_id (tensorrt-llm). */
        Optional<String> adapter();
    }

    /** A model on a Triton server, called over the KServe v2 gRPC protocol (docs/models.md). */
    interface Triton {
        /** {@code host:port} of the server's gRPC endpoint. */
        String address();

        /** The model's name on the server; default: the fathom name. */
        Optional<String> model();

        /** The model version on the server; unset lets the server choose. */
        Optional<String> modelVersion();

        /** The BYTES input that takes the texts. */
        @WithDefault("text_input")
        String textInput();

        /** Which output carries which pooling, as {@code pooling=output}; {@code none} for a model that generates only. */
        @WithDefault("mean=hidden_mean,last=hidden_last")
        List<String> hiddenStateOutputs();

        /** The INT32 output with each text's token count; {@code none} when the model has none. */
        @WithDefault("token_count")
        String tokenCountOutput();

        /** Texts per request; Triton's dynamic batcher can merge concurrent requests further. */
        @WithDefault("8")
        int batchSize();

        /** Requests in flight to this model at most, so that the server's batcher has work but no flood. */
        @WithDefault("4")
        int concurrency();

        /** Deadline of each call. */
        @WithDefault("60s")
        Duration deadline();

        /** Tries of a call answered with RESOURCE_EXHAUSTED, after the first. */
        @WithDefault("3")
        int retries();

        /** Wait before the second try, doubled for each further one, up to 30 s. */
        @WithDefault("500ms")
        Duration backoff();

        /** How long calls wait for an unreachable server before their batch fails. */
        @WithDefault("30m")
        Duration maxOutage();

        /** How the model generates text; unset for a model that gives hidden states only. */
        Optional<Generation> generation();

        /** Consecutive transient failures that open the circuit breaker. */
        @WithDefault("5")
        int breakerThreshold();

        /** How long the open breaker holds calls back before letting one probe through. */
        @WithDefault("5s")
        Duration breakerCoolDown();
    }
}
