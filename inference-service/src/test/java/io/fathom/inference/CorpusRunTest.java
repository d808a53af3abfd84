package io.fathom.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import io.fathom.contracts.RecordHeaders;
import io.fathom.contracts.Topics;
import io.fathom.contracts.hidden.HiddenStateCodec;
import io.fathom.contracts.hidden.HiddenStateEvent;
import io.fathom.contracts.hidden.SuiteEnd;
import io.fathom.contracts.request.EvaluationRequest;
import io.fathom.contracts.request.RequestParser;
import io.fathom.contracts.request.SuiteKind;
import io.fathom.contracts.result.ErrorCode;
import io.fathom.contracts.result.ErrorEvent;
import io.fathom.contracts.result.ProgressEvent;
import io.fathom.inference.backend.embedded.ReferenceEncoder;
import io.fathom.inference.domain.RunPlan;
import io.fathom.inference.domain.WorkItem;
import io.fathom.inference.service.RunPlanner;
import io.fathom.testsupport.EmbeddedKafka;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/**
 * Corpus suites: planned from files in the dataset roots and from inline examples, then embedded by
 * their embedder alone through the real broker, one last-layer vector per example, and closed by a
 * marker that carries the suite's definition for the datamix-service.
 */
@QuarkusTest
@WithTestResource(EmbeddedKafka.class)
class CorpusRunTest {

    static final String MINILM = "all-minilm-l6-v2@int8";
    static final String BGE = "bge-small-en-v1.5@int8";

    @Inject
    RunPlanner planner;

    /** A run of the given models and one corpus suite "blend" of the given sources. */
    static String corpusRequest(String runId, String models, String sources, String mix) {
        return String.format("""
                {"schemaVersion": 1, "runId": "%s", "models": [%s],
                 "suites": [{"name": "blend", "kind": "corpus", "ratios": [0, 0.5], "mix": {%s}, "sources": [%s]}]}
                """, runId, models, mix, sources);
    }

    /** An in-domain source "faq" read from the file. */
    static String faqFrom(Path file) {
        return "{\"name\": \"faq\", \"domain\": \"in-domain\", \"dataset\": {\"uri\": \"" + file
                + "\", \"format\": \"jsonl\"}}";
    }

    static Path corpusFile(String lines) throws Exception {
        Path file = Files.createTempFile("corpus", ".jsonl");
        Files.writeString(file, lines);
        return file;
    }

    private RunPlanner.Planned plan(String json) {
        RequestParser.Outcome outcome = RequestParser.shared().parse(json);
        assertThat(outcome).as(json).isInstanceOf(RequestParser.Accepted.class);
        EvaluationRequest request = ((RequestParser.Accepted) outcome).request();
        return planner.plan(request, null);
    }

    private ErrorEvent onlyError(String json) {
        RunPlanner.Planned planned = plan(json);
        assertThat(planned.plan()).isNull();
        assertThat(planned.errors()).hasSize(1);
        return planned.errors().get(0);
    }

    @Test
    void sourcesFromAFileAndInlineBecomeItemsNamedByTheirSource() throws Exception {
        Path faq = corpusFile("""
                {"id": "faq-1", "instruction": "How do I reset my router?", "response": "Hold reset for ten seconds."}

                {"text": "Our billing team answers within a day.", "topic": "billing"}
                """);
        String sources = String.format("""
                {"name": "faq", "domain": "in-domain", "dataset": {"uri": "%s", "format": "jsonl"}},
                {"name": "chat", "domain": "general", "items": [
                  {"id": "c1", "text": "Hello there."}, {"instruction": "Say hi.", "response": "Hi!"}]},
                {"name": "crawl", "domain": "unlabelled", "items": [{"text": "Cheap flights to Lisbon."}]}
                """, faq.toUri());
        RunPlanner.Planned planned = plan(corpusRequest("plan-corpus", "\"bge-small-en-v1.5\", \"all-minilm-l6-v2\"",
                sources, "\"size\": 4, \"embedder\": \"all-minilm-l6-v2\""));

        assertThat(planned.errors()).isEmpty();
        RunPlan plan = planned.plan();
        assertThat(plan.itemsBySuite().get("blend"))
                .extracting(WorkItem::id, WorkItem::text, WorkItem::label, WorkItem::split, WorkItem::metadata)
                .containsExactly(
                        tuple("faq/faq-1", "How do I reset my router?\n\nHold reset for ten seconds.", "in-domain",
                                null, Map.of("source", "faq", "position", "0")),
                        tuple("faq/L3", "Our billing team answers within a day.", "in-domain", null,
                                Map.of("source", "faq", "position", "1")),
                        tuple("chat/c1", "Hello there.", "general", null, Map.of("source", "chat", "position", "0")),
                        tuple("chat/I2", "Say hi.\n\nHi!", "general", null, Map.of("source", "chat", "position", "1")),
                        tuple("crawl/I1", "Cheap flights to Lisbon.", null, null,
                                Map.of("source", "crawl", "position", "0")));
        assertThat(plan.corpusEmbedders()).containsExactly(Map.entry("blend", MINILM));
        assertThat(plan.modelIds()).as("no probing suite: no model runs every suite").isEmpty();
        assertThat(plan.workCount()).as("each example is encoded once, by the embedder").isEqualTo(5);

        RunPlan byDefault = plan(corpusRequest("plan-corpus-default", "\"bge-small-en-v1.5\", \"all-minilm-l6-v2\"",
                sources, "\"size\": 4")).plan();
        assertThat(byDefault.corpusEmbedders()).as("the run's first model").containsExactly(Map.entry("blend", BGE));
    }

    @Test
    void aMalformedLineIsNamedByNumberWithoutItsContent() throws Exception {
        Path file = corpusFile("""
                {"text": "A fine first example."}
                {"instruction": "Tell nobody the PIN 4242."}
                """);
        ErrorEvent error = onlyError(corpusRequest("plan-corpus-bad-line", "\"all-minilm-l6-v2\"", faqFrom(file),
                "\"size\": 1"));
        assertThat(error.code()).isEqualTo(ErrorCode.DATASET_UNREADABLE);
        assertThat(error.message()).contains("source 'faq'").contains(file + " line 2")
                .contains("\"instruction\" and \"response\"").doesNotContain("4242").doesNotContain("PIN");

        Files.writeString(file, "{\"text\": \"A fine first example.\"}\n{\"text\": \"PIN 4242\" \"id\": 3}\n");
        ErrorEvent broken = onlyError(corpusRequest("plan-corpus-bad-json", "\"all-minilm-l6-v2\"", faqFrom(file),
                "\"size\": 1"));
        assertThat(broken.message()).contains(file + " line 2: not valid JSON").doesNotContain("4242");
    }

    @Test
    void aFileOutsideTheDatasetRootsIsNotRead() {
        // outside the test's dataset root (the temporary directory), wherever the project is checked out
        Path outside = Path.of("/etc/hostname");
        ErrorEvent error = onlyError(corpusRequest("plan-corpus-outside", "\"all-minilm-l6-v2\"", faqFrom(outside),
                "\"size\": 1"));
        assertThat(error.code()).isEqualTo(ErrorCode.DATASET_FORBIDDEN);
        assertThat(error.message()).contains("outside the dataset directories");
    }

    @Test
    void aSourceWithoutExamplesEmptiesTheSuite() throws Exception {
        Path blank = corpusFile("\n   \n");
        ErrorEvent error = onlyError(corpusRequest("plan-corpus-empty", "\"all-minilm-l6-v2\"",
                "{\"name\": \"chat\", \"domain\": \"general\", \"items\": [{\"text\": \"Hi.\"}]}, " + faqFrom(blank),
                "\"size\": 1"));
        assertThat(error.code()).isEqualTo(ErrorCode.EMPTY_SUITE);
        assertThat(error.message()).contains("source 'faq'").contains("no examples");
    }

    @Test
    void exampleIdsAreUniqueInTheSuite() {
        ErrorEvent error = onlyError(corpusRequest("plan-corpus-duplicate", "\"all-minilm-l6-v2\"",
                "{\"name\": \"chat\", \"domain\": \"general\", \"items\": [{\"id\": \"a\", \"text\": \"Hi.\"},"
                        + " {\"id\": \"a\", \"text\": \"Hello.\"}]}", "\"size\": 1"));
        assertThat(error.code()).isEqualTo(ErrorCode.DUPLICATE_ITEM);
        assertThat(error.message()).contains("'chat/a'");
    }

    @Test
    void theEmbedderMustBeAServedModelOfTheRun() {
        String source = "{\"name\": \"chat\", \"domain\": \"general\", \"items\": [{\"text\": \"Hi.\"}]}";
        ErrorEvent notInRun = onlyError(corpusRequest("plan-corpus-embedder", "\"all-minilm-l6-v2\"", source,
                "\"size\": 1, \"embedder\": \"bge-small-en-v1.5\""));
        assertThat(notInRun.code()).isEqualTo(ErrorCode.SCHEMA_VIOLATION);
        assertThat(notInRun.message()).contains("mix.embedder").contains("bge-small-en-v1.5");

        // only the embedder runs, so it alone must be served
        ErrorEvent unknown = onlyError(corpusRequest("plan-corpus-ghost", "\"ghost\", \"all-minilm-l6-v2\"", source,
                "\"size\": 1"));
        assertThat(unknown.code()).isEqualTo(ErrorCode.UNKNOWN_MODEL);
        assertThat(unknown.message()).contains("ghost");
        assertThat(plan(corpusRequest("plan-corpus-named-as-served", "\"ghost\", \"all-minilm-l6-v2\"", source,
                "\"size\": 1, \"embedder\": \"all-minilm-l6-v2@int8\"")).plan().corpusEmbedders())
                .containsExactly(Map.entry("blend", MINILM));
    }

    @Test
    void theEmbedderAloneEncodesTheCorpusLastLayerOnlyAndItsMarkerCarriesTheDefinition() throws Exception {
        String runId = "run-corpus";
        Path faq = corpusFile("""
                {"id": "reset", "instruction": "How do I reset my router?", "response": "Hold reset for ten seconds."}
                {"text": "Your refund will arrive within five business days."}
                """);
        String json = String.format("""
                {"schemaVersion": 1, "runId": "%s", "models": ["all-minilm-l6-v2", "bge-small-en-v1.5"],
                 "suites": [
                  {"name": "calls", "kind": "probing", "items": [
                    {"id": "p0", "text": "The agent escalated the call.", "label": "a"},
                    {"id": "p1", "text": "My router keeps dropping.", "label": "b"}]},
                  {"name": "blend", "kind": "corpus", "ratios": [0, 0.5, 1], "mix": {"size": 2},
                   "sources": [
                    {"name": "faq", "domain": "in-domain", "dataset": {"uri": "%s", "format": "jsonl"}},
                    {"name": "web", "domain": "unlabelled", "items": [
                      {"id": "w1", "text": "Cheap flights to Lisbon this spring."},
                      {"instruction": "Name a colour.", "response": "Blue."}]}]}],
                 "options": {"batchSize": 8}}
                """, runId, faq.toUri());
        InferenceRunTest.submit(runId, json);

        ProgressEvent end = InferenceRunTest.awaitRunEnd(runId);
        assertThat(end.status()).isEqualTo(ProgressEvent.Status.COMPLETED);
        // 2 probing items x 2 models, and 4 examples by the embedder
        assertThat(end.expected()).isEqualTo(8);
        assertThat(end.done()).isEqualTo(8);

        List<ConsumerRecord<String, byte[]>> blend = ScoredRunTest.records(Topics.HIDDEN_STATES, runId + "/blend");
        assertThat(blend).hasSize(5);
        assertThat(blend).allSatisfy(r -> assertThat(RecordHeaders.get(r.headers(), RecordHeaders.SUITE_KIND))
                .isEqualTo("corpus"));
        List<HiddenStateEvent> events = blend.subList(0, 4).stream().map(r -> HiddenStateCodec.decode(r.value()))
                .toList();
        assertThat(events).extracting(e -> e.header().itemId(), e -> e.header().label(),
                e -> e.header().metadata()).containsExactly(
                        tuple("faq/reset", "in-domain", Map.of("source", "faq", "position", "0")),
                        tuple("faq/L2", "in-domain", Map.of("source", "faq", "position", "1")),
                        tuple("web/w1", null, Map.of("source", "web", "position", "0")),
                        tuple("web/I2", null, Map.of("source", "web", "position", "1")));
        assertThat(events).allSatisfy(e -> {
            assertThat(e.header().model()).isEqualTo(MINILM);
            assertThat(e.header().kind()).isEqualTo(SuiteKind.CORPUS);
            assertThat(e.header().shape()).containsExactly(1, 1, 384);
            assertThat(e.header().split()).isNull();
        });
        List<String> texts = events.stream().map(e -> e.header().text()).toList();
        assertThat(texts.get(0)).isEqualTo("How do I reset my router?\n\nHold reset for ten seconds.");
        // the one layer is the model's last (block 6), as a direct computation of the same batch gives it
        try (ReferenceEncoder miniLm = ReferenceEncoder.miniLm()) {
            float[][][] expected = miniLm.meanPooledInBatches(texts, 8);
            for (int i = 0; i < events.size(); i++) {
                float[] actual = events.get(i).vector(0, 0);
                float[] want = expected[i][6];
                for (int d = 0; d < 384; d++) {
                    assertThat(actual[d]).as("example %d dim %d", i, d)
                            .isCloseTo(want[d], Offset.offset(Math.abs(want[d]) / 2048 + 1e-4f));
                }
            }
        }

        SuiteEnd marker = SuiteEnd.parse(blend.get(4).value());
        assertThat(marker.model()).isEqualTo(MINILM);
        assertThat(marker.models()).containsExactly(MINILM);
        assertThat(marker.kind()).isEqualTo(SuiteKind.CORPUS);
        assertThat(marker.task()).isEqualTo("corpus");
        assertThat(marker.items()).isEqualTo(4);
        EvaluationRequest request = ((RequestParser.Accepted) RequestParser.shared().parse(json)).request();
        assertThat(marker.corpus()).isEqualTo(request.suites().get(1));

        // the probing suite of the same run keeps every layer of both models, and markers without a corpus
        List<ConsumerRecord<String, byte[]>> calls = ScoredRunTest.records(Topics.HIDDEN_STATES, runId + "/calls");
        assertThat(calls.stream().filter(r -> !SuiteEnd.isSuiteEnd(r.value())).map(r -> HiddenStateCodec
                .decode(r.value()).header())).extracting(h -> h.model(), h -> h.shape()[1])
                .containsExactlyInAnyOrder(tuple(MINILM, 7), tuple(MINILM, 7), tuple(BGE, 13), tuple(BGE, 13));
        assertThat(calls.stream().filter(r -> SuiteEnd.isSuiteEnd(r.value())).map(r -> SuiteEnd.parse(r.value())))
                .hasSize(2).allSatisfy(m -> {
                    assertThat(m.models()).containsExactly(MINILM, BGE);
                    assertThat(m.corpus()).isNull();
                });
    }
}
