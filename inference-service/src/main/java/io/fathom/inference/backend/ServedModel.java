package io.fathom.inference.backend;

import io.fathom.triton.Generator;

/** What a loaded model serves: hidden states, text, or both; null where it does not. */
public record ServedModel(Encoder encoder, Generator generator) implements AutoCloseable {

    /** Null while the model can be called; otherwise why not. */
    public String unavailable() {
        return encoder != null ? encoder.unavailable() : generator.unavailable();
    }

    @Override
    public void close() {
        if (encoder != null) {
            encoder.close();
        }
        if (generator != null) {
            generator.close();
        }
    }
}
