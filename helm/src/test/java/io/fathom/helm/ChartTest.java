package io.fathom.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Lints and renders helm/fathom with a real helm (bundled native binary) and checks what it produces. */
class ChartTest {

    private final Helm chart = new Helm(Path.of("fathom"));

    @Test
    void lintsClean() {
        LintResult result = chart.lint().strict().call();
        assertThat(result.getMessages()).allSatisfy(m -> assertThat(m).doesNotContain("[ERROR]"));
        assertThat(result.isFailed()).as(String.join("\n", result.getMessages())).isFalse();
    }

    @Test
    void kedaOwnsTheReplicasWhenAutoscaling() {
        String rendered = chart.template().withName("t").call();
        assertThat(rendered).contains("kind: ScaledObject").contains("type: kafka")
                .contains("consumerGroup: \"fathom-inference\"").contains("topic: \"fathom.requests\"")
                .contains("lagThreshold: \"5\"");
        String deployment = section(rendered, "kind: Deployment");
        assertThat(deployment).doesNotContain("replicas:").contains("/q/health/ready")
                .contains("value: \"my-cluster-kafka-bootstrap:9092\"");
    }

    @Test
    void kafkaClientSettingsAndCredentialsReachTheServices() {
        String rendered = chart.template().withName("t").set("kafka.config.security\\.protocol", "SASL_SSL")
                .set("kafka.config.sasl\\.mechanism", "SCRAM-SHA-512").set("kafka.existingSecret", "fathom-kafka")
                .call();
        String deployment = section(rendered, "kind: Deployment");
        assertThat(deployment).contains("name: KAFKA_SECURITY_PROTOCOL").contains("value: \"SASL_SSL\"")
                .contains("name: KAFKA_SASL_MECHANISM").contains("value: \"SCRAM-SHA-512\"")
                .contains("secretRef:").contains("name: fathom-kafka");
        assertThat(section(chart.template().withName("t").call(), "kind: Deployment")).doesNotContain("envFrom");
    }

    @Test
    void fixedReplicasWithoutKeda() {
        String rendered = chart.template().withName("t").set("inference.autoscaling.enabled", "false")
                .set("inference.replicas", "2").call();
        assertThat(rendered).doesNotContain("kind: ScaledObject");
        assertThat(section(rendered, "kind: Deployment")).contains("replicas: 2");
    }

    @Test
    void dashboardsAreConfigMapsForGrafanasSidecar() {
        String rendered = chart.template().withName("t").call();
        String dashboard = section(rendered, "name: t-dashboard-fathom-inference");
        assertThat(dashboard).contains("grafana_dashboard: \"1\"").contains("fathom_inference_items_total")
                .contains("kafka_consumer_fetch_manager_records_lag_max");
    }

    private static String section(String rendered, String marker) {
        for (String document : rendered.split("(?m)^---")) {
            if (document.contains(marker)) {
                return document;
            }
        }
        throw new AssertionError("no rendered document with " + marker);
    }
}
