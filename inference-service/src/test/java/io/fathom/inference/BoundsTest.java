package io.fathom.inference;

import static io.fathom.inference.BadInputTest.awaitDeadLetter;
import static io.fathom.inference.BadInputTest.awaitError;
import static io.fathom.inference.BadInputTest.header;
import static io.fathom.inference.InferenceRunTest.submit;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.fathom.contracts.result.ErrorCode;
import io.fathom.contracts.result.ErrorEvent;
import io.fathom.contracts.result.ProgressEvent;
import io.fathom.testsupport.EmbeddedKafka;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A request that asks for a resource beyond a bound is refused through the real broker with an
 * error that names the bound and its property, and the service stays ready and keeps consuming.
 * The test profile's dataset root is the temporary directory and its byte limit 1 MB.
 */
@QuarkusTest
@WithTestResource(EmbeddedKafka.class)
class BoundsTest {

    static String datasetRequest(String runId, Object uri) {
        return String.format("""
                {"schemaVersion": 1, "runId": "%s", "models": ["all-minilm-l6-v2"],
                 "suites": [{"name": "file", "kind": "probing", "dataset": {"uri": "%s", "format": "jsonl"}}]}
                """, runId, uri);
    }

    /** The error, then a FAILED run, then a good run that completes while readiness stays UP. */
    static ErrorEvent refusedAndStillServing(String runId, ErrorCode code) {
        ErrorEvent error = awaitError(code, runId);
        assertThat(InferenceRunTest.awaitRunEnd(runId).status()).isEqualTo(ProgressEvent.Status.FAILED);
        assertThat(InferenceRunTest.hiddenStates(runId)).isEmpty();
        given().get("/q/health/ready").then().statusCode(200);
        BadInputTest.goodRunStillCompletes(runId + "-after");
        given().get("/q/health/ready").then().statusCode(200);
        given().get("/q/health/live").then().statusCode(200);
        return error;
    }

    @Test
    void aDeviceIsNotRead() {
        String runId = "run-dev-zero";
        submit(runId, datasetRequest(runId, "/dev/zero"));
        assertThat(refusedAndStillServing(runId, ErrorCode.DATASET_FORBIDDEN).message())
                .contains("/dev/zero").contains("fathom.inference.dataset-roots");
    }

    @Test
    void aFifoInARootIsRefusedWithoutBlocking() throws Exception {
        Path fifo = Files.createTempDirectory("bounds").resolve("pipe.jsonl");
        assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).isZero();
        String runId = "run-fifo";
        submit(runId, datasetRequest(runId, fifo));
        assertThat(refusedAndStillServing(runId, ErrorCode.DATASET_FORBIDDEN).message())
                .contains("not a regular file");
    }

    @Test
    void aLinkOutOfTheRootIsRefused() throws Exception {
        Path outside = Files.createDirectories(outsideTheRoot());
        Path secret = Files.writeString(outside.resolve("secret.jsonl"), "{\"text\": \"sk-live-0042\"}\n");
        Path link = Files.createTempDirectory("bounds").resolve("escape.jsonl");
        Files.createSymbolicLink(link, secret);
        String runId = "run-link-escape";
        submit(runId, datasetRequest(runId, link));
        assertThat(refusedAndStillServing(runId, ErrorCode.DATASET_FORBIDDEN).message())
                .contains("outside the dataset directories").doesNotContain("sk-live");
    }

    /**
     * A directory outside the test profile's only root, the temporary directory: the build's target
     * directory, unless the project itself lies in the temporary directory (a CI clone may), then
     * one under the user's home.
     */
    static Path outsideTheRoot() throws IOException {
        Path root = Path.of(System.getProperty("java.io.tmpdir")).toRealPath();
        Path target = Path.of("target").toRealPath();
        return target.startsWith(root) ? Path.of(System.getProperty("user.home"), ".cache", "fathom-outside-root")
                : target.resolve("outside-root");
    }

    @Test
    void anOversizedFileIsRefusedBeforeItIsRead() throws Exception {
        Path big = Files.createTempFile("bounds", ".jsonl");
        Files.writeString(big, "{\"text\": \"A line that repeats until the file passes its limit.\"}\n".repeat(20_000));
        String runId = "run-big-file";
        submit(runId, datasetRequest(runId, big));
        assertThat(refusedAndStillServing(runId, ErrorCode.DATASET_TOO_LARGE).message())
                .contains("over the limit of 1000000 bytes").contains("fathom.inference.dataset-max-bytes");
    }

    @Test
    void anOverCapGeneratedRequestIsRefusedBeforeGenerating() {
        String runId = "run-generated-cap";
        StringBuilder suites = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            suites.append(i == 0 ? "" : ", ").append("{\"name\": \"g").append(i)
                    .append("\", \"kind\": \"probing\", \"generated\": {\"name\": \"senteval/SentLen\",")
                    .append(" \"train\": 1000000, \"dev\": 0, \"test\": 0}}");
        }
        submit(runId, """
                {"schemaVersion": 1, "runId": "%s", "models": ["all-minilm-l6-v2"], "suites": [%s]}
                """.formatted(runId, suites));
        assertThat(refusedAndStillServing(runId, ErrorCode.REQUEST_TOO_LARGE).message())
                .contains("8000000 item x model pairs").contains("at most 2000000")
                .contains("fathom.inference.max-items-per-run");
    }

    @Test
    void aRecordWithTwoDocumentsIsRefused() {
        String runId = "run-two-documents";
        String first = InferenceRunTest.probingRequest(runId, List.of("all-minilm-l6-v2"), List.of("First."), 8);
        String second = InferenceRunTest.probingRequest("run-smuggled", List.of("all-minilm-l6-v2"),
                List.of("Second."), 8);
        submit(runId, first + second);
        assertThat(refusedAndStillServing(runId, ErrorCode.MALFORMED_JSON).message())
                .contains("content after the end of the JSON document");
        assertThat(header(awaitDeadLetter("run-smuggled"), "dead-letter-reason")).contains("MALFORMED_JSON");
        assertThat(InferenceRunTest.hiddenStates("run-smuggled")).isEmpty();
    }
}
