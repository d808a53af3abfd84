package io.fathom.inference;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.fathom.testsupport.EmbeddedKafka;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** Health reflects the models and Kafka; metrics expose the service's own meters. */
@QuarkusTest
@WithTestResource(EmbeddedKafka.class)
class ObservabilityTest {

    @Test
    void readinessReportsEveryModelLoaded() {
        Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().get("/q/health/ready")
                .then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.find { it.name == 'models' }.data.'all-minilm-l6-v2@int8'", equalTo("loaded"))
                .body("checks.find { it.name == 'models' }.data.'bge-small-en-v1.5@int8'", equalTo("loaded")));
    }

    @Test
    void metricsCountItemsAndStages() {
        String done = "fathom_inference_items_total{model=\"all-minilm-l6-v2@int8\",outcome=\"done\"}";
        // registered at start-up, so that Prometheus scrapes each at 0 before its first increment
        assertThat(metric("fathom_inference_items_total{model=\"bge-small-en-v1.5@int8\",outcome=\"truncated\"}"))
                .isNotNull();
        assertThat(metric("fathom_errors_total{code=\"DATASET_UNREADABLE\"}")).isNotNull();
        assertThat(metric("fathom_inference_runs_total{outcome=\"failed\"}")).isNotNull();
        double before = metric(done);
        String runId = "run-metrics";
        InferenceRunTest.submit(runId, InferenceRunTest.probingRequest(runId, List.of("all-minilm-l6-v2"),
                List.of("One.", "Two."), 8));
        InferenceRunTest.awaitRunEnd(runId);
        assertThat(metric(done) - before).isEqualTo(2);
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("fathom_inference_stage_seconds_count{model=\"all-minilm-l6-v2@int8\",stage=\"model\"}"))
                .body(containsString("fathom_inference_batch_size"))
                .body(containsString("fathom_inference_current_run_items{state=\"expected\"}"))
                .body(containsString("fathom_results_total{type=\"progress\"}"))
                .body(containsString("mp_messaging_message_count_total{channel=\"requests\"}"))
                .body(containsString("kafka_consumer_fetch_manager_records_lag_max"));
    }

    /** The value of one series on /q/metrics, or null when it is not there. */
    static Double metric(String series) {
        String body = given().get("/q/metrics").then().statusCode(200).extract().asString();
        return body.lines().filter(line -> line.startsWith(series + " ")).findFirst()
                .map(line -> Double.parseDouble(line.substring(series.length() + 1).trim())).orElse(null);
    }
}
