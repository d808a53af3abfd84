package io.fathom.inference.backend.triton;

import io.fathom.inference.backend.Pooling;
import io.fathom.inference.config.InferenceConfig;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Map;

/** Connects a configured Triton model: its client with the model's policy, and its encoder. */
public final class TritonModels {

    private TritonModels() {
    }

    /**
     * Waits while the server is unreachable (up to the model's {@code max-outage}), then checks the
     * model's metadata against its configuration.
     *
     * @throws IllegalArgumentException when the configuration is incomplete or contradictory
     * @throws io.fathom.inference.backend.BackendException when the server or the model does not fit
     */
    public static TritonEncoder connect(String id, String name, InferenceConfig.ModelConfig model,
            MeterRegistry registry) {
        InferenceConfig.Triton triton = model.triton().orElseThrow(() -> new IllegalArgumentException("model " + id
                + " uses the triton backend but has no fathom.inference.models." + name + ".triton.address"));
        if (triton.batchSize() < 1 || triton.concurrency() < 1) {
            throw new IllegalArgumentException("model " + id + ": triton.batch-size and triton.concurrency must be"
                    + " at least 1");
        }
        Map<Pooling, String> outputs = new EnumMap<>(Pooling.class);
        for (String entry : triton.hiddenStateOutputs()) {
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
        TritonClient client = new TritonClient(id, triton.address(), new TritonClient.Policy(triton.deadline(),
                triton.concurrency(), triton.retries(), triton.backoff(), triton.maxOutage(),
                triton.breakerThreshold(), triton.breakerCoolDown()), registry);
        try {
            return new TritonEncoder(id, client, triton.model().orElse(name), triton.modelVersion().orElse(""),
                    new TritonEncoder.Layout(triton.textInput(), outputs, "none".equals(triton.tokenCountOutput())
                            ? null : triton.tokenCountOutput(), triton.batchSize(), model.maxTokens(),
                            triton.concurrency()));
        } catch (RuntimeException e) {
            client.close();
            throw e;
        }
    }
}
