package io.fathom.triton;

import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * A model on a Triton server, called over the KServe v2 gRPC protocol (docs/models.md): a part of
 * the services' own configuration mappings ({@code fathom.inference.models.<name>.triton},
 * {@code fathom.scoring.judges.<name>}).
 */
public interface TritonSettings {
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

    /**
     * The LoRA adapter the server applies for this model, on its base model's instance: its name
     * (the project's model, the vLLM backend) or its lora_task_id (TensorRT-LLM).
     */
    Optional<String> adapter();

    /** Consecutive transient failures that open the circuit breaker. */
    @WithDefault("5")
    int breakerThreshold();

    /** How long the open breaker holds calls back before letting one probe through. */
    @WithDefault("5s")
    Duration breakerCoolDown();

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

    }
}
