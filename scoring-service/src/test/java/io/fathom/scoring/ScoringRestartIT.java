package io.fathom.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.fathom.contracts.request.Suite;
import io.fathom.testsupport.PackagedService;
import io.fathom.testsupport.RunResults;
import io.fathom.testsupport.TestTopics;
import io.fathom.testsupport.TopicReader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The packaged scoring-service killed with SIGKILL in the middle of a suite: after the restart the
 * suite is replayed from the offset committed before its first record, and its results equal an
 * undisturbed run's, each result key published once.
 */
class ScoringRestartIT {

    static final String PREFIX = "scoringrestart.";
    static final String INPUT = PREFIX + "generations";
    static final String RESULTS = PREFIX + "results";
    static final String GROUP = PREFIX + "group";
    static final Path JAR = Path.of("target/quarkus-app/quarkus-run.jar");
    static final Duration TIMEOUT = Duration.ofMinutes(3);
    static final String STORED = "fathom_scoring_embeddings_total{outcome=\"stored\"";
    static final String USED = "fathom_consumer_records_total{consumer=\"scoring-suites\",outcome=\"used\"";

    @Test
    void aKillInTheMiddleOfASuiteChangesNoResultAndRepeatsNone() throws Exception {
        TestTopics.createServiceTopics(PREFIX, 1);
        Map<String, String> env = TestTopics.serviceEnv(PREFIX, GROUP);
        Suite suite = ScoredSuites.questions("qs", 40);
        String killed = "restart-killed";
        String reference = "restart-reference";
        List<byte[]> records = ScoredSuites.run(killed, suite);
        List<byte[]> body = records.subList(0, records.size() - 1); // all but the embedder's marker
        int half = body.size() / 2;
        try (PackagedService first = PackagedService.start("scoring-restart-first", JAR, env)) {
            long firstOffset = TopicReader.sendAll(INPUT, killed + "/qs", body.subList(0, half)).get(0);
            first.await("half of the suite read", TIMEOUT, () -> first.metric(USED) >= half);
            first.await("offsets held at the suite's first record", TIMEOUT,
                    () -> TestTopics.committed(GROUP, INPUT, 0) == firstOffset);
            first.kill();
        }
        assertThat(RunResults.of(RESULTS, killed)).as("nothing of the suite before the kill").isEmpty();
        // the rest arrives while the service is down, with some records delivered again
        List<byte[]> rest = new ArrayList<>(body.subList(half, body.size()));
        rest.addAll(body.subList(0, 10));
        rest.add(records.get(records.size() - 1));
        TopicReader.sendAll(INPUT, killed + "/qs", rest);
        TestTopics.evictMembers(GROUP);
        try (PackagedService second = PackagedService.start("scoring-restart-second", JAR, env)) {
            RunResults.awaitRunEnd(RESULTS, killed, "scoring", TIMEOUT);
            assertThat(second.metric(STORED)).as("the whole suite replayed, each text once")
                    .isEqualTo(ScoredSuites.embeddings(killed, suite).size());
            assertThat(second.metric(USED)).as("each record used once").isEqualTo(records.size());
            TopicReader.sendAll(INPUT, reference + "/qs", ScoredSuites.run(reference, suite));
            RunResults.awaitRunEnd(RESULTS, reference, "scoring", TIMEOUT);
        }
        assertThat(RunResults.publications(RESULTS, killed).values()).as("each result key once").containsOnly(1L);
        assertThat(RunResults.normalised(RESULTS, killed)).hasSize(2 * 40 + 3) // items, summary, suite and run
                .isEqualTo(RunResults.normalised(RESULTS, reference));
    }
}
