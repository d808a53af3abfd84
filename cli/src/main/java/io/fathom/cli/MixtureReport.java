package io.fathom.cli;

import io.fathom.contracts.request.CorpusSource;
import io.fathom.contracts.result.CorpusSummary;
import io.fathom.contracts.result.MixtureResult;
import io.fathom.contracts.result.ResultEvent;
import java.io.PrintStream;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Tables of a run's corpus suites: per source what deduplication removed, the domain classifier's
 * held-out accuracy against the majority floor, and one row per mixture (ratio asked and achieved,
 * counts per domain and source, the manifest).
 */
final class MixtureReport {

    /** Latest event per key: a redelivery replaces, never doubles, the first. */
    private final Map<String, CorpusSummary> corpora = new TreeMap<>();
    private final Map<String, MixtureResult> mixtures = new TreeMap<>();

    void add(ResultEvent event) {
        if (event instanceof CorpusSummary summary) {
            corpora.put(summary.key(), summary);
        } else if (event instanceof MixtureResult mixture) {
            mixtures.put(mixture.key(), mixture);
        }
    }

    Collection<CorpusSummary> corpora() {
        return corpora.values();
    }

    /** The corpus suite's mixtures by ratio asked, those drawn by weights alone first. */
    List<MixtureResult> mixturesOf(CorpusSummary corpus) {
        return mixtures.values().stream().filter(m -> m.runId().equals(corpus.runId())
                && m.suite().equals(corpus.suite()))
                .sorted(Comparator.comparing((MixtureResult m) -> m.ratio() == null ? -1 : m.ratio())).toList();
    }

    /** "support 40, general 120": the examples each source gave the mixture. */
    static String perSource(MixtureResult m) {
        return m.perSource().entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
                .collect(Collectors.joining(", "));
    }

    void print(PrintStream out) {
        for (CorpusSummary corpus : corpora.values()) {
            out.println();
            out.printf("corpus suite %s (embedder %s, near duplicates from cosine %.2f):%n", corpus.suite(),
                    corpus.embedder(), corpus.nearDuplicateCosine());
            out.printf("  %-16s %-10s %9s %9s %9s %9s  %s%n", "source", "domain", "examples", "exact", "near", "kept",
                    "duplicates of");
            corpus.sources().forEach((name, c) -> out.printf("  %-16s %-10s %9d %9d %9d %9d  %s%n", name,
                    c.domain() + (c.mixed() ? "" : "*"), c.examples(), c.exactDuplicates(), c.nearDuplicates(),
                    c.kept(), c.duplicatesOf().isEmpty() ? "-" : c.duplicatesOf()));
            if (corpus.sources().values().stream().anyMatch(c -> !c.mixed())) {
                out.println("  * seed examples: they train the domain classifier and are not mixed");
            }
            CorpusSummary.DomainClassifier classifier = corpus.classifier();
            if (classifier == null) {
                out.println("  domain classifier: not trained (too few labelled examples of a domain)");
            } else {
                out.printf("  domain classifier: held-out accuracy %.3f on %d labelled examples (majority %.3f);"
                        + " unlabelled examples scored in-domain %d, general %d%n", classifier.heldOutAccuracy(),
                        classifier.labelledExamples(), classifier.majority(), classifier.unlabelledInDomain(),
                        classifier.unlabelledGeneral());
            }
            out.printf("  left to mix: %s%n", corpus.available());
            if (corpus.removed() != null) {
                out.printf("  removed examples, each with the one kept: %s%n", corpus.removed());
            }
            out.printf("  %-8s %-20s %6s %9s %9s %8s  %s%n", "ratio", "mixture", "size", "in-domain", "general",
                    "achieved", "per source");
            mixturesOf(corpus).forEach(m -> out.printf("  %-8s %-20s %6d %9d %9d %8.3f  %s%n",
                    m.ratio() == null ? "weights" : m.ratio().toString(), m.mixtureId(), m.size(),
                    m.perDomain().getOrDefault(CorpusSource.IN_DOMAIN, 0L),
                    m.perDomain().getOrDefault(CorpusSource.GENERAL, 0L), m.achievedRatio(),
                    perSource(m)));
            mixturesOf(corpus).stream().findFirst().ifPresent(m -> out.printf("  manifests: %s%n",
                    m.manifest().substring(0, m.manifest().length() - m.mixtureId().length() - 6)));
        }
    }
}
