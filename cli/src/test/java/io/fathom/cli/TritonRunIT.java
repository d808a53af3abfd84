package io.fathom.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fathom.contracts.Json;
import io.fathom.contracts.Topics;
import io.fathom.contracts.result.ResultEvent;
import io.fathom.contracts.result.ScoreItem;
import io.fathom.contracts.result.ScoreSummary;
import io.fathom.testsupport.EmbeddedKafka;
import io.fathom.testsupport.PackagedService;
import io.fathom.testsupport.TopicReader;
import io.fathom.triton.FakeTriton;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole path with models served by Triton, each part the packaged one: the CLI submits a run
 * whose two models ("base" in the project's convention, "tuned" in the vLLM backend's) answer a
 * questions suite through real gRPC ({@link FakeTriton}); the inference-service publishes their
 * answers and the embedder's vectors on fathom.generations; the scoring-service grades them. The
 * tuned model, which answers with the references, must come out ahead. Then the CLI has the
 * same answers graded again under another rubric from fathom.generations alone ({@code rescore}).
 */
class TritonRunIT {

    static final Duration TIMEOUT = Duration.ofMinutes(4);
    static final String REFUNDS = "Refunds are issued within five working days and a confirmation email follows.";
    static final String CANCEL = "Go to Settings, then Billing, and choose Cancel plan.";
    static final String REQUEST = """
            {"schemaVersion": 1, "runId": "triton-run", "models": ["base", "tuned"],
             "suites": [{"name": "support", "kind": "questions", "questions": [
                {"id": "q1", "domain": "in-domain", "topic": "refunds", "question": "How are refunds handled?",
                 "reference": "%s"},
                {"id": "q2", "domain": "in-domain", "topic": "billing", "question": "How do I cancel my plan?",
                 "reference": "%s"}]}]}
            """.formatted(REFUNDS, CANCEL);

    @TempDir
    Path dir;

    @Test
    void aRunAnsweredByModelsOnTritonIsGradedEndToEnd() throws Exception {
        PackagedCli cli = new PackagedCli(dir, TIMEOUT);
        try (FakeTriton triton = new FakeTriton(null, "FP16").serving("base", "tuned").start(0)) {
            triton.answers((model, prompt) -> !model.equals("tuned") ? "I am not sure, please call us."
                    : prompt.contains("refunds") ? REFUNDS : CANCEL);
            // the models' settings as a configuration file, the way an operator would give them
            StringBuilder settings = new StringBuilder();
            for (String model : List.of("base", "tuned")) {
                String prefix = "fathom.inference.models." + model + ".";
                settings.append(prefix).append("backend=triton\n")
                        .append(prefix).append("version=1\n")
                        .append(prefix).append("triton.address=").append(triton.address()).append('\n')
                        .append(prefix).append("triton.hidden-state-outputs=none\n")
                        .append(prefix).append("triton.generation.convention=")
                        .append(model.equals("base") ? "fathom" : "vllm").append('\n');
            }
            Path config = Files.writeString(dir.resolve("models.properties"), settings);
            String bootstrap = EmbeddedKafka.bootstrapServers();
            assertThat(cli.run("topics", "--bootstrap", bootstrap)).isZero();
            try (PackagedService inference = PackagedService.start("triton-run-inference", PackagedCli.serviceJar("inference"),
                    Map.of("KAFKA_BOOTSTRAP_SERVERS", bootstrap, "QUARKUS_CONFIG_LOCATIONS", config.toString()));
                    PackagedService scoring = PackagedService.start("triton-run-scoring", PackagedCli.serviceJar("scoring"),
                            Map.of("KAFKA_BOOTSTRAP_SERVERS", bootstrap))) {
                for (PackagedService service : List.of(inference, scoring)) {
                    service.await(service.name() + " ready", TIMEOUT, () -> service.health("ready") == 200);
                }
                Path request = Files.writeString(dir.resolve("run.json"), REQUEST);
                assertThat(cli.run("submit", request.toString(), "--wait", "--timeout", "240", "--bootstrap", bootstrap))
                        .as(cli.output()).isZero();
                assertThat(cli.output()).contains("[inference] COMPLETED run").contains("[scoring] COMPLETED run");

                // the same answers graded again by accuracy alone: the scoring-service grades the copy, no model runs
                Path strict = Files.writeString(dir.resolve("strict.json"),
                        "{\"name\": \"strict\", \"threshold\": 0.95, \"categories\": [{\"name\": \"accuracy\"}]}");
                assertThat(cli.run("rescore", "triton-run", "--rubric", strict.toString(), "--timeout", "240",
                        "--bootstrap", bootstrap)).as(cli.output()).isZero();
                assertThat(cli.output()).contains("rescoring run triton-run as run triton-run-rescored-1");
            }
        }
        assertThat(TopicReader.readAll(Topics.REQUESTS)).noneMatch(r -> r.key().startsWith("triton-run-rescored"));
        List<ScoreSummary> rescored = new ArrayList<>();
        for (var record : TopicReader.readAll(Topics.RESULTS)) {
            if (Json.MAPPER.readValue(record.value(), ResultEvent.class) instanceof ScoreSummary summary
                    && "triton-run-rescored-1".equals(summary.runId())) {
                rescored.add(summary);
            }
        }
        assertThat(rescored).singleElement().satisfies(summary -> {
            assertThat(summary.rubric()).isEqualTo("strict");
            assertThat(summary.categories()).containsExactly("accuracy");
        });
        List<ScoreItem> items = new ArrayList<>();
        for (var record : TopicReader.readAll(Topics.RESULTS)) {
            ResultEvent event = Json.MAPPER.readValue(record.value(), ResultEvent.class);
            if (event instanceof ScoreItem item && "triton-run".equals(item.runId())) {
                items.add(item);
            }
        }
        assertThat(items).hasSize(4);
        for (String question : List.of("q1", "q2")) {
            ScoreItem tuned = items.stream().filter(i -> i.model().equals("tuned") && i.questionId().equals(question))
                    .findFirst().orElseThrow();
            ScoreItem base = items.stream().filter(i -> i.model().equals("base") && i.questionId().equals(question))
                    .findFirst().orElseThrow();
            assertThat(tuned.scores().get("accuracy")).as("the reference word for word").isEqualTo(1.0);
            assertThat(tuned.overall()).isGreaterThan(base.overall());
        }
    }
}
