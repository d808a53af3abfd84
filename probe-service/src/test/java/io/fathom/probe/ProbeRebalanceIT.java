package io.fathom.probe;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fathom.probe.SyntheticStates.Item;
import io.fathom.testsupport.Rebalancing;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Two instances of the packaged probe-service share a run over a hidden-states topic of four
 * partitions: the second joins and leaves mid-run, and every result equals the undisturbed run's.
 */
class ProbeRebalanceIT {

    static final List<String> MODELS = List.of("strong@1", "weak@1");
    static final int SUITES = 6;

    @Test
    void aSecondInstanceJoiningAndLeavingChangesNoResult() throws Exception {
        List<Item> items = SyntheticStates.items(150, 40, 80, 3);
        Rebalancing.Data data = runId -> {
            Map<String, List<byte[]>> run = new LinkedHashMap<>();
            List<String> suites = new ArrayList<>();
            for (int s = 0; s < SUITES; s++) {
                suites.add("suite-" + s);
            }
            for (String suite : suites) {
                List<byte[]> records = new ArrayList<>();
                for (String model : MODELS) {
                    double strength = model.startsWith("strong") ? 0.8 : 0.4;
                    items.forEach(item -> records.add(SyntheticStates.event(runId, model, suite, item, strength,
                            suite.hashCode())));
                    records.add(SyntheticStates.end(runId, model, MODELS, suite, items.size(), suites));
                }
                run.put(runId + "/" + suite, records);
            }
            return run;
        };
        Map<String, Map<String, JsonNode>> runs = new Rebalancing(Path.of("target/quarkus-app/quarkus-run.jar"),
                "probe", "proberebalance.", "hidden-states", 4)
                .run(data, "rebalance-reference", "rebalance-disturbed");
        Map<String, JsonNode> reference = runs.get("rebalance-reference");
        Map<String, JsonNode> disturbed = runs.get("rebalance-disturbed");
        // per suite: a layer result per (model, layer), a summary, per-model and suite progress; and the run's end
        assertThat(reference).hasSize(SUITES * (MODELS.size() * SyntheticStates.LAYERS + 1 + MODELS.size() + 1) + 1);
        assertThat(disturbed).isEqualTo(reference);
        assertThat(reference.values()).noneMatch(r -> r.path("type").asText().equals("error"));
    }
}
