package io.fathom.scoring.judge;

import java.util.List;

/**
 * The generation contract the LLM judge is built on: prompts in, completions out, one per prompt
 * in order. In production a judge model served by Triton answers through the inference service's
 * generation path; the embedded backend has no generative model (docs/models.md).
 */
public interface Generator {

    /** The judge model's id, recorded with every verdict. */
    String model();

    /**
     * @throws GenerationException when the backend fails or is unreachable
     */
    List<String> generate(List<String> prompts);

    class GenerationException extends RuntimeException {
        public GenerationException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
