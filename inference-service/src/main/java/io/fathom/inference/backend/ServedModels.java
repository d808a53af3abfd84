package io.fathom.inference.backend;

import io.fathom.inference.backend.embedded.EmbeddedLoader;
import io.fathom.inference.backend.triton.TritonModels;
import io.fathom.inference.config.InferenceConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.jboss.logging.Logger;

/**
 * The configured models, embedded or on Triton, loaded in the background at start-up so that
 * readiness can report them: embedded ones one after another (each takes memory and cores), Triton
 * ones each on its own thread, since connecting may wait for a server that is still starting.
 */
@ApplicationScoped
public class ServedModels implements ModelCatalog {

    private static final Logger LOG = Logger.getLogger(ServedModels.class);

    private final Map<String, CompletableFuture<Encoder>> byId = new LinkedHashMap<>();
    private final Map<String, String> defaultIdByName = new TreeMap<>();

    ServedModels(InferenceConfig config) {
        config.models().forEach((name, model) -> {
            String id = name + "@" + model.version();
            defaultIdByName.put(name, id);
            byId.put(id, new CompletableFuture<>());
        });
    }

    void start(@Observes StartupEvent event, InferenceConfig config, MeterRegistry registry) {
        Thread loader = new Thread(() -> config.models().forEach((name, model) -> {
            String id = name + "@" + model.version();
            if (model.backend() == InferenceConfig.Backend.TRITON) {
                Thread connector = new Thread(() -> load(id, () -> TritonModels.connect(id, name, model, registry)),
                        "model-connect-" + name);
                connector.setDaemon(true);
                connector.start();
            } else {
                load(id, () -> EmbeddedLoader.load(id, model));
            }
        }), "model-loader");
        loader.setDaemon(true);
        loader.start();
    }

    private interface Load {
        Encoder get() throws Exception;
    }

    private void load(String id, Load load) {
        long started = System.nanoTime();
        try {
            Encoder encoder = load.get();
            byId.get(id).complete(encoder);
            LOG.infof("model %s loaded: %d layers x %d, max %d tokens, in %d ms", id, encoder.layers(), encoder.dim(),
                    encoder.maxTokens(), (System.nanoTime() - started) / 1_000_000);
        } catch (Exception | Error e) { // e.g. a native library that cannot load, or a server that does not fit
            LOG.errorf(e, "model %s failed to load", id);
            byId.get(id).completeExceptionally(e);
        }
    }

    void stop(@Observes ShutdownEvent event) {
        byId.values().forEach(future -> future.thenAccept(Encoder::close));
    }

    @Override
    public Map<String, String> knownModels() {
        return defaultIdByName;
    }

    @Override
    public String resolve(String requested) {
        if (byId.containsKey(requested)) {
            return requested;
        }
        return defaultIdByName.get(requested);
    }

    @Override
    public Encoder encoder(String id) throws InterruptedException {
        try {
            return byId.get(id).get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("model " + id + " failed to load: " + e.getCause().getMessage(), e.getCause());
        }
    }

    @Override
    public Map<String, String> loadState() {
        Map<String, String> states = new TreeMap<>();
        byId.forEach((id, future) -> {
            String unavailable = future.isDone() && !future.isCompletedExceptionally() ? future.join().unavailable()
                    : null;
            states.put(id, !future.isDone() ? "loading" : future.isCompletedExceptionally() ? "failed"
                    : unavailable != null ? "unavailable: " + unavailable : "loaded");
        });
        return states;
    }
}
