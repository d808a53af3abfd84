package io.fathom.helm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * Checks deploy/compose and the services' Dockerfiles without Docker (there is no engine here): the
 * files parse, every service is there on the local stack's port, and what they name exists.
 */
class ComposeFileTest {

    private static final Path COMPOSE = Path.of("../deploy/compose");
    /** Host port (the local stack's) and container port (the jar's quarkus.http.port) of each service. */
    private static final Map<String, List<Integer>> PORTS = Map.of("inference-service", List.of(8081, 8080),
            "probe-service", List.of(8082, 8082), "scoring-service", List.of(8083, 8083),
            "datamix-service", List.of(8084, 8084));

    @Test
    void everyServiceIsBuiltFromItsDockerfileOnTheLocalStacksPort() throws IOException {
        Map<String, Object> services = services();
        assertThat(services).containsKeys("kafka", "prometheus", "grafana").containsKeys(
                PORTS.keySet().toArray(String[]::new));
        for (Map.Entry<String, List<Integer>> entry : PORTS.entrySet()) {
            Map<String, Object> service = map(services.get(entry.getKey()));
            int host = entry.getValue().get(0);
            int container = entry.getValue().get(1);
            assertThat(service.get("ports")).as(entry.getKey()).isEqualTo(List.of(host + ":" + container));
            assertThat(map(service.get("environment"))).containsEntry("KAFKA_BOOTSTRAP_SERVERS", "kafka:19092");
            assertThat(service.get("read_only")).isEqualTo(true);
            assertThat(service.get("tmpfs")).isEqualTo(List.of("/tmp"));

            Map<String, Object> build = map(service.get("build"));
            Path context = COMPOSE.resolve((String) build.get("context")).normalize();
            assertThat(context.getFileName().toString()).isEqualTo(entry.getKey());
            String dockerfile = Files.readString(context.resolve((String) build.get("dockerfile")));
            assertThat(dockerfile).contains("COPY --chown=185 target/quarkus-app/lib/ /deployments/lib/")
                    .contains("ENV JAVA_APP_JAR=\"/deployments/quarkus-run.jar\"").contains("EXPOSE " + container);
            assertThat(dockerfile.substring(dockerfile.lastIndexOf("USER "))).startsWith("USER 185");
            // the port the jar listens on unless told otherwise; Quarkus' default is 8080
            String jarPort = Files.readAllLines(context.resolve("src/main/resources/application.properties")).stream()
                    .filter(line -> line.startsWith("quarkus.http.port=")).map(line -> line.split("=")[1])
                    .findFirst().orElse("8080");
            assertThat(jarPort).as(entry.getKey()).isEqualTo(String.valueOf(container));
        }
    }

    @Test
    void dataDirectoriesAreVolumesTheImagesPrepare() throws IOException {
        Map<String, Object> services = services();
        assertThat(map(map(services.get("probe-service")).get("environment")))
                .containsEntry("FATHOM_PROBE_DATA_DIR", "/var/lib/fathom/spill");
        assertThat(map(services.get("probe-service")).get("volumes")).isEqualTo(
                List.of("probe-spill:/var/lib/fathom/spill"));
        Map<String, Object> datamix = map(services.get("datamix-service"));
        assertThat(map(datamix.get("environment"))).containsEntry("FATHOM_DATAMIX_DATA_DIR", "/var/lib/fathom/spill")
                .containsEntry("FATHOM_DATAMIX_SINK_DIR", "/var/lib/fathom/mixtures");
        assertThat(datamix.get("volumes")).isEqualTo(
                List.of("datamix-spill:/var/lib/fathom/spill", "mixtures:/var/lib/fathom/mixtures"));
        assertThat(map(compose().get("volumes"))).containsKeys("probe-spill", "datamix-spill", "mixtures");
        assertThat(Files.readString(Path.of("../datamix-service/src/main/docker/Dockerfile.jvm")))
                .contains("mkdir -p /var/lib/fathom/spill /var/lib/fathom/mixtures");
    }

    @Test
    @SuppressWarnings("unchecked")
    void prometheusScrapesEveryServiceAndGrafanaGetsTheChartsDashboards() throws IOException {
        Map<String, Object> prometheus;
        try (Reader reader = Files.newBufferedReader(COMPOSE.resolve("prometheus.yml"))) {
            prometheus = new Yaml().load(reader);
        }
        Map<String, Object> job = map(((List<?>) prometheus.get("scrape_configs")).get(0));
        assertThat(job.get("metrics_path")).isEqualTo("/q/metrics");
        assertThat(map(((List<?>) job.get("static_configs")).get(0)).get("targets")).isEqualTo(
                List.of("inference-service:8080", "probe-service:8082", "scoring-service:8083", "datamix-service:8084"));

        List<Object> grafanaVolumes = (List<Object>) map(services().get("grafana")).get("volumes");
        assertThat(grafanaVolumes).contains("../../helm/fathom/dashboards:/var/lib/grafana/dashboards:ro");
        try (var dashboards = Files.list(COMPOSE.resolve("../../helm/fathom/dashboards"))) {
            assertThat(dashboards.map(p -> p.getFileName().toString())).contains("fathom-inference.json");
        }
    }

    private static Map<String, Object> services() throws IOException {
        return map(compose().get("services"));
    }

    private static Map<String, Object> compose() throws IOException {
        try (Reader reader = Files.newBufferedReader(COMPOSE.resolve("docker-compose.yml"))) {
            return new Yaml().load(reader);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }
}
