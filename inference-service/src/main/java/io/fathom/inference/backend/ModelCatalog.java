package io.fathom.inference.backend;

import java.util.Map;

/** The models a backend serves and their loading state. */
public interface ModelCatalog {

    /** Model name to its full {@code name@version} id. */
    Map<String, String> knownModels();

    /** The full id for {@code name} or {@code name@version}, or null when the model is not served. */
    String resolve(String requested);

    /** The loaded encoder, waiting while it loads. */
    Encoder encoder(String id) throws InterruptedException;

    /** Model id to "loading", "loaded", "failed" or "unavailable: why" (loaded, but its server is unreachable now). */
    Map<String, String> loadState();
}
