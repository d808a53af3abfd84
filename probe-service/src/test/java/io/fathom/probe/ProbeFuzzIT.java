package io.fathom.probe;

import io.fathom.contracts.Json;
import io.fathom.contracts.result.ProgressEvent;
import io.fathom.contracts.result.SuiteOutcome;
import io.fathom.probe.SyntheticStates.Item;
import io.fathom.testsupport.FuzzCampaign;
import io.fathom.testsupport.PackagedService;
import io.fathom.testsupport.TestTopics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The fuzz campaign (docs/reliability.md) against the packaged probe-service: both of its
 * consumers (hidden states, suite outcomes) get {@code fathom.fuzz.inputs} inputs each (300 by
 * default), every input is accounted for, the service stays live and ready, and a good run completes.
 */
class ProbeFuzzIT {

    static final String PREFIX = "fuzztest.";
    static final String GROUP = "fuzztest-probe";
    static final Path JAR = Path.of("target/quarkus-app/quarkus-run.jar");
    static final List<String> MODELS = List.of("strong@1", "weak@1");

    @Test
    void everyFuzzInputIsAnsweredAndAGoodRunCompletesAfterwards() throws Exception {
        TestTopics.createServiceTopics(PREFIX, 1);
        Map<String, String> env = FuzzCampaign.env(PREFIX, GROUP);
        env.put("FATHOM_PROBE_DATA_DIR", Files.createTempDirectory("probe-fuzz").toString());
        List<Item> items = SyntheticStates.items(60, 20, 20, 2);
        List<byte[]> states = List.of(SyntheticStates.event("fuzz", "m@1", "p", items.get(0), 1.0, 3),
                SyntheticStates.end("fuzz", "m@1", List.of("m@1"), "p", 10));
        List<byte[]> outcomes = List.of(Json.MAPPER.writeValueAsBytes(SuiteOutcome.of("fuzz", "probe", "p",
                ProgressEvent.Status.COMPLETED, 1, 1, 0, List.of("p"))));
        try (PackagedService service = PackagedService.start("probe-fuzz", JAR, env)) {
            FuzzCampaign.assertPassed(FuzzCampaign.downstream(service, "probe", PREFIX, "hidden-states", GROUP, "fuzz",
                    "p", states, outcomes));
            List<byte[]> good = new ArrayList<>();
            for (String model : MODELS) {
                items.forEach(item -> good.add(SyntheticStates.event("fuzz-good", model, "synthetic", item,
                        model.startsWith("strong") ? 1.0 : 0.4, 5)));
                good.add(SyntheticStates.end("fuzz-good", model, MODELS, "synthetic", items.size()));
            }
            FuzzCampaign.assertGoodRunCompletes(service, "probe", PREFIX, "hidden-states", "fuzz-good/synthetic",
                    "fuzz-good", good);
        }
    }
}
