package io.fathom.datamix;

import io.fathom.contracts.Json;
import io.fathom.contracts.result.ProgressEvent;
import io.fathom.contracts.result.SuiteOutcome;
import io.fathom.datamix.CorpusEvents.Example;
import io.fathom.testsupport.FuzzCampaign;
import io.fathom.testsupport.PackagedService;
import io.fathom.testsupport.TestTopics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The fuzz campaign (docs/reliability.md) against the packaged datamix-service: its corpus
 * hidden-states consumer and its suite-outcomes consumer get {@code fathom.fuzz.inputs} inputs each
 * (300 by default), every input is accounted for, the service stays live and ready, and a good run
 * completes.
 */
class DatamixFuzzIT {

    static final String PREFIX = "fuzztest.";
    static final String GROUP = "fuzztest-datamix";
    static final Path JAR = Path.of("target/quarkus-app/quarkus-run.jar");

    @Test
    void everyFuzzInputIsAnsweredAndAGoodRunCompletesAfterwards() throws Exception {
        TestTopics.createServiceTopics(PREFIX, 1);
        Map<String, String> env = FuzzCampaign.env(PREFIX, GROUP);
        env.put("FATHOM_DATAMIX_DATA_DIR", Files.createTempDirectory("datamix-fuzz-data").toString());
        env.put("FATHOM_DATAMIX_SINK_DIR", Files.createTempDirectory("datamix-fuzz-sink").toString());
        List<Example> corpus = new ArrayList<>(CorpusEvents.source("faq", true, null, 300, 10, 10, 1));
        corpus.addAll(CorpusEvents.source("chat", false, null, 300, 10, 10, 2));
        List<byte[]> states = List.of(DatamixRestartIT.events("fuzz", corpus.subList(0, 1)).get(0),
                CorpusEvents.end("fuzz", DatamixRestartIT.suite(), 10, 11));
        List<byte[]> outcomes = List.of(Json.MAPPER.writeValueAsBytes(SuiteOutcome.of("fuzz", "datamix", "blend",
                ProgressEvent.Status.COMPLETED, 1, 1, 0, List.of("blend"))));
        try (PackagedService service = PackagedService.start("datamix-fuzz", JAR, env)) {
            FuzzCampaign.assertPassed(FuzzCampaign.downstream(service, "datamix", PREFIX, "hidden-states", GROUP,
                    "fuzz", "blend", states, outcomes));
            List<byte[]> good = new ArrayList<>(DatamixRestartIT.events("fuzz-good", corpus));
            good.add(CorpusEvents.end("fuzz-good", DatamixRestartIT.suite(), corpus.size(), 11));
            FuzzCampaign.assertGoodRunCompletes(service, "datamix", PREFIX, "hidden-states", "fuzz-good/blend",
                    "fuzz-good", good);
        }
    }
}
