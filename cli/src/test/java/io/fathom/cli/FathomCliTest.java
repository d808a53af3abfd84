package io.fathom.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fathom.contracts.Json;
import io.fathom.contracts.Topics;
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
    void rejectsUnknownCommandsAndOptions() {
        assertThat(cli("explode", "x")).isEqualTo(FathomCli.USAGE);
        assertThat(cli("submit", "x.json", "--colour", "red")).isEqualTo(FathomCli.USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("Unknown option").contains("'--colour'");
    }
}
