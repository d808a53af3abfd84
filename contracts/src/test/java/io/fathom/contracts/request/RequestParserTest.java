package io.fathom.contracts.request;

import static org.assertj.core.api.Assertions.assertThat;

import io.fathom.contracts.result.ErrorCode;
import java.util.List;
import org.junit.jupiter.api.Test;

class RequestParserTest {

    private final RequestParser parser = new RequestParser();

    @Test
    void acceptsAProbingRunWithDefaults() {
        RequestParser.Outcome outcome = parser.parse("""
                {"schemaVersion": 1, "runId": "r1",
                 "models": ["all-minilm-l6-v2", {"id": "bge-small-en-v1.5@q8", "metadata": {"fineTuning": "none"}}],
                 "suites": [{"name": "s", "kind": "probing",
                             "items": [{"id": "a", "text": "Hello there.", "label": "1", "split": "train"}]}]}
                """);
        assertThat(outcome).isInstanceOf(RequestParser.Accepted.class);
        EvaluationRequest request = ((RequestParser.Accepted) outcome).request();
        assertThat(request.models()).extracting(ModelRef::name).containsExactly("all-minilm-l6-v2", "bge-small-en-v1.5");
        assertThat(request.models().get(1).version()).isEqualTo("q8");
        assertThat(request.models().get(1).metadata().fineTuning()).isEqualTo("none");
        assertThat(request.options().batchSize()).isEqualTo(RunOptions.DEFAULT_BATCH_SIZE);
        assertThat(request.suites().get(0).labelledTexts()).singleElement()
                .satisfies(t -> assertThat(t.text()).isEqualTo("Hello there."));
    }

    @Test
    void acceptsEveryLaterSuiteKind() {
        RequestParser.Outcome outcome = parser.parse("""
                {"schemaVersion": 1, "runId": "r2", "models": ["m"],
                 "suites": [
                   {"name": "q", "kind": "questions", "questions": [{"id": "q1", "domain": "in-domain",
                     "question": "How do I reset my router?", "reference": "Unplug it.", "weights": {"accuracy": 2}}],
                    "rubric": {"threshold": 0.7, "categories": [{"name": "accuracy", "weight": 1,
                     "scale": {"min": 1, "max": 5}}]}},
                   {"name": "re", "kind": "instructions", "task": "re",
                    "templates": [{"id": "t1", "text": "Extract relations: {input}", "seen": true}],
                    "items": [{"id": "i1", "input": "Ann works for Acme.",
                               "triples": [{"head": "Ann", "relation": "employer", "tail": "Acme"}]}]},
                   {"name": "mix", "kind": "corpus", "ratios": [0.1, 0.5], "mix": {"size": 100},
                    "sources": [{"name": "cc", "domain": "in-domain", "dataset": {"uri": "/data/cc.jsonl", "format": "jsonl"}}]},
                   {"name": "graded", "kind": "questions", "questions": [{"id": "q1", "question": "Why?"}],
                    "responses": [{"model": "m", "questionId": "q1", "answer": "Unplug it and wait."}]}
                 ]}
                """);
        assertThat(outcome).isInstanceOf(RequestParser.Accepted.class);
        EvaluationRequest request = ((RequestParser.Accepted) outcome).request();
        assertThat(request.suites().get(1).instructionItems().get(0).triples()).hasSize(1);
    }

    @Test
    void malformedJsonIsNamedAsSuch() {
        RequestParser.Outcome outcome = parser.parse("{\"runId\": \"r1\", ");
        assertThat(outcome).isInstanceOfSatisfying(RequestParser.Rejected.class, r -> {
            assertThat(r.code()).isEqualTo(ErrorCode.MALFORMED_JSON);
            assertThat(r.message()).contains("not valid JSON");
            assertThat(r.runId()).as("read up to where the JSON breaks").isEqualTo("r1");
        });
    }

    @Test
    void aRecordHoldsExactlyOneDocument() {
        String request = """
                {"schemaVersion": 1, "runId": "r1", "models": ["m"],
                 "suites": [{"name": "s", "kind": "probing", "items": [{"id": "a", "text": "Hi."}]}]}""";
        for (String raw : List.of(request + "\n" + request.replace("r1", "r2"), request + " []", request + " 42",
                request + "}")) {
            assertThat(parser.parse(raw)).as(raw).isInstanceOfSatisfying(RequestParser.Rejected.class, r -> {
                assertThat(r.code()).isEqualTo(ErrorCode.MALFORMED_JSON);
                assertThat(r.runId()).isEqualTo("r1");
            });
        }
        assertThat(((RequestParser.Rejected) parser.parse(request + request)).message())
                .contains("content after the end of the JSON document").doesNotContain("r2");
        assertThat(parser.parse(request + "\n  \n")).as("whitespace is not content")
                .isInstanceOf(RequestParser.Accepted.class);
    }

    @Test
    void runIdsArePeekedFromRequestsTooBrokenToParse() {
        assertThat(RequestParser.peekRunId("{\"schemaVersion\": 1, \"models\": [\"m\"], \"runId\": \"r9\", \"suites\": [".getBytes()))
                .isEqualTo("r9");
        assertThat(RequestParser.peekRunId("{\"models\": [\"m\", ".getBytes())).isNull();
        assertThat(RequestParser.peekRunId("not json".getBytes())).isNull();
        assertThat(RequestParser.peekRunId("{\"runId\": 7}".getBytes())).isNull();
    }

    @Test
    void schemaViolationsNameTheFieldAndKeepTheRunId() {
        RequestParser.Outcome outcome = parser.parse("""
                {"schemaVersion": 1, "runId": "r3", "models": [],
                 "suites": [{"name": "s", "kind": "probing", "items": [{"id": "a", "txt": "typo"}]}]}
                """);
        assertThat(outcome).isInstanceOfSatisfying(RequestParser.Rejected.class, r -> {
            assertThat(r.code()).isEqualTo(ErrorCode.SCHEMA_VIOLATION);
            assertThat(r.runId()).isEqualTo("r3");
            assertThat(String.join("\n", r.details())).contains("models").contains("txt");
        });
    }

    @Test
    void aProbingSuiteNeedsItemsOrADataset() {
        RequestParser.Outcome outcome = parser.parse("""
                {"schemaVersion": 1, "runId": "r4", "models": ["m"], "suites": [{"name": "s", "kind": "probing"}]}
                """);
        assertThat(outcome).isInstanceOf(RequestParser.Rejected.class);
    }

    private RequestParser.Outcome withTemplate(String template) {
        return parser.parse("""
                {"schemaVersion": 1, "runId": "r5", "models": ["base", "tuned"],
                 "suites": [{"name": "qa", "kind": "instructions", "task": "qa",
                             "templates": [%s], "items": [{"id": "i1", "input": "Who?", "answers": ["Ana"]}]}]}
                """.formatted(template));
    }

    @Test
    void aTemplateMayBeSeenBySomeModelsOnlyAndThenNotByAll() {
        RequestParser.Outcome outcome = withTemplate("""
                {"id": "t", "text": "Q: {input}", "seen": false, "seenBy": ["tuned"]}""");
        assertThat(outcome).isInstanceOf(RequestParser.Accepted.class);
        InstructionTemplate template = ((RequestParser.Accepted) outcome).request().suites().get(0).templates().get(0);
        assertThat(template.isSeenBy("tuned")).isTrue();
        assertThat(template.isSeenBy("base")).isFalse();
        assertThat(new InstructionTemplate("t", "Q: {input}", true).isSeenBy("base")).isTrue();
        // seen by all and by some at once, an empty list, a repeated model: rejected, naming the field
        for (String bad : List.of("\"seen\": true, \"seenBy\": [\"tuned\"]", "\"seen\": false, \"seenBy\": []",
                "\"seen\": false, \"seenBy\": [\"tuned\", \"tuned\"]")) {
            assertThat(withTemplate("{\"id\": \"t\", \"text\": \"Q: {input}\", " + bad + "}"))
                    .isInstanceOfSatisfying(RequestParser.Rejected.class, r -> assertThat(String.join("\n",
                            r.details())).as(bad).contains("templates[0].seen"));
        }
    }

    /** A request of {@code n} items, each a number where the schema wants an object. */
    private static String numbersAsItems(int n) {
        StringBuilder items = new StringBuilder();
        for (int i = 0; i < n; i++) {
            items.append(i == 0 ? "" : ",").append(i);
        }
        return "{\"schemaVersion\": 1, \"runId\": \"r6\", \"models\": [\"m\"], \"suites\": [{\"name\": \"s\","
                + " \"kind\": \"probing\", \"items\": [" + items + "]}]}";
    }

    @Test
    void aLargeInvalidRequestIsReportedByItsFirstProblemOnly() {
        // the validator builds one message per failing element: 400,000 of them exhausted a 512 MB heap
        assertThat(parser.parse(numbersAsItems(400_000))).isInstanceOfSatisfying(RequestParser.Rejected.class, r -> {
            assertThat(r.runId()).isEqualTo("r6");
            assertThat(r.code()).isEqualTo(ErrorCode.SCHEMA_VIOLATION);
            assertThat(r.details()).singleElement().asString().contains("$.suites[0].items[0]");
            assertThat(r.message()).contains("checked up to its first problem", "over 20000 values");
        });
        // a small one still lists every problem, up to the detail limit
        assertThat(parser.parse(numbersAsItems(5))).isInstanceOfSatisfying(RequestParser.Rejected.class, r -> {
            assertThat(r.details()).hasSize(5);
            assertThat(r.message()).startsWith("request violates the schema (5 problems)");
        });
    }

    @Test
    void aNumberBeyondDoubleRangeIsRejectedByItsPath() {
        // read as infinity, which the validator cannot compare with a bound (it threw NumberFormatException)
        RequestParser.Outcome outcome = parser.parse("""
                {"schemaVersion": 1, "runId": "r7", "models": ["m"], "options": {"seed": 1e999},
                 "suites": [{"name": "s", "kind": "probing", "items": [{"id": "a", "text": "b", "label": "1"}]}]}
                """);
        assertThat(outcome).isInstanceOfSatisfying(RequestParser.Rejected.class, r -> {
            assertThat(r.code()).isEqualTo(ErrorCode.SCHEMA_VIOLATION);
            assertThat(r.message()).contains("$.options.seed: number out of range");
        });
    }

    @Test
    void aRunIdThatIsNotAnIdIsNotRepeatedInTheRejection() {
        String longId = "r".repeat(100_000);
        assertThat(parser.parse("{\"schemaVersion\": 1, \"runId\": \"" + longId + "\"}"))
                .isInstanceOfSatisfying(RequestParser.Rejected.class, r -> {
                    assertThat(r.runId()).isNull();
                    assertThat(r.details()).anySatisfy(d -> assertThat(d).contains("$.runId"));
                });
        assertThat(RequestParser.peekRunId(("{\"runId\": \"" + longId + "\", ").getBytes())).isNull();
        assertThat(RequestParser.peekRunId("{\"runId\": \"a b\", ".getBytes())).isNull();
    }
}
