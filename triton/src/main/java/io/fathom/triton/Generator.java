package io.fathom.triton;

import io.fathom.contracts.generation.GenerationParameters;
import java.util.List;

/** A model that answers prompts with text. */
public interface Generator extends AutoCloseable {

    /** {@code name@version}, as it appears in every event. */
    String id();

    /** Where the answers come from, recorded in each generation event ({@code triton:<model>}). */
    String backend();

    /** The prompt as the model gets it: inside the model's chat template, where it has one. */
    default String framed(String prompt) {
        return prompt;
    }

    /** How this model samples by default; a run's seed replaces the seed. */
    GenerationParameters parameters();

    /**
     * Answers, one per prompt, in order.
     *
     * @throws BackendException when the backend fails or cannot be reached: the whole batch failed
     */
    List<Generation> generate(List<String> prompts, GenerationParameters parameters);

    /** Batches a caller may have in flight at once: a remote server batches concurrent requests itself. */
    default int concurrency() {
        return 1;
    }

    /** Null while the model can be called; otherwise why not (a remote server that is unreachable). */
    default String unavailable() {
        return null;
    }

    @Override
    void close();

    /** One answer and what the backend said of it; null counts and reason where the backend does not say. */
    record Generation(String text, Integer promptTokens, Integer completionTokens, String finishReason,
            long latencyMs) {
    }
}
