package io.fathom.inference.config;

import io.fathom.triton.TritonSettings;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/** Typed configuration under {@code fathom.inference}. */
@ConfigMapping(prefix = "fathom.inference")
public interface InferenceConfig {

    /** Models this service serves, by name; a request names them as {@code name} or {@code name@version}. */
    Map<String, ModelConfig> models();

    /**
     * Directories that dataset files must lie in (by their real path, links resolved). Unset, no file
     * is read: a request comes from whoever can write to the requests topic.
     */
    Optional<List<String>> datasetRoots();

    /** Largest dataset file read, in bytes: checked before it is opened and again while it is read. */
    @WithDefault("134217728")
    long datasetMaxBytes();

    /** Most lines (blank ones included) read from one dataset file. */
    @WithDefault("2000000")
    int datasetMaxLines();

    /** Longest line of a dataset file, in characters. */
    @WithDefault("1000000")
    int datasetMaxLineChars();

    /** How long reading one dataset file may take. */
    @WithDefault("30s")
    Duration datasetReadTimeout();

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

    /**
     * Runs executed at once by this instance. Runs share each model batch by batch (its slots are
     * fair), so a short run is not held behind a long one; each run in progress holds its plan in
     * memory, hence the bound.
     */
    @WithDefault("4")
    int concurrentRuns();

    /** Hidden-state events above this size are refused with an error instead of failing the producer. */
    @WithDefault("4194304")
    int maxEventBytes();

    /** How often a run's progress is checkpointed on fathom.runs, which bounds what a restart redoes. */
    CheckpointConfig checkpoint();

    interface CheckpointConfig {
        /** Items of hidden states after which the run's progress is saved; a restart redoes about this many per unit. */
        @WithDefault("512")
        int items();

        /** Time after which the run's progress is saved even if fewer items have passed. */
        @WithDefault("10s")
        Duration interval();
    }

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
        Optional<TritonSettings> triton();
    }

    enum Backend { EMBEDDED, TRITON }
}
