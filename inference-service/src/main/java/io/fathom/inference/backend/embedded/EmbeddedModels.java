package io.fathom.inference.backend.embedded;

import io.fathom.inference.backend.Encoder;
import io.fathom.inference.backend.ModelCatalog;
import io.fathom.inference.config.InferenceConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.jboss.logging.Logger;

/** The embedded ONNX models, loaded in the background at start-up so that readiness can report them. */
@ApplicationScoped
public class EmbeddedModels implements ModelCatalog {

    private static final Logger LOG = Logger.getLogger(EmbeddedModels.class);

    private final Map<String, CompletableFuture<Encoder>> byId = new LinkedHashMap<>();
    private final Map<String, String> defaultIdByName = new TreeMap<>();

    EmbeddedModels(InferenceConfig config) {
        config.models().forEach((name, model) -> {
            String id = name + "@" + model.version();
            defaultIdByName.put(name, id);
            byId.put(id, new CompletableFuture<>());
        });
    }

    void start(@Observes StartupEvent event, InferenceConfig config) {
        Thread loader = new Thread(() -> config.models().forEach((name, model) -> {
            String id = name + "@" + model.version();
            long started = System.nanoTime();
            try {
                WordPieceTokenizer tokenizer;
                try (InputStream in = open(model.tokenizer())) {
                    tokenizer = WordPieceTokenizer.read(in);
                }
                byte[] onnx;
                try (InputStream in = open(model.onnx())) {
                    onnx = in.readAllBytes();
                }
                OnnxEncoder encoder = new OnnxEncoder(id, onnx, tokenizer, model.maxTokens(), model.threads());
                byId.get(id).complete(encoder);
                LOG.infof("model %s loaded: %d layers x %d, max %d tokens, in %d ms", id, encoder.layers(),
                        encoder.dim(), encoder.maxTokens(), (System.nanoTime() - started) / 1_000_000);
            } catch (IOException | RuntimeException | Error e) { // e.g. a native library that cannot load
                LOG.errorf(e, "model %s failed to load", id);
                byId.get(id).completeExceptionally(e);
            }
        }), "model-loader");
        loader.setDaemon(true);
        loader.start();
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
        byId.forEach((id, future) -> states.put(id, !future.isDone() ? "loading"
                : future.isCompletedExceptionally() ? "failed" : "loaded"));
        return states;
    }

    private static InputStream open(String location) throws IOException {
        if (location.startsWith("classpath:")) {
            String resource = location.substring("classpath:".length());
            InputStream in = EmbeddedModels.class.getClassLoader().getResourceAsStream(resource);
            if (in == null) {
                throw new IOException("no classpath resource " + resource);
            }
            return in;
        }
        Path path = Path.of(location.startsWith("file:") ? java.net.URI.create(location).getPath() : location);
        if (!Files.isReadable(path)) {
            throw new IOException("model file " + path + " is not readable");
        }
        return Files.newInputStream(path);
    }
}
