package io.fathom.inference.domain;

import io.fathom.contracts.request.EvaluationRequest;
import io.fathom.contracts.request.Suite;
import java.util.List;
import java.util.Map;

/** A validated run: resolved model ids and the items of each suite, in submission order. */
public record RunPlan(EvaluationRequest request, List<String> modelIds, Map<String, List<WorkItem>> itemsBySuite) {

    public Suite suite(String name) {
        return request.suites().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
    }

    public long itemCount() {
        return itemsBySuite.values().stream().mapToLong(List::size).sum();
    }
}
