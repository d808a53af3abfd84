package io.fathom.scoring;

import io.fathom.contracts.SchemaVersion;
import io.fathom.contracts.Topics;
import io.fathom.contracts.generation.GenerationEnd;
import io.fathom.contracts.hidden.HiddenStateCodec;
import io.fathom.contracts.hidden.SuiteEnd;
import io.fathom.contracts.request.Suite;
import io.fathom.contracts.request.SuiteKind;
import io.fathom.contracts.result.ProgressEvent;
import io.fathom.contracts.result.SuiteOutcome;
import io.fathom.testsupport.EmbeddedKafka;
import io.fathom.testsupport.Endpoints;
import io.fathom.testsupport.PoisonRecords;
import io.fathom.testsupport.RunResults;
import io.fathom.testsupport.TopicReader;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import static org.assertj.core.api.Assertions.assertThat;


/**
 * Thousands of well-formed but untrustworthy records (every field of an embedding event, of a
 * marker, of a questions suite's whole definition, of an answer, of a generation-end marker and of
 * a suite outcome in turn missing, null, empty, mistyped or out of range) between the records of a
 * good run: its grades equal those of the same run without them, and the service stays live and ready.
 */
@QuarkusTest
@WithTestResource(EmbeddedKafka.class)
class ScoringPoisonTest {

    static final Duration TIMEOUT = Duration.ofMinutes(3);

    @TestHTTPResource("/q/metrics")
    URL metrics;

    @TestHTTPResource("/q/health/live")
    URL live;

    @TestHTTPResource("/q/health/ready")
    URL ready;

    @Test
    void poisonBetweenTheRecordsOfAGoodRunChangesNothingAndStopsNothing() {
        Suite template = ScoredSuites.questions("p", 2);
        List<byte[]> poison = new ArrayList<>();
        byte[] event = ScoredSuites.event("poison", "p", "ref/q0", SuiteKind.QUESTIONS, ScoredSuites.direction(1));
        poison.addAll(PoisonRecords.events(HiddenStateCodec.decodeHeader(event), new float[8]));
        poison.addAll(PoisonRecords.json(SuiteEnd.parse(ScoredSuites.end("poison", template, 6))));
        poison.addAll(PoisonRecords.json(ScoredSuites.definition("poison", template)));
        poison.addAll(PoisonRecords.json(ScoredSuites.definition("poison", ScoredSuites.instructions("re"))));
        poison.addAll(PoisonRecords.json(ScoredSuites.answer("poison", template, template.responses().get(0))));
        poison.addAll(PoisonRecords.json(new GenerationEnd(SchemaVersion.CURRENT, "poison", "base", "p", 2, 0)));
        poison.addAll(PoisonRecords.garbage());
        List<byte[]> outcomes = new ArrayList<>(PoisonRecords.json(SuiteOutcome.of("poison", "scoring", "p",
                ProgressEvent.Status.COMPLETED, 1, 1, 0, List.of("p"))));
        outcomes.addAll(PoisonRecords.garbage());
        assertThat(poison.size() + outcomes.size()).as("poison records").isGreaterThan(2000);
        PoisonRecords.summarise("scoring", Map.of(Topics.GENERATIONS, poison.size(), Topics.SUITE_OUTCOMES,
                outcomes.size()));

        Suite suite = ScoredSuites.questions("qs", 12);
        TopicReader.sendAll(Topics.GENERATIONS, "clean/qs", run("clean", suite));
        RunResults.awaitRunEnd(Topics.RESULTS, "clean", "scoring", TIMEOUT);

        String records = "fathom_consumer_records_total{consumer=\"scoring-suites\"";
        double counted = Endpoints.metric(metrics, records);
        List<byte[]> mixed = PoisonRecords.interleave(run("dirty", suite), poison);
        TopicReader.sendAll(Topics.GENERATIONS, "dirty/qs", mixed);
        TopicReader.sendAll(Topics.SUITE_OUTCOMES, "poison", outcomes);
        RunResults.awaitRunEnd(Topics.RESULTS, "dirty", "scoring", TIMEOUT);

        assertThat(RunResults.normalised(Topics.RESULTS, "dirty"))
                .isEqualTo(RunResults.normalised(Topics.RESULTS, "clean"));
        Awaitility.await().atMost(TIMEOUT).untilAsserted(() -> assertThat(Endpoints.metric(metrics, records) - counted)
                .as("every record ended somewhere: used, skipped, duplicate, late or rejected")
                .isEqualTo(mixed.size()));
        assertThat(Endpoints.status(live)).isEqualTo(200);
        assertThat(Endpoints.status(ready)).isEqualTo(200);
    }

    private static List<byte[]> run(String runId, Suite suite) {
        return ScoredSuites.run(runId, suite);
    }
}
