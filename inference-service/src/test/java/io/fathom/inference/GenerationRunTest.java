package io.fathom.inference;

import io.fathom.contracts.RecordHeaders;
import io.fathom.contracts.Topics;
import io.fathom.contracts.generation.GenerationEnd;
import io.fathom.contracts.generation.GenerationEvent;
import io.fathom.contracts.generation.GenerationRecords;
import io.fathom.contracts.generation.SuiteDefinition;
import io.fathom.contracts.hidden.HiddenStateCodec;
import io.fathom.contracts.hidden.HiddenStateEvent;
import io.fathom.contracts.result.ErrorEvent;
import io.fathom.contracts.result.ProgressEvent;
import io.fathom.testsupport.EmbeddedKafka;
import io.fathom.testsupport.FakeTritonResource;
import io.fathom.testsupport.TopicReader;
import io.fathom.triton.FakeTriton;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import static org.assertj.core.api.Assertions.assertThat;


/**
 * Scored suites answered by models served by Triton, through real gRPC and the real broker: "base"
 * in the project's convention and "tuned" in the vLLM backend's. Their answers become generation
 * events with the prompt as sent and the sampling settings, the questions suite's answers are
 * embedded after they were generated, and instructions suites are prompted once per item and template.
 */
@QuarkusTest
@WithTestResource(EmbeddedKafka.class)
@TestProfile(GenerationRunTest.WithGenerators.class)
class GenerationRunTest {

    static final String REFUNDS = "Refunds are issued within five working days.";
    static final String EGGS = "Boil an egg for nine minutes for a firm yolk.";
    static final String TEMPLATE = "Q: {prompt}\nA:";

    public static class TritonServer extends FakeTritonResource {
        @Override
        protected FakeTriton server() throws IOException {
            FakeTriton server = new FakeTriton(TritonRunTest.SYNTHETIC, "FP16").serving("base", "tuned").start(0);
            // the tuned model knows the references; the base model does not
            server.answers((model, prompt) -> !model.equals("tuned") ? "I am not sure."
                    : prompt.contains("refunds") ? REFUNDS : prompt.contains("egg") ? EGGS : "Ana | works_for | Lumen");
            return server;
        }

        @Override
        protected Map<String, String> config(FakeTriton server) {
            Map<String, String> config = new HashMap<>();
            for (String model : List.of("base", "tuned")) {
                String prefix = "fathom.inference.models." + model + ".";
                config.put(prefix + "backend", "triton");
                config.put(prefix + "version", "1");
                config.put(prefix + "triton.address", server.address());
                config.put(prefix + "triton.hidden-state-outputs", "none");
                config.put(prefix + "triton.generation.convention", model.equals("base") ? "fathom" : "vllm");
                config.put(prefix + "triton.generation.prompt-template", TEMPLATE);
                config.put(prefix + "triton.generation.max-new-tokens", "48");
            }
            return config;
        }
    }

    public static class WithGenerators implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(TritonServer.class));
        }
    }

    static final String REQUEST = """
            {"schemaVersion": 1, "runId": "%s", "models": ["base", "tuned"], "options": {"seed": 5},
             "suites": [
              {"name": "qa", "kind": "questions", "questions": [
                 {"id": "q1", "domain": "in-domain", "question": "How are refunds handled?", "reference": "%s"},
                 {"id": "q2", "domain": "general", "question": "How long do I boil an egg?", "reference": "%s"}]},
              {"name": "re", "kind": "instructions", "task": "re",
               "templates": [{"id": "seen", "text": "Extract triples: {input}", "seen": true},
                             {"id": "unseen", "text": "{input} Which relations?", "seen": false},
                             {"id": "broken", "text": "Extract triples.", "seen": false}],
               "items": [{"id": "a", "input": "Ana works for Lumen.",
                          "triples": [{"head": "Ana", "relation": "works_for", "tail": "Lumen"}]},
                         {"id": "b", "input": "Kite bought Moss.",
                          "triples": [{"head": "Kite", "relation": "acquired", "tail": "Moss"}]}]}]}
            """;

    static List<Object> records(String key) {
        return TopicReader.readAll(Topics.GENERATIONS).stream().filter(r -> key.equals(r.key()))
                .sorted(java.util.Comparator.comparingLong(ConsumerRecord::offset))
                .map(r -> RecordHeaders.EVENT_HIDDEN_STATE.equals(RecordHeaders.get(r.headers(), RecordHeaders.EVENT))
                        ? HiddenStateCodec.decode(r.value()) : GenerationRecords.parse(r.value()))
                .toList();
    }

    @Test
    void modelsOnTritonAnswerScoredSuitesAndTheirAnswersAreEmbeddedAfterwards() {
        String runId = "run-generation";
        InferenceRunTest.submit(runId, REQUEST.formatted(runId, REFUNDS, EGGS));
        ProgressEvent end = InferenceRunTest.awaitRunEnd(runId);
        assertThat(end.status()).isEqualTo(ProgressEvent.Status.COMPLETED);
        assertThat(end.failed()).isZero();
        assertThat(TopicReader.readAll(Topics.RESULTS).stream().map(InferenceRunTest::result)
                .filter(e -> e instanceof ErrorEvent && runId.equals(e.runId()))).as("no notices").isEmpty();

        List<Object> qa = records(runId + "/qa");
        SuiteDefinition definition = (SuiteDefinition) qa.get(0);
        assertThat(definition.authors()).containsExactly("base", "tuned");
        List<GenerationEvent> answers = qa.stream().filter(r -> r instanceof GenerationEvent)
                .map(r -> (GenerationEvent) r).toList();
        assertThat(answers).hasSize(4).allSatisfy(a -> {
            assertThat(a.source()).isEqualTo(GenerationEvent.Source.GENERATED);
            assertThat(a.backend()).isEqualTo("triton:" + a.model());
            assertThat(a.prompt()).startsWith("Q: How").endsWith("\nA:");
            assertThat(a.parameters().seed()).as("the run's seed").isEqualTo(5);
            assertThat(a.parameters().maxNewTokens()).isEqualTo(48);
            assertThat(a.promptTokens()).isPositive();
            assertThat(a.latencyMs()).isNotNull();
        });
        assertThat(answers).filteredOn(a -> a.model().equals("tuned")).extracting(GenerationEvent::answer)
                .containsExactly(REFUNDS, EGGS);
        assertThat(answers).filteredOn(a -> a.model().equals("tuned")).extracting(GenerationEvent::finishReason)
                .containsOnly("length");
        assertThat(qa).filteredOn(r -> r instanceof GenerationEnd).extracting(r -> ((GenerationEnd) r).answers())
                .containsExactly(2L, 2L);
        // the embeddings come after the answers they embed, and the tuned answers are the references word for word
        Map<String, HiddenStateEvent> embeddings = qa.stream().filter(r -> r instanceof HiddenStateEvent)
                .map(r -> (HiddenStateEvent) r).collect(Collectors.toMap(e -> e.header().itemId(), Function.identity()));
        assertThat(embeddings).containsOnlyKeys("ref/q1", "ref/q2", "ans/base/q1", "ans/base/q2", "ans/tuned/q1",
                "ans/tuned/q2");
        int last = embeddings.get("ref/q1").header().layers() - 1;
        assertThat(embeddings.get("ans/tuned/q1").vector(0, last)).containsExactly(embeddings.get("ref/q1")
                .vector(0, last));
        assertThat(embeddings.get("ans/base/q1").header().text()).isEqualTo("I am not sure.");

        List<Object> re = records(runId + "/re");
        assertThat(((SuiteDefinition) re.get(0)).embedder()).isNull();
        List<GenerationEvent> reAnswers = re.stream().filter(r -> r instanceof GenerationEvent)
                .map(r -> (GenerationEvent) r).toList();
        // 2 items x the 2 templates with {input}, per model; no embeddings
        assertThat(reAnswers).hasSize(8);
        assertThat(reAnswers).extracting(GenerationEvent::template).containsOnly("seen", "unseen");
        assertThat(reAnswers).filteredOn(a -> a.model().equals("base") && a.itemId().equals("a")
                && "seen".equals(a.template())).singleElement()
                .satisfies(a -> assertThat(a.prompt()).isEqualTo("Q: Extract triples: Ana works for Lumen.\nA:"));
        assertThat(re).noneMatch(r -> r instanceof HiddenStateEvent);
    }
}
