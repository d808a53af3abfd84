package io.fathom.inference.backend;

import io.fathom.triton.Generator;
import java.util.Map;

/** The models a backend serves and their loading state. */
public interface ModelCatalog {

    /** Model name to its full {@code name@version} id. */
    Map<String, String> knownModels();

    /** The full id for {@code name} or {@code name@version}, or null when the model is not served. */
    String resolve(String requested);

    /**
     * The loaded encoder, waiting while it loads.
     *
     * @throws IllegalStateException when the model failed to load or gives no hidden states
     */
    Encoder encoder(String id) throws InterruptedException;

    /** Whether the model generates text, from its configuration (without waiting for it to load). */
    default boolean generates(String id) {
        return false;
    }

    /**
     * The loaded generator, waiting while it loads.
     *
     * @throws IllegalStateException when the model failed to load or does not generate
     */
    default Generator generator(String id) throws InterruptedException {
        throw new IllegalStateException("model " + id + " does not generate text");
    }

    /** Model id to "loading", "loaded", "failed" or "unavailable: why" (loaded, but its server is unreachable now). */
    Map<String, String> loadState();
}
