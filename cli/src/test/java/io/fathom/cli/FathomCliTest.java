package io.fathom.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fathom.contracts.Json;
import io.fathom.contracts.Topics;
import io.fathom.contracts.generation.GenerationEnd;
import io.fathom.contracts.generation.GenerationEvent;
import io.fathom.contracts.generation.GenerationRecords;
import io.fathom.contracts.generation.SuiteDefinition;
import io.fathom.contracts.hidden.HiddenStateCodec;
import io.fathom.contracts.hidden.HiddenStateEvent;
import io.fathom.contracts.hidden.HiddenStateHeader;
import io.fathom.contracts.request.SuiteKind;
import io.fathom.contracts.result.ErrorCode;
import io.fathom.contracts.result.ErrorEvent;
import io.fathom.contracts.result.ProgressEvent;
import io.fathom.contracts.result.ResultEvent;
import io.fathom.testsupport.EmbeddedKafka;
import io.fathom.testsupport.TopicReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI against a real broker; the services' side is played by records the test writes. */
class FathomCliTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int cli(String... args) {
        return new FathomCli(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8)).run(args);
    }

    private static void emit(ResultEvent event) throws Exception {
        TopicReader.send(Topics.RESULTS, event.key(), Json.MAPPER.writeValueAsBytes(event));
    }

    @Test
    void validateNamesWhatIsWrong() throws Exception {
        Path bad = Files.writeString(dir.resolve("bad.json"), "{\"schemaVersion\": 1, \"runId\": \"r\"}");
        assertThat(cli("validate", bad.toString())).isEqualTo(FathomCli.USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("SCHEMA_VIOLATION").contains("models");
        assertThat(cli("validate", dir.resolve("missing.json").toString())).isEqualTo(FathomCli.USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("no such file");
    }

    @Test
    void submitCreatesTheTopicsAndSendsTheRequestKeyedByRun() throws Exception {
        Path request = Files.writeString(dir.resolve("run.json"), """
                {"schemaVersion": 1, "runId": "cli-submit", "models": ["all-minilm-l6-v2"],
                 "suites": [{"name": "s", "kind": "probing", "items": [{"id": "a", "text": "Hello."}]}]}
                """);
        assertThat(cli("submit", request.toString(), "--bootstrap", EmbeddedKafka.bootstrapServers()))
                .isEqualTo(FathomCli.OK);
        ConsumerRecord<String, byte[]> sent = TopicReader.await(Topics.REQUESTS, r -> "cli-submit".equals(r.key()),
                java.time.Duration.ofSeconds(30));
        assertThat(new String(sent.value(), StandardCharsets.UTF_8)).contains("\"runId\": \"cli-submit\"");
        assertThat(cli("topics", "--bootstrap", EmbeddedKafka.bootstrapServers())).isEqualTo(FathomCli.OK);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("all fathom topics exist");
    }

    @Test
    void watchPrintsProgressAndErrorsAndEndsWithTheRunsOutcome() throws Exception {
        cli("topics", "--bootstrap", EmbeddedKafka.bootstrapServers());
        emit(ProgressEvent.of("cli-watch", "inference", "m@1", "s", ProgressEvent.Status.RUNNING, 4, 2, 0, 0));
        emit(ErrorEvent.of("cli-watch", "inference", ErrorCode.NON_FINITE_OUTPUT, "m@1/s/x", "NaN in item x",
                List.of()));
        emit(ProgressEvent.of("other-run", "inference", null, null, ProgressEvent.Status.COMPLETED, 1, 1, 0, 0));
        emit(ProgressEvent.of("cli-watch", "inference", null, null, ProgressEvent.Status.COMPLETED, 4, 3, 1, 0));

        assertThat(cli("watch", "cli-watch", "--bootstrap", EmbeddedKafka.bootstrapServers(), "--timeout", "30"))
                .isEqualTo(FathomCli.OK);
        String printed = out.toString(StandardCharsets.UTF_8);
        assertThat(printed).contains("RUNNING   m@1 / s: 2/4 done").contains("ERROR NON_FINITE_OUTPUT")
                .contains("COMPLETED run: 3/4 done, 1 failed").doesNotContain("1/1 done");

        emit(ProgressEvent.of("cli-failed", "inference", null, null, ProgressEvent.Status.FAILED, 0, 0, 0, 0));
        assertThat(cli("watch", "cli-failed", "--bootstrap", EmbeddedKafka.bootstrapServers(), "--timeout", "30"))
                .isEqualTo(FathomCli.RUN_FAILED);
        assertThat(cli("watch", "never-submitted", "--bootstrap", EmbeddedKafka.bootstrapServers(), "--timeout",
                "2")).isEqualTo(FathomCli.TIMED_OUT);
    }

    @Test
    void validateSaysWhereInTheFileTheProblemIs() throws Exception {
        Path wrongKind = Files.writeString(dir.resolve("kind.json"), """
                {"schemaVersion": 1, "runId": "r", "models": ["m"],
                 "suites": [{"name": "s",
                             "kind": "guessing", "items": [{"id": "a", "text": "Hello."}]}]}
                """);
        assertThat(cli("validate", wrongKind.toString())).isEqualTo(FathomCli.USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains(wrongKind + ":3:22: SCHEMA_VIOLATION")
                .contains("$.suites[0].kind");
        Path broken = Files.writeString(dir.resolve("broken.json"), "{\"schemaVersion\": 1,\n \"runId\": }\n");
        assertThat(cli("validate", broken.toString())).isEqualTo(FathomCli.USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains(broken + ": MALFORMED_JSON")
                .contains("line 2, column 11");
    }

    @Test
    void aYamlRequestIsCheckedAgainstTheSameSchemaAndSubmittedAsJson() throws Exception {
        Path request = Files.writeString(dir.resolve("run.yaml"), """
                schemaVersion: 1
                runId: cli-yaml
                models: [all-minilm-l6-v2]
                suites:
                  - name: s
                    kind: probing
                    items:
                      - {id: a, text: "Hello."}
                """);
        assertThat(cli("validate", request.toString())).isEqualTo(FathomCli.OK);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains(request + ": valid request for run cli-yaml");
        assertThat(cli("submit", request.toString(), "--bootstrap", EmbeddedKafka.bootstrapServers()))
                .isEqualTo(FathomCli.OK);
        ConsumerRecord<String, byte[]> sent = TopicReader.await(Topics.REQUESTS, r -> "cli-yaml".equals(r.key()),
                java.time.Duration.ofSeconds(30));
        assertThat(Json.MAPPER.readTree(sent.value()).at("/suites/0/items/0/text").asText()).isEqualTo("Hello.");

        Path wrongKind = Files.writeString(dir.resolve("kind.yml"), """
                schemaVersion: 1
                runId: r
                models: [m]
                suites:
                  - name: s
                    kind:   guessing
                    items: [{id: a, text: Hello.}]
                """);
        assertThat(cli("validate", wrongKind.toString())).isEqualTo(FathomCli.USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains(wrongKind + ":6:13: SCHEMA_VIOLATION")
                .contains("$.suites[0].kind");
        Path broken = Files.writeString(dir.resolve("broken.yaml"), "schemaVersion: 1\nrunId: [r\nmodels: m\n");
        assertThat(cli("validate", broken.toString())).isEqualTo(FathomCli.USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains(broken + ":3:7: MALFORMED_YAML")
                .contains("expected ',' or ']'");
    }

    @Test
    void resultsPrintsTheRunsTablesOrItsEventsAsJsonLinesAndReportWritesTheHtml() throws Exception {
        cli("topics", "--bootstrap", EmbeddedKafka.bootstrapServers());
        RunResults run = HtmlReportTest.run();
        for (ResultEvent event : run.events()) {
            emit(event);
        }
        assertThat(cli("results", "paper-run", "--bootstrap", EmbeddedKafka.bootstrapServers()))
                .isEqualTo(FathomCli.OK);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("probing senteval-sentlen (sentlen)")
                .contains("rubric support-rubric on suite questions").contains("robustness qa (QA)")
                .contains("corpus suite blend").contains("paired comparisons: 3 in this run");

        out.reset();
        assertThat(cli("results", "paper-run", "--json", "--bootstrap", EmbeddedKafka.bootstrapServers()))
                .isEqualTo(FathomCli.OK);
        List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(lines).hasSize(run.events().size());
        assertThat(lines.stream().map(l -> {
            try {
                return Json.MAPPER.readValue(l, ResultEvent.class).key();
            } catch (java.io.IOException e) {
                throw new AssertionError(l, e);
            }
        })).containsExactlyInAnyOrderElementsOf(run.events().stream().map(ResultEvent::key).toList());

        Path html = dir.resolve("report.html");
        assertThat(cli("report", "paper-run", "-o", html.toString(), "--bootstrap",
                EmbeddedKafka.bootstrapServers())).isEqualTo(FathomCli.OK);
        assertThat(Files.readString(html)).contains("<svg").contains("senteval-sentlen");
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("report of run paper-run: " + html);
    }

    @Test
    void rescoreCopiesTheRunsScoredSuitesUnderANewRunWithTheNewRubricAndSendsNoRequest() throws Exception {
        cli("topics", "--bootstrap", EmbeddedKafka.bootstrapServers());
        String key = "cli-rescore/q";
        TopicReader.sendAll(Topics.GENERATIONS, key, List.of("""
                {"type": "suite-definition", "schemaVersion": 1, "runId": "cli-rescore", "suite": "q",
                 "kind": "questions", "definition": {"name": "q", "kind": "questions",
                   "questions": [{"id": "q1", "question": "Why?", "reference": "Because."}]},
                 "runModels": ["m"], "authors": ["m"], "embedder": "emb",
                 "runSuites": [{"name": "q", "kind": "questions"}]}
                """.getBytes(StandardCharsets.UTF_8),
                GenerationRecords.toBytes(new GenerationEvent(1, "cli-rescore", "m", "q", "q1", null, "Why?",
                        "Because.", GenerationEvent.Source.RECORDED, null, null, null, null, null, null)),
                GenerationRecords.toBytes(new GenerationEnd(1, "cli-rescore", "m", "q", 1, 0)),
                HiddenStateCodec.encode(new HiddenStateHeader(1, "cli-rescore", "emb", "q", "ref/q1", null, null,
                        "Because.", java.util.Map.of(), 2, false, List.of("mean"), HiddenStateHeader.DTYPE_FLOAT16,
                        new int[] {1, 1, 2}, SuiteKind.QUESTIONS), new float[] {0.5f, -1f})));
        Path rubric = Files.writeString(dir.resolve("strict.json"), """
                {"name": "strict", "threshold": 0.9, "categories": [{"name": "accuracy"}]}
                """);

        // no scoring-service runs here: the new run is published, then followed until the timeout
        assertThat(cli("rescore", "cli-rescore", "--rubric", rubric.toString(), "--judge", "reference",
                "--bootstrap", EmbeddedKafka.bootstrapServers(), "--timeout", "2")).isEqualTo(FathomCli.TIMED_OUT);
        assertThat(out.toString(StandardCharsets.UTF_8))
                .contains("rescoring run cli-rescore as run cli-rescore-rescored-1 (4 records)");
        List<ConsumerRecord<String, byte[]>> copies = TopicReader.readAll(Topics.GENERATIONS).stream()
                .filter(r -> "cli-rescore-rescored-1/q".equals(r.key())).toList();
        assertThat(copies).hasSize(4);
        SuiteDefinition definition = (SuiteDefinition) GenerationRecords.parse(copies.get(0).value());
        assertThat(definition.runId()).isEqualTo("cli-rescore-rescored-1");
        assertThat(definition.definition().rubric().name()).isEqualTo("strict");
        assertThat(definition.definition().questions()).hasSize(1);
        assertThat(((GenerationEvent) GenerationRecords.parse(copies.get(1).value())).runId())
                .isEqualTo("cli-rescore-rescored-1");
        HiddenStateEvent vectors = HiddenStateCodec.decode(copies.get(3).value());
        assertThat(vectors.header().runId()).isEqualTo("cli-rescore-rescored-1");
        assertThat(vectors.halfValues()).isEqualTo(HiddenStateCodec.decode(TopicReader.readAll(Topics.GENERATIONS)
                .stream().filter(r -> key.equals(r.key())).toList().get(3).value()).halfValues());
        assertThat(TopicReader.readAll(Topics.REQUESTS)).noneMatch(r -> r.key().startsWith("cli-rescore"));

        // the next copy gets the next number; a rubric the schema refuses publishes nothing
        assertThat(cli("rescore", "cli-rescore", "--judge", "llm", "--bootstrap", EmbeddedKafka.bootstrapServers(),
                "--timeout", "1")).isEqualTo(FathomCli.TIMED_OUT);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("as run cli-rescore-rescored-2");
        Path bad = Files.writeString(dir.resolve("bad.json"), "{\"name\": \"no-categories\"}");
        assertThat(cli("rescore", "cli-rescore", "--rubric", bad.toString(), "--as", "cli-rescore-bad",
                "--bootstrap", EmbeddedKafka.bootstrapServers())).isEqualTo(FathomCli.USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains(bad + ": ").contains("categories");
        assertThat(TopicReader.readAll(Topics.GENERATIONS)).noneMatch(r -> r.key().startsWith("cli-rescore-bad"));
        assertThat(cli("rescore", "cli-rescore", "--judge", "llm", "--as", "cli-rescore-rescored-1", "--bootstrap",
                EmbeddedKafka.bootstrapServers())).isEqualTo(FathomCli.USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("run cli-rescore-rescored-1 is already on");
        assertThat(cli("rescore", "no-such-run", "--judge", "llm", "--bootstrap", EmbeddedKafka.bootstrapServers()))
                .isEqualTo(FathomCli.USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("no scored suite of run no-such-run");
    }

    @Test
    void anUnknownRunIsAnErrorOnceTheTopicIsReadToItsEnd() {
        cli("topics", "--bootstrap", EmbeddedKafka.bootstrapServers());
        long start = System.nanoTime();
        assertThat(cli("results", "no-such-run", "--bootstrap", EmbeddedKafka.bootstrapServers()))
                .isEqualTo(FathomCli.USAGE);
        assertThat(cli("report", "no-such-run", "-o", dir.resolve("r.html").toString(), "--bootstrap",
                EmbeddedKafka.bootstrapServers())).isEqualTo(FathomCli.USAGE);
        assertThat(System.nanoTime() - start).isLessThan(java.time.Duration.ofSeconds(60).toNanos());
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("no results of run no-such-run on fathom.results");
        assertThat(dir.resolve("r.html")).doesNotExist();
    }

    @Test
    void anUnreachableBrokerIsNamedWithinSeconds() throws Exception {
        int port;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            port = socket.getLocalPort(); // free once closed: nothing listens there
        }
        String address = "127.0.0.1:" + port;
        for (String command : List.of("results", "watch", "topics")) {
            long start = System.nanoTime();
            int status = command.equals("topics") ? cli(command, "--bootstrap", address)
                    : cli(command, "some-run", "--bootstrap", address);
            assertThat(status).isEqualTo(FathomCli.KAFKA_ERROR);
            assertThat(System.nanoTime() - start).as(command).isLessThan(java.time.Duration.ofSeconds(15).toNanos());
        }
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("no Kafka broker answered at " + address);
    }

    @Test
    void rejectsUnknownCommandsAndOptions() {
        assertThat(cli("explode", "x")).isEqualTo(FathomCli.USAGE);
        assertThat(cli("submit", "x.json", "--colour", "red")).isEqualTo(FathomCli.USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("Unknown option").contains("'--colour'");
    }
}
