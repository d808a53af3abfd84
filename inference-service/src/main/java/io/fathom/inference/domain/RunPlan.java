package io.fathom.inference.domain;

import io.fathom.contracts.request.EvaluationRequest;
import io.fathom.contracts.request.Suite;
import io.fathom.contracts.request.SuiteKind;
import io.fathom.contracts.result.ErrorEvent;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A validated run: the resolved models that run the probing suites, the items of each suite in
 * submission order, the embedder that encodes the texts of scored suites (null when there are
 * none), and notices: problems that leave the rest of the run to go on, published as it starts.
 */
public record RunPlan(EvaluationRequest request, List<String> modelIds, Map<String, List<WorkItem>> itemsBySuite,
        String embedder, List<ErrorEvent> notices) {

    public Suite suite(String name) {
        return request.suites().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
    }

    /** Items of the probing suites, each run by every model. */
    public long probingItemCount() {
        return suitesOf(true).values().stream().mapToLong(List::size).sum();
    }

    /** Model calls the run makes: probing items times models, plus the texts of scored suites. */
    public long workCount() {
        return probingItemCount() * modelIds.size()
                + suitesOf(false).values().stream().mapToLong(List::size).sum();
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
