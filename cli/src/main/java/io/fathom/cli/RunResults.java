package io.fathom.cli;

import io.fathom.contracts.result.ErrorEvent;
import io.fathom.contracts.result.MixtureResult;
import io.fathom.contracts.result.ProgressEvent;
import io.fathom.contracts.result.ResultEvent;
import io.fathom.contracts.result.ScoreSummary;
import java.io.PrintStream;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything one run published on fathom.results, gathered once for the terminal tables and the
 * HTML report alike: both render the same reports and the same family of paired tests.
 */
final class RunResults {

    final String runId;
    final ProbeReport probes = new ProbeReport();
    final ScoringReport scores = new ScoringReport();
    final MixtureReport mixtures = new MixtureReport();
    /** Every event once, the latest per key (a redelivery replaces its first copy), in the order read. */
    private final Map<String, ResultEvent> events = new LinkedHashMap<>();
    /** Mixture results of other runs, by mixture id: the mixtures this run's models may name as their dataMixId. */
    private final Map<String, MixtureResult> otherMixtures = new HashMap<>();

    RunResults(String runId) {
        this.runId = runId;
    }

    /** Takes an event of this run, or a mixture result of any run (see {@link #lineage}); ignores the rest. */
    void add(ResultEvent event) {
        if (!runId.equals(event.runId())) {
            if (event instanceof MixtureResult mixture) {
                otherMixtures.put(mixture.mixtureId(), mixture);
            }
            return;
        }
        events.put(event.key(), event);
        probes.add(event);
        scores.add(event);
        mixtures.add(event);
    }

    Collection<ResultEvent> events() {
        return events.values();
    }

    boolean isEmpty() {
        return events.isEmpty();
    }

    /** The run-level final progress of each service that has finished the run. */
    List<ProgressEvent> finals() {
        return events.values().stream().filter(e -> e instanceof ProgressEvent p && p.isFinal() && p.model() == null
                && p.suite() == null).map(ProgressEvent.class::cast).toList();
    }

    List<ErrorEvent> errors() {
        return events.values().stream().filter(ErrorEvent.class::isInstance).map(ErrorEvent.class::cast).toList();
    }

    /**
     * The models of a score summary traced back to the mixtures they were fine-tuned on, from this run's
     * mixture results and those of other runs that were added.
     */
    MixtureLineage lineage(ScoreSummary summary, String targetDomain, String generalDomain) {
        Map<String, MixtureResult> mixtures = new HashMap<>(otherMixtures);
        events.values().stream().filter(MixtureResult.class::isInstance).map(MixtureResult.class::cast)
                .forEach(m -> mixtures.put(m.mixtureId(), m));
        return new MixtureLineage(summary, mixtures, List.copyOf(probes.summaries()), targetDomain, generalDomain);
    }

    /** Every paired comparison of the run, probing and scoring, Holm-adjusted together. */
    ComparisonFamily family() {
        Map<String, Double> pValues = new LinkedHashMap<>(probes.pValues());
        pValues.putAll(scores.pValues());
        return new ComparisonFamily(pValues);
    }

    void print(PrintStream out) {
        ComparisonFamily family = family();
        probes.print(out, family);
        scores.print(out, family);
        mixtures.print(out);
        family.printSummary(out);
    }
}
