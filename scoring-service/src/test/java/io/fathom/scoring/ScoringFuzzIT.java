package io.fathom.scoring;

import io.fathom.contracts.Json;
import io.fathom.contracts.SchemaVersion;
import io.fathom.contracts.generation.GenerationEnd;
import io.fathom.contracts.request.Suite;
import io.fathom.contracts.request.SuiteKind;
import io.fathom.contracts.result.ProgressEvent;
import io.fathom.contracts.result.SuiteOutcome;
import io.fathom.testsupport.FuzzCampaign;
import io.fathom.testsupport.PackagedService;
import io.fathom.testsupport.TestTopics;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The fuzz campaign (docs/reliability.md) against the packaged scoring-service: its generations
 * consumer (embedding events, markers, suite definitions, answers, generation-end markers) and its
 * suite-outcomes consumer get {@code fathom.fuzz.inputs} inputs each (300 by default), every input
 * is accounted for, the service stays live and ready, and a good run completes.
 */
class ScoringFuzzIT {

    static final String PREFIX = "fuzztest.";
    static final String GROUP = "fuzztest-scoring";
    static final Path JAR = Path.of("target/quarkus-app/quarkus-run.jar");

    @Test
    void everyFuzzInputIsAnsweredAndAGoodRunCompletesAfterwards() throws Exception {
        TestTopics.createServiceTopics(PREFIX, 1);
        Suite template = ScoredSuites.questions("p", 2);
        List<byte[]> generations = List.of(
                ScoredSuites.event("fuzz", "p", "ref/q0", SuiteKind.QUESTIONS, ScoredSuites.direction(1)),
                ScoredSuites.end("fuzz", template, 6),
                Json.MAPPER.writeValueAsBytes(ScoredSuites.definition("fuzz", template)),
                Json.MAPPER.writeValueAsBytes(ScoredSuites.answer("fuzz", template, template.responses().get(0))),
                Json.MAPPER.writeValueAsBytes(new GenerationEnd(SchemaVersion.CURRENT, "fuzz", "base", "p", 2, 0)));
        List<byte[]> outcomes = List.of(Json.MAPPER.writeValueAsBytes(SuiteOutcome.of("fuzz", "scoring", "p",
                ProgressEvent.Status.COMPLETED, 1, 1, 0, List.of("p"))));
        try (PackagedService service = PackagedService.start("scoring-fuzz", JAR, FuzzCampaign.env(PREFIX, GROUP))) {
            FuzzCampaign.assertPassed(FuzzCampaign.downstream(service, "scoring", PREFIX, "generations", GROUP,
                    "fuzz", "p", generations, outcomes));
            FuzzCampaign.assertGoodRunCompletes(service, "scoring", PREFIX, "generations", "fuzz-good/qs", "fuzz-good",
                    ScoredSuites.run("fuzz-good", ScoredSuites.questions("qs", 12)));
        }
    }
}
