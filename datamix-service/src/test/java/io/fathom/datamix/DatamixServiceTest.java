package io.fathom.datamix;

import static org.assertj.core.api.Assertions.assertThat;

import io.fathom.contracts.Topics;
import io.fathom.contracts.request.CorpusSource;
import io.fathom.contracts.request.MixOptions;
import io.fathom.contracts.request.Suite;
import io.fathom.contracts.result.CorpusSummary;
import io.fathom.contracts.result.ErrorCode;
import io.fathom.contracts.result.ErrorEvent;
import io.fathom.contracts.result.MixtureResult;
import io.fathom.contracts.result.ProgressEvent;
import io.fathom.contracts.result.ResultEvent;
import io.fathom.datamix.CorpusEvents.Example;
import io.fathom.testsupport.EmbeddedKafka;
import io.fathom.testsupport.TopicReader;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The datamix-service through the real broker, fed corpus embeddings whose domains and duplicates are known. */
@QuarkusTest
@WithTestResource(EmbeddedKafka.class)
class DatamixServiceTest {

    static final Duration TIMEOUT = Duration.ofSeconds(120);
    static final List<Double> RATIOS = List.of(0.25, 0.5, 0.75);

    /** faq (in-domain) and chat (general): 150 originals, 5 exact and 5 near duplicates each; crawl: 60 unlabelled. */
    static List<Example> corpus() {
        List<Example> examples = new ArrayList<>();
        examples.addAll(CorpusEvents.source("faq", true, null, 150, 5, 5, 1));
        examples.addAll(CorpusEvents.source("chat", false, null, 150, 5, 5, 2));
        examples.addAll(CorpusEvents.source("crawl", false, true, 60, 0, 0, 3));
        return examples;
    }

    static Suite sweep(MixOptions mix, List<Double> ratios) {
        return CorpusEvents.definition("blend", List.of(CorpusEvents.labelled("faq", CorpusSource.IN_DOMAIN),
                CorpusEvents.labelled("chat", CorpusSource.GENERAL), CorpusEvents.labelled("crawl",
                        CorpusSource.UNLABELLED)), ratios, mix);
    }

    static void submit(String runId, Suite definition, List<Example> examples) {
        List<byte[]> events = new ArrayList<>();
        for (Example example : examples) {
            String label = example.source().equals("crawl") ? null
                    : example.source().equals("faq") ? CorpusSource.IN_DOMAIN : CorpusSource.GENERAL;
            events.add(CorpusEvents.event(runId, definition.name(), example, label));
        }
        events.add(CorpusEvents.end(runId, definition, examples.size(), 11));
        TopicReader.sendAll(Topics.HIDDEN_STATES, runId + "/" + definition.name(), events);
    }

    static List<ResultEvent> awaitDone(String runId) {
        TopicReader.await(Topics.RESULTS, r -> CorpusEvents.result(r) instanceof ProgressEvent p
                && runId.equals(p.runId()) && p.model() == null && p.suite() == null, TIMEOUT);
        return TopicReader.readAll(Topics.RESULTS).stream().map(CorpusEvents::result)
                .filter(e -> runId.equals(e.runId())).toList();
    }

    static <T> List<T> ofType(List<ResultEvent> results, Class<T> type) {
        return results.stream().filter(type::isInstance).map(type::cast).toList();
    }

    @Test
    void aSweepRemovesThePlantedDuplicatesScoresDomainsAndMeetsEveryRatio() throws IOException {
        List<Example> corpus = corpus();
        submit("mix-sweep", sweep(new MixOptions(120, null, null, null), RATIOS), corpus);
        List<ResultEvent> results = awaitDone("mix-sweep");
        assertThat(ofType(results, ErrorEvent.class)).isEmpty();

        CorpusSummary summary = ofType(results, CorpusSummary.class).get(0);
        assertThat(summary.embedder()).isEqualTo(CorpusEvents.EMBEDDER);
        for (String source : List.of("faq", "chat")) {
            CorpusSummary.SourceCounts counts = summary.sources().get(source);
            assertThat(counts.examples()).isEqualTo(160);
            assertThat(counts.exactDuplicates()).as(source + " exact").isEqualTo(5);
            assertThat(counts.nearDuplicates()).as(source + " near").isEqualTo(5);
            assertThat(counts.kept()).isEqualTo(150);
            assertThat(counts.duplicatesOf()).isEqualTo(Map.of(source, 10L));
        }
        assertThat(summary.sources().get("crawl").kept()).isEqualTo(60);
        // the list of removals names each planted copy and the original it repeats
        List<String> removed = Files.readAllLines(Path.of(summary.removed()));
        assertThat(removed).hasSize(20);
        for (String source : List.of("faq", "chat")) {
            for (int i = 0; i < 5; i++) {
                assertThat(removed).contains("{\"id\":\"" + source + "/L" + (151 + i) + "\",\"source\":\"" + source
                        + "\",\"reason\":\"exact\",\"keptId\":\"" + source + "/L" + (i + 1) + "\",\"cosine\":"
                        + cosineOf(removed, source + "/L" + (151 + i)) + "}");
                String near = "{\"id\":\"" + source + "/L" + (156 + i) + "\",\"source\":\"" + source
                        + "\",\"reason\":\"near\",\"keptId\":\"" + source + "/L" + (150 - i) + "\"";
                assertThat(removed).anyMatch(line -> line.startsWith(near));
            }
        }
        CorpusSummary.DomainClassifier classifier = summary.classifier();
        assertThat(classifier.labelledExamples()).isEqualTo(300);
        assertThat(classifier.majority()).isEqualTo(0.5);
        assertThat(classifier.heldOutAccuracy()).isGreaterThan(0.95);
        assertThat(classifier.chosenC()).hasSize(2);
        assertThat(classifier.unlabelledInDomain() + classifier.unlabelledGeneral()).isEqualTo(60);

        Map<String, Example> byId = corpus.stream().collect(Collectors.toMap(Example::id, Function.identity()));
        Set<String> planted = corpus.stream().filter(e -> e.position() >= 150).map(Example::id)
                .collect(Collectors.toSet());
        List<MixtureResult> mixtures = ofType(results, MixtureResult.class).stream()
                .sorted(Comparator.comparing(MixtureResult::ratio)).toList();
        assertThat(mixtures).extracting(MixtureResult::ratio).containsExactlyElementsOf(RATIOS);
        assertThat(mixtures).extracting(MixtureResult::mixtureId).doesNotHaveDuplicates();
        long crawlAgreeing = 0;
        long crawlDrawn = 0;
        for (MixtureResult mixture : mixtures) {
            long inDomain = Math.round(mixture.ratio() * 120);
            assertThat(mixture.size()).isEqualTo(120);
            assertThat(mixture.achievedRatio()).isEqualTo(inDomain / 120.0);
            assertThat(mixture.deduplication()).isEqualTo(new MixtureResult.Deduplication(380, 10, 10, 360));
            assertThat(mixture.perDomain()).isEqualTo(Map.of(CorpusSource.IN_DOMAIN, inDomain, CorpusSource.GENERAL,
                    120 - inDomain));
            List<String> lines = Files.readAllLines(Path.of(mixture.manifest()));
            assertThat(lines).hasSize(120);
            assertThat(mixture.manifest()).endsWith(mixture.mixtureId() + ".jsonl");
            for (String line : lines) {
                String id = line.substring(7, line.indexOf('"', 7));
                assertThat(planted).as("a planted duplicate is never drawn").doesNotContain(id);
                assertThat(line).contains("\"textHash\":\"").contains("\"domainScore\":");
                if (id.startsWith("crawl/")) {
                    crawlDrawn++;
                    boolean drawnInDomain = line.contains("\"domain\":\"in-domain\"");
                    crawlAgreeing += drawnInDomain == byId.get(id).inDomain() ? 1 : 0;
                }
            }
        }
        assertThat(crawlDrawn).isPositive();
        assertThat((double) crawlAgreeing / crawlDrawn).as("unlabelled examples go to their true domain")
                .isGreaterThan(0.9);

        // the same corpus arriving in another order, under another run: the same mixtures, byte for byte
        List<Example> shuffled = new ArrayList<>(corpus);
        Collections.shuffle(shuffled, new Random(5));
        submit("mix-sweep-again", sweep(new MixOptions(120, null, null, null), RATIOS), shuffled);
        List<MixtureResult> again = ofType(awaitDone("mix-sweep-again"), MixtureResult.class).stream()
                .sorted(Comparator.comparing(MixtureResult::ratio)).toList();
        assertThat(again).extracting(MixtureResult::mixtureId)
                .containsExactlyElementsOf(mixtures.stream().map(MixtureResult::mixtureId).toList());
        assertThat(again).extracting(MixtureResult::key).doesNotContainAnyElementsOf(mixtures.stream()
                .map(MixtureResult::key).toList());
    }

    private static String cosineOf(List<String> removed, String id) {
        String line = removed.stream().filter(l -> l.startsWith("{\"id\":\"" + id + "\"")).findFirst().orElseThrow();
        return line.substring(line.indexOf("\"cosine\":") + 9, line.length() - 1);
    }

    @Test
    void mixturesThatCannotBeDrawnAreNamedErrorsAndNothingIsWritten() {
        submit("mix-too-big", sweep(new MixOptions(1000, null, null, null), List.of(0.5)), corpus());
        List<ResultEvent> results = awaitDone("mix-too-big");
        assertThat(ofType(results, MixtureResult.class)).isEmpty();
        assertThat(ofType(results, ErrorEvent.class)).singleElement().satisfies(e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.NOT_ENOUGH_EXAMPLES);
            assertThat(e.message()).contains("needs 500 in-domain and 500 general");
        });

        submit("mix-zero-weights", sweep(new MixOptions(10, Map.of("faq", 0.0, "chat", 0.0, "crawl", 0.0), null,
                null), List.of(0.5)), corpus());
        assertThat(ofType(awaitDone("mix-zero-weights"), ErrorEvent.class)).singleElement()
                .satisfies(e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_MIX));

        submit("mix-unknown-source", sweep(new MixOptions(10, Map.of("nowhere", 1.0), null, null), List.of(0.5)),
                corpus());
        assertThat(ofType(awaitDone("mix-unknown-source"), ErrorEvent.class)).singleElement().satisfies(e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.INVALID_MIX);
            assertThat(e.message()).contains("'nowhere'");
        });
    }
}
