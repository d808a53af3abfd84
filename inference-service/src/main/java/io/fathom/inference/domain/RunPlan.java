package io.fathom.inference.domain;

import io.fathom.contracts.generation.GenerationEvent;
import io.fathom.contracts.request.EvaluationRequest;
import io.fathom.contracts.request.Suite;
import io.fathom.contracts.request.SuiteKind;
import io.fathom.contracts.result.ErrorEvent;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A validated run: the resolved models that run the probing suites, the items of each suite in
 * submission order (for a scored suite: the texts its embedder encodes of the recorded answers),
 * the answers each scored suite has already, the run's models that generate (request id to served
 * id), the embedder (null when no suite needs one), and notices: problems that leave the rest of
 * the run to go on, published as it starts.
 */
public record RunPlan(EvaluationRequest request, List<String> modelIds, Map<String, List<WorkItem>> itemsBySuite,
        Map<String, List<GenerationEvent>> answersBySuite, Map<String, String> generators, String embedder,
        List<ErrorEvent> notices) {

    public Suite suite(String name) {
        return request.suites().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
    }

    /** Items of the probing suites, each run by every model. */
    public long probingItemCount() {
        return suitesOf(true).values().stream().mapToLong(List::size).sum();
    }

    /** Work the run does: probing items times models, plus the texts and answers of scored suites. */
    public long workCount() {
        return probingItemCount() * modelIds.size()
                + suitesOf(false).values().stream().mapToLong(List::size).sum()
                + answersBySuite.values().stream().mapToLong(List::size).sum();
    }

    /** The probing suites (or the scored ones), in submission order. */
    public Map<String, List<WorkItem>> suitesOf(boolean probing) {
        Map<String, List<WorkItem>> suites = new LinkedHashMap<>();
        itemsBySuite.forEach((name, items) -> {
            if ((suite(name).kind() == SuiteKind.PROBING) == probing) {
                suites.put(name, items);
            }
        });
        return suites;
    }
}
