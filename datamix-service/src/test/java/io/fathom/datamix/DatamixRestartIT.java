package io.fathom.datamix;

import static org.assertj.core.api.Assertions.assertThat;

import io.fathom.contracts.request.CorpusSource;
import io.fathom.contracts.request.MixOptions;
import io.fathom.contracts.request.Suite;
import io.fathom.contracts.result.CorpusSummary;
import io.fathom.contracts.result.ErrorEvent;
import io.fathom.contracts.result.MixtureResult;
import io.fathom.contracts.result.ResultEvent;
import io.fathom.datamix.CorpusEvents.Example;
import io.fathom.testsupport.PackagedService;
import io.fathom.testsupport.RunResults;
import io.fathom.testsupport.TestTopics;
import io.fathom.testsupport.TopicReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A kill -9 of the datamix-service in the middle of a corpus suite loses nothing and publishes
 * nothing twice: the packaged service stores the first half of run A's examples and is killed; the
 * rest arrives while it is down, with re-sent duplicates; a second process with the same group and
 * directories completes A. The same corpus, in one go, as run B is the reference: A's mixtures are
 * B's (same ids, same manifest bytes), each of A's result keys is published once, and the sink
 * holds nothing but whole manifests.
 */
class DatamixRestartIT {

    static final String PREFIX = "datamixrestart.";
    static final String STATES = PREFIX + "hidden-states";
    static final String RESULTS = PREFIX + "results";
    static final String GROUP = "datamixrestart";
    static final Path JAR = Path.of("target/quarkus-app/quarkus-run.jar");
    static final Duration TIMEOUT = Duration.ofMinutes(3);
    static final List<Double> RATIOS = List.of(0.2, 0.5, 0.8);
    static final String STORED = "fathom_datamix_examples_total{outcome=\"stored\"";
    static final String DUPLICATE = "fathom_consumer_records_total{consumer=\"datamix-suites\",outcome=\"duplicate\"";

    static Suite suite() {
        return CorpusEvents.definition("blend", List.of(CorpusEvents.labelled("faq", CorpusSource.IN_DOMAIN),
                CorpusEvents.labelled("chat", CorpusSource.GENERAL)), RATIOS, new MixOptions(200, null, null, null));
    }

    static List<byte[]> events(String runId, List<Example> examples) {
        return examples.stream().map(e -> CorpusEvents.event(runId, "blend", e, e.source().equals("faq")
                ? CorpusSource.IN_DOMAIN : CorpusSource.GENERAL)).toList();
    }

    @Test
    void aKillMidSuiteGivesTheSameManifestsAndEachResultOnce() throws Exception {
        TestTopics.createServiceTopics(PREFIX, 1);
        Path dataDir = Files.createTempDirectory("datamix-restart-data");
        Path sinkDir = Files.createTempDirectory("datamix-restart-sink");
        Map<String, String> env = new HashMap<>(TestTopics.serviceEnv(PREFIX, GROUP));
        env.put("FATHOM_DATAMIX_DATA_DIR", dataDir.toString());
        env.put("FATHOM_DATAMIX_SINK_DIR", sinkDir.toString());
        List<Example> corpus = new ArrayList<>(CorpusEvents.source("faq", true, null, 300, 10, 10, 1));
        corpus.addAll(CorpusEvents.source("chat", false, null, 300, 10, 10, 2));
        int half = corpus.size() / 2;
        String runA = "restart-killed";
        String runB = "restart-reference";
        int duplicates = 0;
        try {
            try (PackagedService one = PackagedService.start("datamix-restart-first", JAR, env)) {
                long firstOffset = TopicReader.sendAll(STATES, runA + "/blend", events(runA, corpus.subList(0, half)))
                        .get(0);
                one.await("the first process stores " + half + " examples", TIMEOUT, () -> one.metric(STORED) >= half);
                one.await("its commit stays at run A's first record", TIMEOUT,
                        () -> TestTopics.committed(GROUP, STATES, 0) == firstOffset);
                assertThat(RunResults.of(RESULTS, runA)).as("nothing of run A before the kill").isEmpty();
                one.kill();
            }
            List<byte[]> rest = new ArrayList<>(events(runA, corpus.subList(0, 40)));
            duplicates += 40;
            rest.addAll(events(runA, corpus.subList(half, corpus.size())));
            rest.addAll(events(runA, corpus.subList(half, half + 5)));
            duplicates += 5;
            rest.add(CorpusEvents.end(runA, suite(), corpus.size(), 11));
            TopicReader.sendAll(STATES, runA + "/blend", rest);
            TestTopics.evictMembers(GROUP);

            try (PackagedService two = PackagedService.start("datamix-restart-second", JAR, env)) {
                RunResults.awaitRunEnd(RESULTS, runA, "datamix", TIMEOUT);
                List<byte[]> reference = new ArrayList<>(events(runB, corpus));
                reference.add(CorpusEvents.end(runB, suite(), corpus.size(), 11));
                TopicReader.sendAll(STATES, runB + "/blend", reference);
                RunResults.awaitRunEnd(RESULTS, runB, "datamix", TIMEOUT);
                assertThat(two.metric(STORED)).as("each example stored once per run").isEqualTo(2 * corpus.size());
                assertThat(two.metric(DUPLICATE)).isEqualTo(duplicates);
            }

            List<ResultEvent> a = RunResults.of(RESULTS, runA);
            assertThat(a).filteredOn(e -> e instanceof ErrorEvent).isEmpty();
            assertThat(RunResults.publications(RESULTS, runA).values()).as("each result key of run A once")
                    .containsOnly(1L);
            List<MixtureResult> mixturesA = mixtures(a);
            List<MixtureResult> mixturesB = mixtures(RunResults.of(RESULTS, runB));
            assertThat(mixturesA).hasSize(RATIOS.size());
            assertThat(mixturesA).extracting(MixtureResult::mixtureId)
                    .containsExactlyElementsOf(mixturesB.stream().map(MixtureResult::mixtureId).toList());
            CorpusSummary summary = a.stream().filter(e -> e instanceof CorpusSummary).map(CorpusSummary.class::cast)
                    .findFirst().orElseThrow();
            assertThat(summary.sources().get("faq").examples()).as("every example counted once").isEqualTo(320);
            assertThat(summary.sources().get("faq").kept()).isEqualTo(300);
            for (MixtureResult mixture : mixturesA) {
                assertThat(Files.readAllLines(Path.of(mixture.manifest()))).hasSize(200);
            }
            List<String> whole = new ArrayList<>(mixturesA.stream().map(m -> m.mixtureId() + ".jsonl").toList());
            whole.add(Path.of(summary.removed()).getFileName().toString());
            try (Stream<Path> files = Files.list(sinkDir)) {
                assertThat(files.map(p -> p.getFileName().toString()).toList()).as("only whole files")
                        .containsExactlyInAnyOrderElementsOf(whole);
            }
        } finally {
            deleteQuietly(dataDir);
            deleteQuietly(sinkDir);
        }
    }

    private static List<MixtureResult> mixtures(List<ResultEvent> results) {
        return results.stream().filter(e -> e instanceof MixtureResult).map(MixtureResult.class::cast).distinct()
                .sorted(Comparator.comparing(MixtureResult::ratio)).toList();
    }

    private static void deleteQuietly(Path directory) {
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            // a temporary directory; nothing depends on its removal
        }
    }
}
