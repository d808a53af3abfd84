package io.fathom.inference.domain;

import io.fathom.contracts.generation.GenerationEvent;
import io.fathom.contracts.request.EvaluationRequest;
import io.fathom.contracts.request.Suite;
import io.fathom.contracts.request.SuiteKind;
import io.fathom.contracts.result.ErrorEvent;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * A validated run: the resolved models that run the probing suites, the items of each suite in
 * submission order (for a scored suite: the texts its embedder encodes of the recorded answers; for
 * a corpus suite: its sources' examples), the answers each scored suite has already, the run's
 * models that generate (request id to served id), the embedder of the questions suites (null when
 * none needs one), the embedder of each corpus suite (suite name to served id), and notices:
 * problems that leave the rest of the run to go on, published as it starts; and the submission, the
 * request's position on fathom.requests, stamped on every record of the run (null when unknown).
 */
public record RunPlan(EvaluationRequest request, List<String> modelIds, Map<String, List<WorkItem>> itemsBySuite,
        Map<String, List<GenerationEvent>> answersBySuite, Map<String, String> generators, String embedder,
        Map<String, String> corpusEmbedders, List<ErrorEvent> notices, String submission) {

    public Suite suite(String name) {
        return request.suites().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
    }

    /**
     * Work the run does: probing items times models, plus the texts of scored and corpus suites (each
     * encoded by one model) and the answers of scored suites.
     */
    public long workCount() {
        return count(suitesOf(kind -> kind == SuiteKind.PROBING)) * modelIds.size()
                + count(suitesOf(kind -> kind != SuiteKind.PROBING))
                + answersBySuite.values().stream().mapToLong(List::size).sum();
    }

    /** The suites of the given kinds, in submission order. */
    public Map<String, List<WorkItem>> suitesOf(Predicate<SuiteKind> kinds) {
        Map<String, List<WorkItem>> suites = new LinkedHashMap<>();
        itemsBySuite.forEach((name, items) -> {
            if (kinds.test(suite(name).kind())) {
                suites.put(name, items);
            }
        });
        return suites;
    }

    private static long count(Map<String, List<WorkItem>> suites) {
        return suites.values().stream().mapToLong(List::size).sum();
    }
}
