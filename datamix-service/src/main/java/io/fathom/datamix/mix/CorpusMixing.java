package io.fathom.datamix.mix;

import io.fathom.contracts.Services;
import io.fathom.contracts.request.CorpusSource;
import io.fathom.contracts.request.MixOptions;
import io.fathom.contracts.request.Suite;
import io.fathom.contracts.result.CorpusSummary;
import io.fathom.contracts.result.ErrorCode;
import io.fathom.contracts.result.ErrorEvent;
import io.fathom.contracts.result.MixtureResult;
import io.fathom.contracts.result.ResultEvent;
import io.fathom.datamix.dedup.Decision;
import io.fathom.datamix.dedup.Deduplicator;
import io.fathom.datamix.domain.DomainScorer;
import io.fathom.datamix.store.CorpusStore;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.IntStream;

/**
 * A whole corpus suite, once all its examples are in: deduplicates them in the order of the
 * request's sources and of the examples within each (so which copy is kept never depends on the
 * order of arrival), scores the kept ones' domain, and draws, writes and reports every mixture.
 */
public final class CorpusMixing {

    /**
     * The suite's results, how many of its mixtures were asked for and how many failed, and the
     * seconds each step took: deduplication, domain scoring, and drawing and writing the mixtures.
     */
    public record Outcome(List<ResultEvent> results, int mixtures, int failedMixtures, Seconds seconds) {
    }

    public record Seconds(double deduplication, double scoring, double mixing) {
    }

    private final String runId;
    private final Suite suite;
    private final String embedder;
    private final CorpusStore store;
    private final long seed;
    private final int threads;
    private final ManifestSink sink;
    private final List<ResultEvent> results = new ArrayList<>();
    private final Map<String, Integer> sourceOrder = new HashMap<>();
    private final List<ManifestSink.Removed> removed = new ArrayList<>();
    private MixtureResult.Deduplication deduplication;

    public CorpusMixing(String runId, Suite suite, String embedder, CorpusStore store, long seed, int threads,
            ManifestSink sink) {
        this.runId = runId;
        this.suite = suite;
        this.embedder = embedder;
        this.store = store;
        this.seed = seed;
        this.threads = threads;
        this.sink = sink;
        for (int i = 0; i < suite.sources().size(); i++) {
            sourceOrder.put(suite.sources().get(i).name(), i);
        }
    }

    public Outcome run() {
        MixOptions mix = suite.mix();
        List<Double> ratios = suite.ratios() == null || suite.ratios().isEmpty() ? Arrays.asList((Double) null)
                : suite.ratios();
        String invalid = invalidWeights(mix);
        if (invalid != null) {
            results.add(error(ErrorCode.INVALID_MIX, suite.name(), invalid));
            return new Outcome(results, ratios.size(), ratios.size(), new Seconds(0, 0, 0));
        }
        long started = System.nanoTime();
        int[] order = IntStream.range(0, store.size()).filter(i -> sourceOrder.containsKey(store.example(i).source()))
                .boxed().sorted(Comparator.comparingInt((Integer i) -> sourceOrder.get(store.example(i).source()))
                        .thenComparingInt(i -> store.example(i).position()).thenComparing(i -> store.example(i).id()))
                .mapToInt(Integer::intValue).toArray();
        Map<String, CorpusSummary.SourceCounts> counts = new LinkedHashMap<>();
        int[] kept = deduplicate(order, mix.nearDuplicateCosineOrDefault(), counts);
        long deduplicated = System.nanoTime();
        DomainScorer.Scores scores = DomainScorer.score(store, kept, seed, threads);
        long scored = System.nanoTime();
        List<Mixer.Candidate> candidates = new ArrayList<>();
        Map<String, Long> available = new TreeMap<>();
        for (int index : kept) {
            CorpusStore.Example example = store.example(index);
            CorpusSource source = suite.sources().get(sourceOrder.get(example.source()));
            if (!source.mixed()) {
                continue;
            }
            if (example.label() == null && scores == null) {
                continue; // reported below: unlabelled examples without a classifier have no domain
            }
            boolean inDomain = example.label() != null ? CorpusSource.IN_DOMAIN.equals(example.label())
                    : scores.inDomain()[index] >= 0.5;
            available.merge(inDomain ? CorpusSource.IN_DOMAIN : CorpusSource.GENERAL, 1L, Long::sum);
            candidates.add(new Mixer.Candidate(index, example.source(), inDomain, StableHash.of(seed, example.id())));
        }
        results.add(CorpusSummary.of(runId, suite.name(), embedder, counts, available,
                scores == null ? null : scores.classifier(), mix.nearDuplicateCosineOrDefault(), writeRemoved()));
        if (scores == null && suite.sources().stream().anyMatch(s -> !s.labelled())) {
            results.add(error(ErrorCode.INVALID_MIX, suite.name(), "unlabelled sources need the domain classifier,"
                    + " which needs at least " + DomainScorer.MIN_PER_DOMAIN + " labelled examples of each domain"
                    + " after deduplication (and both domains in each cross-fitting fold)"));
            return new Outcome(results, ratios.size(), ratios.size(), seconds(started, deduplicated, scored));
        }
        int failed = 0;
        Map<String, Double> drawn = new HashMap<>(); // mixture id -> the ratio that drew it
        for (Double ratio : ratios) {
            if (!mixture(ratio, candidates, scores, drawn)) {
                failed++;
            }
        }
        return new Outcome(results, ratios.size(), failed, seconds(started, deduplicated, scored));
    }

    private static Seconds seconds(long started, long deduplicated, long scored) {
        return new Seconds((deduplicated - started) / 1e9, (scored - deduplicated) / 1e9,
                (System.nanoTime() - scored) / 1e9);
    }

    /** Weights for sources the suite does not have, or that only train the classifier. */
    private String invalidWeights(MixOptions mix) {
        if (mix.weights() == null) {
            return null;
        }
        for (String source : mix.weights().keySet()) {
            Integer index = sourceOrder.get(source);
            if (index == null) {
                return "mix.weights names source '" + source + "', which suite '" + suite.name() + "' does not have";
            }
            if (!suite.sources().get(index).mixed()) {
                return "mix.weights names source '" + source + "', whose examples only train the domain classifier"
                        + " (mix: false)";
            }
        }
        return null;
    }

    private int[] deduplicate(int[] order, double threshold, Map<String, CorpusSummary.SourceCounts> counts) {
        Map<String, long[]> tally = new LinkedHashMap<>(); // examples, exact, near, kept
        Map<String, Map<String, Long>> duplicatesOf = new HashMap<>();
        suite.sources().forEach(s -> {
            tally.put(s.name(), new long[4]);
            duplicatesOf.put(s.name(), new TreeMap<>());
        });
        Deduplicator deduplicator = new Deduplicator(threshold, seed, store::read);
        int[] kept = new int[order.length];
        int keptCount = 0;
        float[] vector = new float[Math.max(store.dim(), 0)];
        for (int index : order) {
            CorpusStore.Example example = store.example(index);
            long[] of = tally.get(example.source());
            of[0]++;
            store.read(index, vector);
            Decision decision = deduplicator.offer(index, example.id(), example.fingerprint(), vector);
            if (decision instanceof Decision.Duplicate duplicate) {
                boolean exact = duplicate.reason() == Decision.Reason.EXACT_TEXT;
                of[exact ? 1 : 2]++;
                CorpusStore.Example original = store.example(duplicate.keptIndex());
                duplicatesOf.get(example.source()).merge(original.source(), 1L, Long::sum);
                removed.add(new ManifestSink.Removed(example.id(), example.source(), exact ? "exact" : "near",
                        original.id(), duplicate.cosine()));
            } else {
                of[3]++;
                kept[keptCount++] = index;
            }
        }
        long exact = 0;
        long near = 0;
        for (CorpusSource source : suite.sources()) {
            long[] of = tally.get(source.name());
            exact += of[1];
            near += of[2];
            counts.put(source.name(), new CorpusSummary.SourceCounts(source.domain(), source.mixed(), of[0], of[1],
                    of[2], of[3], duplicatesOf.get(source.name())));
        }
        deduplication = new MixtureResult.Deduplication(order.length, exact, near, keptCount);
        return Arrays.copyOf(kept, keptCount);
    }

    /** The list of removed examples, in the sink beside the manifests; null when there is none or it failed. */
    private String writeRemoved() {
        if (removed.isEmpty()) {
            return null;
        }
        ManifestSink.Manifest list = ManifestSink.renderRemoved(removed);
        try {
            return sink.write(list).toString();
        } catch (IOException | RuntimeException e) {
            results.add(error(ErrorCode.SINK_UNWRITABLE, suite.name(), "cannot write the list of removed duplicates"
                    + " to " + sink.pathOf(list.mixtureId()) + ": " + e.getMessage()));
            return null;
        }
    }

    /** Draws, writes and reports one mixture; false when it ended in an error result. */
    private boolean mixture(Double ratio, List<Mixer.Candidate> candidates, DomainScorer.Scores scores,
            Map<String, Double> drawn) {
        String scope = suite.name() + "/" + (ratio == null ? "weights" : "ratio=" + ratio);
        int size = suite.mix().size();
        Mixer.Draw draw = Mixer.draw(candidates, suite.sources().stream().map(CorpusSource::name).toList(), ratio,
                size, suite.mix().weights());
        if (draw instanceof Mixer.Refused refused) {
            results.add(error(refused.code(), scope, refused.message()));
            return false;
        }
        List<Mixer.Candidate> chosen = ((Mixer.Drawn) draw).chosen();
        List<ManifestSink.Line> lines = new ArrayList<>(chosen.size());
        Map<String, Long> perSource = new LinkedHashMap<>(); // in request order, sources that gave nothing included
        suite.sources().stream().filter(CorpusSource::mixed).forEach(s -> perSource.put(s.name(), 0L));
        Map<String, Long> perDomain = new TreeMap<>();
        Map<String, Double> scoreSums = new TreeMap<>();
        for (Mixer.Candidate candidate : chosen) {
            CorpusStore.Example example = store.example(candidate.index());
            String domain = candidate.inDomain() ? CorpusSource.IN_DOMAIN : CorpusSource.GENERAL;
            Double score = scores == null ? null : scores.inDomain()[candidate.index()];
            lines.add(new ManifestSink.Line(example.id(), example.source(), domain, score,
                    example.fingerprint().hex()));
            perSource.merge(example.source(), 1L, Long::sum);
            perDomain.merge(domain, 1L, Long::sum);
            if (score != null) {
                scoreSums.merge(domain, score, Double::sum);
            }
        }
        Map<String, Double> meanScore = new TreeMap<>();
        scoreSums.forEach((domain, sum) -> meanScore.put(domain, sum / perDomain.get(domain)));
        ManifestSink.Manifest manifest = ManifestSink.render(lines);
        Double earlier = drawn.putIfAbsent(manifest.mixtureId(), ratio == null ? Double.NaN : ratio);
        if (earlier != null) {
            results.add(error(ErrorCode.INVALID_MIX, scope, "ratio " + ratio + " draws the same mixture ("
                    + manifest.mixtureId() + ") as ratio " + earlier + " at size " + size));
            return false;
        }
        try {
            String path = sink.write(manifest).toString();
            double achieved = (double) perDomain.getOrDefault(CorpusSource.IN_DOMAIN, 0L) / chosen.size();
            results.add(MixtureResult.of(runId, suite.name(), manifest.mixtureId(), ratio, achieved, chosen.size(),
                    perSource, perDomain, meanScore, seed, path, deduplication));
            return true;
        } catch (IOException | RuntimeException e) {
            results.add(error(ErrorCode.SINK_UNWRITABLE, scope, "cannot write the manifest of " + manifest.mixtureId()
                    + " to " + sink.pathOf(manifest.mixtureId()) + ": " + e.getMessage()));
            return false;
        }
    }

    private ErrorEvent error(ErrorCode code, String scope, String message) {
        return ErrorEvent.of(runId, Services.DATAMIX, code, scope, message, List.of());
    }
}
