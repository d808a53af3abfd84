package io.fathom.contracts.generation;

import java.util.List;

/**
 * How an answer was sampled, recorded with it so that a generation can be repeated. Null fields
 * were left to the backend's defaults.
 *
 * @param maxNewTokens the most tokens the answer may have
 * @param temperature 0 for greedy decoding
 * @param seed the sampling seed sent to the backend
 * @param stop strings that end the answer
 * @param adapter the LoRA adapter the backend applied, where it selects one per request
 */
public record GenerationParameters(Integer maxNewTokens, Double temperature, Double topP, Integer topK, Long seed,
        List<String> stop, String adapter) {
}
