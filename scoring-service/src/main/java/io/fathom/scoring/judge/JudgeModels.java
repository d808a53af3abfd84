package io.fathom.scoring.judge;

import io.fathom.scoring.config.ScoringConfig;
import io.fathom.triton.Generator;
import io.fathom.triton.TritonClient;
import io.fathom.triton.TritonGenerator;
import io.fathom.triton.TritonSettings;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The configured judge models ({@code fathom.scoring.judges}), connected on first use: a judge
 * whose server is down when a suite needs it is waited for like any Triton model, up to its
 * {@code max-outage}.
 */
@ApplicationScoped
public class JudgeModels {

    private final ScoringConfig config;
    private final MeterRegistry registry;
    private final Map<String, Generator> connected = new ConcurrentHashMap<>();

    JudgeModels(ScoringConfig config, MeterRegistry registry) {
        this.config = config;
        this.registry = registry;
    }

    /** The judge a run asks for, or the configured default; null when neither names one. */
    public String choose(String requested) {
        return requested != null ? requested : config.judgeModel().orElse(null);
    }

    /**
     * The named judge's generator.
     *
     * @throws IllegalArgumentException when no judge of that name is configured, or it does not generate
     * @throws io.fathom.triton.BackendException when its server cannot be reached or its model does not fit
     */
    public Generator judge(String name) {
        TritonSettings settings = config.judges().get(name);
        if (settings == null) {
            throw new IllegalArgumentException("no judge model '" + name + "' is configured (fathom.scoring.judges: "
                    + config.judges().keySet() + ")");
        }
        if (settings.generation().isEmpty()) {
            throw new IllegalArgumentException("judge model '" + name + "' has no fathom.scoring.judges." + name
                    + ".generation settings");
        }
        return connected.computeIfAbsent(name, n -> {
            TritonClient client = TritonClient.of(n, settings, registry);
            try {
                return TritonGenerator.of(n, n, settings, client);
            } catch (RuntimeException e) {
                client.close();
                throw e;
            }
        });
    }

    void stop(@Observes ShutdownEvent event) {
        connected.values().forEach(Generator::close);
    }
}
