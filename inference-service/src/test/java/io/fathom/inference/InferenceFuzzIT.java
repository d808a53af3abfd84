package io.fathom.inference;

import io.fathom.testsupport.FuzzCampaign;
import io.fathom.testsupport.FuzzInputs;
import io.fathom.testsupport.PackagedService;
import io.fathom.testsupport.TestTopics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The fuzz campaign (docs/reliability.md) against the packaged inference-service: {@code
 * fathom.fuzz.inputs} run requests (300 by default), each answered once (a run completed, rejected
 * with an error result, or dead-lettered with a reason), the service live and ready throughout, the
 * request offset committed to the end, and a good run completing afterwards.
 *
 * <p>It found that a 1.6 MB request whose items array held 400,000 numbers made the schema check
 * collect one violation per element and exhaust a 512 MB heap; {@code RequestParser} now reports a
 * large invalid request by its first problem.
 */
class InferenceFuzzIT {

    static final String PREFIX = "fuzztest.";
    static final String GROUP = "fuzztest-inference";
    static final Path JAR = Path.of("target/quarkus-app/quarkus-run.jar");
    static final List<String> MODELS = List.of("all-minilm-l6-v2");

    @Test
    void everyFuzzRequestIsAnsweredAndAGoodRunCompletesAfterwards() throws Exception {
        TestTopics.createServiceTopics(PREFIX, 1);
        TestTopics.create(PREFIX + "requests", 1);
        Map<String, String> env = FuzzCampaign.env(PREFIX, GROUP);
        env.put("FATHOM_MESSAGING_TOPICS_REQUESTS", PREFIX + "requests");
        env.put("MP_MESSAGING_INCOMING_REQUESTS_GROUP_ID", GROUP);
        int inputs = FuzzCampaign.inputs(300);
        List<byte[]> requests = List.of(request("fuzz"));
        FuzzCampaign.Target target = new FuzzCampaign.Target("inference-requests", PREFIX + "requests", GROUP, "fuzz",
                "fathom_inference_runs_total", null, PREFIX + "dead-letter", PREFIX + "results");
        try (PackagedService service = PackagedService.start("inference-fuzz", JAR, env)) {
            service.await("ready", FuzzCampaign.timeout(0), () -> service.health("ready") == 200);
            FuzzCampaign.Report report = FuzzCampaign.run(service, target,
                    FuzzInputs.stream(requests, FuzzCampaign.seed(), inputs), inputs, FuzzCampaign.timeout(inputs));
            FuzzCampaign.assertPassed(List.of(report));
            FuzzCampaign.assertGoodRunCompletes(service, "inference", PREFIX, "requests", "fuzz-good", "fuzz-good",
                    List.of(request("fuzz-good")));
        }
    }

    private static byte[] request(String runId) {
        return InferenceRunTest.probingRequest(runId, MODELS, List.of("One.", "Two."), 8)
                .getBytes(StandardCharsets.UTF_8);
    }
}
