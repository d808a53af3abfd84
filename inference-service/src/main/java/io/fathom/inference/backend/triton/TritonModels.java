package io.fathom.inference.backend.triton;

import io.fathom.inference.backend.Pooling;
import io.fathom.inference.backend.ServedModel;
import io.fathom.inference.config.InferenceConfig;
import io.fathom.triton.TritonClient;
import io.fathom.triton.TritonGenerator;
import io.fathom.triton.TritonSettings;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** Connects a configured Triton model: its client with the model's policy, its encoder and its generator. */
public final class TritonModels {

    private TritonModels() {
    }

    /**
     * Waits while the server is unreachable (up to the model's {@code max-outage}), then checks the
     * model's metadata against its configuration. Encoder and generator share one client, so the
     * model's concurrency bounds both.
     *
     * @throws IllegalArgumentException when the configuration is incomplete or contradictory
     * @throws io.fathom.inference.backend.BackendException when the server or the model does not fit
     */
    public static ServedModel connect(String id, String name, InferenceConfig.ModelConfig model,
            MeterRegistry registry) {
        TritonSettings triton = model.triton().orElseThrow(() -> new IllegalArgumentException("model " + id
                + " uses the triton backend but has no fathom.inference.models." + name + ".triton.address"));
        if (triton.batchSize() < 1) {
            throw new IllegalArgumentException("model " + id + ": triton.batch-size must be at least 1");
        }
        Map<Pooling, String> outputs = hiddenStateOutputs(id, triton.hiddenStateOutputs());
        if (outputs.isEmpty() && triton.generation().isEmpty()) {
            throw new IllegalArgumentException("model " + id + " has neither hidden-state outputs nor generation");
        }
        TritonClient client = TritonClient.of(id, triton, registry);
        try {
            TritonEncoder encoder = outputs.isEmpty() ? null : new TritonEncoder(id, client,
                    triton.model().orElse(name), triton.modelVersion().orElse(""), new TritonEncoder.Layout(
                            triton.textInput(), outputs, "none".equals(triton.tokenCountOutput()) ? null
                                    : triton.tokenCountOutput(), triton.batchSize(), model.maxTokens(),
                            triton.concurrency(), triton.adapter().orElse(null)));
            return new ServedModel(encoder, TritonGenerator.of(id, name, triton, client));
        } catch (RuntimeException e) {
            client.close();
            throw e;
        }
    }

    private static Map<Pooling, String> hiddenStateOutputs(String id, List<String> entries) {
        Map<Pooling, String> outputs = new EnumMap<>(Pooling.class);
        if (entries.equals(List.of("none"))) {
            return outputs;
        }
        for (String entry : entries) {
            String[] parts = entry.split("=", 2);
            if (parts.length != 2 || parts[1].isBlank()) {
                throw new IllegalArgumentException("model " + id + ": triton.hidden-state-outputs entry '" + entry
                        + "' is not pooling=output");
            }
            try {
                outputs.put(Pooling.fromJson(parts[0].trim()), parts[1].trim());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("model " + id + ": unknown pooling '" + parts[0].trim()
                        + "' in triton.hidden-state-outputs (mean, last)", e);
            }
        }
        return outputs;
    }
}
