package io.fathom.inference;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import io.fathom.contracts.result.ProgressEvent;
import io.fathom.testsupport.EmbeddedKafka;
import io.fathom.triton.FakeTriton;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The service with its Triton server down: at start-up (readiness down, a run waits for the model
 * and completes when the server comes), and again later (readiness follows the server, a run
 * submitted meanwhile completes when it returns); every item once, none lost.
 */
@QuarkusTest
@WithTestResource(EmbeddedKafka.class)
@TestProfile(TritonOutageTest.ServerDownAtStart.class)
class TritonOutageTest {

    static final Duration WAIT = Duration.ofSeconds(90);
    static int port;
    private FakeTriton server;

    /** A free port for a server that is not started yet. */
    public static class FreePort implements QuarkusTestResourceLifecycleManager {
        @Override
        public Map<String, String> start() {
            try (ServerSocket socket = new ServerSocket(0)) {
                port = socket.getLocalPort();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            return Map.of("fathom.inference.models.tri.backend", "triton",
                    "fathom.inference.models.tri.version", "1",
                    "fathom.inference.models.tri.max-tokens", "64",
                    "fathom.inference.models.tri.triton.address", "127.0.0.1:" + port,
                    "fathom.inference.models.tri.triton.model", FakeTriton.MODEL,
                    "fathom.inference.models.tri.triton.backoff", "100ms",
                    "fathom.inference.models.tri.triton.breaker-cool-down", "200ms");
        }

        @Override
        public void stop() {
        }
    }

    public static class ServerDownAtStart implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(FreePort.class));
        }
    }

    @AfterEach
    void stopServer() throws InterruptedException {
        if (server != null) {
            server.stop();
        }
    }

    @Test
    void readinessFollowsTheServerAndRunsWaitForItToComeBack() throws Exception {
        Awaitility.await().atMost(WAIT).untilAsserted(() -> given().get("/q/health/ready").then().statusCode(503)
                .body("checks.find { it.name == 'models' }.data.'tri@1'", equalTo("loading")));
        String first = "run-outage-at-start";
        List<String> texts = InferenceRunTest.texts(6);
        InferenceRunTest.submit(first, InferenceRunTest.probingRequest(first, List.of("tri"), texts, 2));
        Thread.sleep(1_000); // the run is waiting for the model, not failing it
        server = new FakeTriton(TritonRunTest.SYNTHETIC, "FP32").start(port);
        assertComplete(first, texts.size());
        Awaitility.await().atMost(WAIT).untilAsserted(() -> given().get("/q/health/ready").then()
                .body("checks.find { it.name == 'models' }.data.'tri@1'", equalTo("loaded")));

        server.stop();
        server = null;
        Awaitility.await().atMost(WAIT).untilAsserted(() -> given().get("/q/health/ready").then().statusCode(503)
                .body("checks.find { it.name == 'models' }.data.'tri@1'", startsWith("unavailable: Triton at")));
        String second = "run-outage-later";
        InferenceRunTest.submit(second, InferenceRunTest.probingRequest(second, List.of("tri"), texts, 2));
        Thread.sleep(1_000);
        server = new FakeTriton(TritonRunTest.SYNTHETIC, "FP32").start(port);
        assertComplete(second, texts.size());
        Awaitility.await().atMost(WAIT).untilAsserted(() -> given().get("/q/health/ready").then()
                .body("checks.find { it.name == 'models' }.data.'tri@1'", equalTo("loaded")));
    }

    private static void assertComplete(String runId, int items) {
        ProgressEvent end = InferenceRunTest.awaitRunEnd(runId);
        assertThat(end.status()).isEqualTo(ProgressEvent.Status.COMPLETED);
        assertThat(end.done()).isEqualTo(items);
        assertThat(end.failed()).isZero();
        assertThat(InferenceRunTest.hiddenStates(runId)).extracting(e -> e.header().itemId())
                .containsExactly("s0", "s1", "s2", "s3", "s4", "s5");
    }
}
