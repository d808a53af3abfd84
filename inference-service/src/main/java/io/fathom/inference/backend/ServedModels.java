package io.fathom.inference.backend;

import io.fathom.inference.backend.embedded.EmbeddedLoader;
import io.fathom.inference.backend.triton.TritonModels;
import io.fathom.inference.config.InferenceConfig;
import io.fathom.triton.Generator;
import io.fathom.triton.TritonSettings;
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

    private final Map<String, CompletableFuture<ServedModel>> byId = new LinkedHashMap<>();
    private final Map<String, String> defaultIdByName = new TreeMap<>();
    private final Map<String, Boolean> generating = new TreeMap<>();

    ServedModels(InferenceConfig config) {
        config.models().forEach((name, model) -> {
            String id = name + "@" + model.version();
            defaultIdByName.put(name, id);
            byId.put(id, new CompletableFuture<>());
            generating.put(id, model.backend() == InferenceConfig.Backend.TRITON
                    && model.triton().flatMap(TritonSettings::generation).isPresent());
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
                load(id, () -> new ServedModel(EmbeddedLoader.load(id, model), null));
            }
        }), "model-loader");
        loader.setDaemon(true);
        loader.start();
    }

    private interface Load {
        ServedModel get() throws Exception;
    }

    private void load(String id, Load load) {
        long started = System.nanoTime();
        try {
            ServedModel model = load.get();
            byId.get(id).complete(model);
            Encoder encoder = model.encoder();
            LOG.infof("model %s loaded in %d ms: %s%s", id, (System.nanoTime() - started) / 1_000_000,
                    encoder == null ? "no hidden states" : encoder.layers() + " layers x " + encoder.dim() + ", max "
                            + encoder.maxTokens() + " tokens", model.generator() == null ? "" : ", generates text");
        } catch (Exception | Error e) { // e.g. a native library that cannot load, or a server that does not fit
            LOG.errorf(e, "model %s failed to load", id);
            byId.get(id).completeExceptionally(e);
        }
    }

    void stop(@Observes ShutdownEvent event) {
        byId.values().forEach(future -> future.thenAccept(ServedModel::close));
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
        Encoder encoder = loaded(id).encoder();
        if (encoder == null) {
            throw new IllegalStateException("model " + id + " gives no hidden states (it only generates text)");
        }
        return encoder;
    }

    @Override
    public boolean generates(String id) {
        return generating.getOrDefault(id, false);
    }

    @Override
    public Generator generator(String id) throws InterruptedException {
        Generator generator = loaded(id).generator();
        if (generator == null) {
            throw new IllegalStateException("model " + id + " does not generate text");
        }
        return generator;
    }

    private ServedModel loaded(String id) throws InterruptedException {
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
            ServedModel model = future.isDone() && !future.isCompletedExceptionally() ? future.join() : null;
            String unavailable = model == null ? null : model.unavailable();
            states.put(id, !future.isDone() ? "loading" : future.isCompletedExceptionally() ? "failed"
                    : unavailable != null ? "unavailable: " + unavailable : "loaded");
        });
        return states;
    }
}
