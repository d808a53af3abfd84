package io.fathom.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fathom.contracts.hidden.SuiteRef;
import io.fathom.contracts.request.Suite;
import io.fathom.testsupport.Rebalancing;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Two instances of the packaged scoring-service share a run of six questions suites over a
 * generations topic of four partitions: the second joins and leaves mid-run, and every result
 * equals the undisturbed run's.
 */
class ScoringRebalanceIT {

    static final int SUITES = 6;
    static final int QUESTIONS = 30;

    @Test
    void aSecondInstanceJoiningAndLeavingChangesNoResult() throws Exception {
        List<Suite> suites = new ArrayList<>();
        for (int s = 0; s < SUITES; s++) {
            suites.add(ScoredSuites.questions("questions-" + s, QUESTIONS));
        }
        List<SuiteRef> refs = suites.stream().map(s -> new SuiteRef(s.name(), s.kind())).toList();
        Rebalancing.Data data = runId -> {
            Map<String, List<byte[]>> run = new LinkedHashMap<>();
            for (Suite suite : suites) {
                run.put(runId + "/" + suite.name(), ScoredSuites.run(runId, suite, refs));
            }
            return run;
        };
        Map<String, Map<String, JsonNode>> runs = new Rebalancing(Path.of("target/quarkus-app/quarkus-run.jar"),
                "scoring", "scoringrebalance.", "generations", 4)
                .run(data, "rebalance-reference", "rebalance-disturbed");
        Map<String, JsonNode> reference = runs.get("rebalance-reference");
        Map<String, JsonNode> disturbed = runs.get("rebalance-disturbed");
        // per suite: a graded item per answer, a summary and the suite's progress; and the run's end
        assertThat(reference).hasSize(SUITES * (2 * QUESTIONS + 1 + 1) + 1);
        assertThat(disturbed).isEqualTo(reference);
        assertThat(reference.values()).noneMatch(r -> r.path("type").asText().equals("error"));
    }
}
