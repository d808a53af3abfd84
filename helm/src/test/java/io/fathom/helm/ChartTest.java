package io.fathom.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.MAP;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/** Lints and renders helm/fathom with a real helm (bundled native binary) and checks the objects it produces. */
class ChartTest {

    private static final List<String> SERVICES = List.of("inference", "probe", "scoring", "datamix");
    /** The fathom.messaging.topics.* key of the topic each service's scaled consumer reads (README, Configuration). */
    private static final Map<String, String> TOPIC_KEYS = Map.of("inference", "requests", "probe", "hidden-states",
            "scoring", "generations", "datamix", "hidden-states");
    private static final Path PRODUCTION_VALUES = Path.of("src/test/resources/production-values.yaml");

    private final Helm chart = new Helm(Path.of("fathom"));

    @Test
    void lintsClean() {
        // with the default values only: helm-java's lint takes no values file
        LintResult result = chart.lint().strict().call();
        assertThat(result.getMessages()).allSatisfy(m -> assertThat(m).doesNotContain("[ERROR]"));
        assertThat(result.isFailed()).as(String.join("\n", result.getMessages())).isFalse();
    }

    @Test
    void everyServiceHasItsObjects() {
        Rendered rendered = render(chart.template().withName("t"));
        for (String service : SERVICES) {
            for (String kind : List.of("ConfigMap", "Deployment", "Service", "ScaledObject", "NetworkPolicy")) {
                assertThat(rendered.find(kind, "t-" + service)).as(kind + " of " + service).isNotNull();
            }
            Map<String, Object> container = rendered.container(service);
            assertThat(container.get("image")).isEqualTo("ghcr.io/fathom/fathom-" + service + "-service:0.1.0");
            assertThat(rendered.properties(service)).containsEntry("kafka.bootstrap.servers",
                    "my-cluster-kafka-bootstrap:9092");
        }
        assertThat(rendered.ofKind("Deployment")).hasSize(4);
        assertThat(rendered.ofKind("ServiceMonitor")).isEmpty();
        assertThat(rendered.ofKind("KafkaTopic")).isEmpty();
        assertThat(rendered.ofKind("Secret")).isEmpty();
    }

    @Test
    void portsAreTheServicesOwnAndProbesUseQuarkusHealth() {
        Rendered rendered = render(chart.template().withName("t"));
        Map<String, Integer> ports = Map.of("inference", 8080, "probe", 8082, "scoring", 8083, "datamix", 8084);
        ports.forEach((service, port) -> {
            assertThat(rendered.properties(service)).containsEntry("quarkus.http.port", String.valueOf(port));
            Map<String, Object> container = rendered.container(service);
            assertThat(at(container, "ports", 0, "containerPort")).isEqualTo(port);
            assertThat(at(rendered.find("Service", "t-" + service), "spec", "ports", 0, "port")).isEqualTo(port);
            assertThat(at(container, "startupProbe", "httpGet", "path")).isEqualTo("/q/health/started");
            assertThat(at(container, "livenessProbe", "httpGet", "path")).isEqualTo("/q/health/live");
            assertThat(at(container, "readinessProbe", "httpGet", "path")).isEqualTo("/q/health/ready");
            assertThat(env(container)).containsEntry("QUARKUS_CONFIG_LOCATIONS", "/etc/fathom/application.properties");
            assertThat(mounts(container)).containsEntry("config", "/etc/fathom");
        });
    }

    @Test
    void kedaScalesEachServiceOnTheGroupAndTopicItConsumes() throws IOException {
        Rendered rendered = render(chart.template().withName("t"));
        // the inference-service's requests channel sets its group in the jar's own configuration
        Properties inferenceJar = new Properties();
        try (Reader reader = Files.newBufferedReader(
                Path.of("../inference-service/src/main/resources/application.properties"))) {
            inferenceJar.load(reader);
        }
        assertScaler(rendered, "inference", inferenceJar.getProperty("mp.messaging.incoming.requests.group.id"),
                "fathom.requests", "mp.messaging.incoming.requests.group.id", 3);
        // the consumer core's default group is fathom-<service> (README, Configuration)
        assertScaler(rendered, "probe", "fathom-probe", "fathom.hidden-states", "fathom.messaging.group-id", 6);
        assertScaler(rendered, "scoring", "fathom-scoring", "fathom.generations", "fathom.messaging.group-id", 6);
        assertScaler(rendered, "datamix", "fathom-datamix", "fathom.hidden-states", "fathom.messaging.group-id", 1);
        for (String service : SERVICES) {
            assertThat(at(rendered.find("Deployment", "t-" + service), "spec")).asInstanceOf(MAP)
                    .doesNotContainKey("replicas");
            assertThat(at(rendered.find("ScaledObject", "t-" + service), "spec", "triggers", 0, "metadata",
                    "bootstrapServers")).isEqualTo("my-cluster-kafka-bootstrap:9092");
        }
    }

    @Test
    void renamedGroupsAndTopicsReachServiceAndScalerAlikeAndReplicasStopAtThePartitions() {
        Rendered rendered = render(chart.template().withName("t").withValuesFile(PRODUCTION_VALUES));
        assertScaler(rendered, "probe", "prod-probe", "prod.hidden-states", "fathom.messaging.group-id", 6);
        assertScaler(rendered, "datamix", "fathom-datamix", "prod.hidden-states", "fathom.messaging.group-id", 4);
        assertThat(rendered.properties("inference")).containsEntry("fathom.messaging.topics.hidden-states",
                "prod.hidden-states").containsEntry("fathom.messaging.topics.generations", "prod.generations");
        // scoring without KEDA: fixed replicas, no scaler
        assertThat(rendered.find("ScaledObject", "t-scoring")).isNull();
        assertThat(at(rendered.find("Deployment", "t-scoring"), "spec", "replicas")).isEqualTo(2);
    }

    @Test
    void podsRunAsNonRootOnAReadOnlyRootWithAWritableTmp() {
        Rendered rendered = render(chart.template().withName("t"));
        for (String service : SERVICES) {
            Map<String, Object> pod = rendered.podSpec(service);
            assertThat(at(pod, "securityContext", "runAsNonRoot")).isEqualTo(true);
            assertThat(at(pod, "securityContext", "runAsUser")).isEqualTo(185);
            Map<String, Object> container = rendered.container(service);
            assertThat(at(container, "securityContext", "readOnlyRootFilesystem")).isEqualTo(true);
            assertThat(at(container, "securityContext", "allowPrivilegeEscalation")).isEqualTo(false);
            assertThat(at(container, "securityContext", "capabilities", "drop")).isEqualTo(List.of("ALL"));
            assertThat(mounts(container)).containsEntry("tmp", "/tmp");
            assertThat(volume(pod, "tmp")).containsKey("emptyDir");
        }
    }

    @Test
    void spillDirectoriesAndTheManifestSinkAreVolumesTheServicesAreToldAbout() {
        Rendered rendered = render(chart.template().withName("t"));
        for (String service : List.of("probe", "datamix")) {
            String spillSetting = service.equals("probe") ? "fathom.probe.data-dir" : "fathom.datamix.data-dir";
            assertThat(rendered.properties(service)).containsEntry(spillSetting, "/var/lib/fathom/spill");
            assertThat(mounts(rendered.container(service))).containsEntry("spill", "/var/lib/fathom/spill");
            assertThat(at(volume(rendered.podSpec(service), "spill"), "emptyDir", "sizeLimit")).isEqualTo("20Gi");
        }
        assertThat(rendered.properties("datamix")).containsEntry("fathom.datamix.sink-dir", "/var/lib/fathom/mixtures");
        assertThat(mounts(rendered.container("datamix"))).containsEntry("manifests", "/var/lib/fathom/mixtures");
        assertThat(at(volume(rendered.podSpec("datamix"), "manifests"), "persistentVolumeClaim", "claimName"))
                .isEqualTo("t-datamix-manifests");
        Map<String, Object> claim = rendered.find("PersistentVolumeClaim", "t-datamix-manifests");
        assertThat(at(claim, "spec", "resources", "requests", "storage")).isEqualTo("10Gi");
        assertThat(at(claim, "metadata", "annotations", "helm.sh/resource-policy")).isEqualTo("keep");
        assertThat(rendered.ofKind("PersistentVolumeClaim")).hasSize(1);
        assertThat(mounts(rendered.container("scoring"))).containsOnlyKeys("config", "tmp");

        Rendered production = render(chart.template().withName("t").withValuesFile(PRODUCTION_VALUES));
        assertThat(at(volume(production.podSpec("probe"), "spill"), "emptyDir", "sizeLimit")).isEqualTo("100Gi");
        assertThat(at(volume(production.podSpec("datamix"), "manifests"), "persistentVolumeClaim", "claimName"))
                .isEqualTo("mixtures-rwx");
        assertThat(production.ofKind("PersistentVolumeClaim")).isEmpty();
    }

    @Test
    void kafkaSettingsGoToEveryServiceAndCredentialsComeFromASecret() {
        Rendered rendered = render(chart.template().withName("t").withValuesFile(PRODUCTION_VALUES));
        Map<String, Object> secret = rendered.find("Secret", "t-kafka");
        assertThat(at(secret, "stringData")).isEqualTo(Map.of("KAFKA_BOOTSTRAP_SERVERS", "kafka.prod:9093",
                "KAFKA_SASL_JAAS_CONFIG",
                "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"fathom\" password=\"s3cret\";"));
        for (String service : SERVICES) {
            assertThat(rendered.properties(service)).containsEntry("kafka.security.protocol", "SASL_SSL")
                    .containsEntry("kafka.sasl.mechanism", "SCRAM-SHA-512").doesNotContainKey("kafka.bootstrap.servers")
                    .doesNotContainKey("kafka.sasl.jaas.config");
            assertThat(at(rendered.container(service), "envFrom", 0, "secretRef", "name")).isEqualTo("t-kafka");
        }
        for (String service : List.of("inference", "probe", "datamix")) {
            Map<String, Object> trigger = mapAt(rendered.find("ScaledObject", "t-" + service), "spec", "triggers", 0);
            assertThat(at(trigger, "metadata", "bootstrapServersFromEnv")).isEqualTo("KAFKA_BOOTSTRAP_SERVERS");
            assertThat(at(trigger, "authenticationRef", "name")).isEqualTo("fathom-kafka-keda");
        }
        // the configuration (not the Secret) is what rolls the pods
        assertThat(rendered.configMap("probe")).doesNotContain("s3cret");

        Rendered existing = render(chart.template().withName("t").set("kafka.existingSecret", "fathom-kafka"));
        assertThat(existing.ofKind("Secret")).isEmpty();
        assertThat(at(existing.container("scoring"), "envFrom", 0, "secretRef", "name")).isEqualTo("fathom-kafka");
        assertThat(render(chart.template().withName("t")).container("scoring")).doesNotContainKey("envFrom");
    }

    @Test
    void strimziTopicsHaveThePartitionsAndSizesOfTheEvents() {
        Rendered rendered = render(chart.template().withName("t").withValuesFile(PRODUCTION_VALUES));
        Map<String, Map<String, Object>> topics = rendered.ofKind("KafkaTopic").stream()
                .collect(Collectors.toMap(t -> (String) at(t, "spec", "topicName"), t -> t));
        assertThat(topics).containsOnlyKeys("fathom.requests", "prod.hidden-states", "prod.generations",
                "fathom.results", "fathom.suite-outcomes", "fathom.runs", "fathom.dead-letter");
        Map<String, Object> hiddenStates = topics.get("prod.hidden-states");
        assertThat(at(hiddenStates, "metadata", "name")).isEqualTo("prod-hidden-states");
        assertThat(at(hiddenStates, "metadata", "labels", "strimzi.io/cluster")).isEqualTo("prod");
        assertThat(at(hiddenStates, "spec", "partitions")).isEqualTo(6);
        assertThat(at(hiddenStates, "spec", "config", "max.message.bytes")).isEqualTo("2097152");
        assertThat(at(topics.get("fathom.requests"), "spec", "config", "max.message.bytes")).isEqualTo("10485760");
        assertThat(at(topics.get("fathom.dead-letter"), "spec", "config", "max.message.bytes")).isEqualTo("16777216");
        assertThat(at(topics.get("prod.generations"), "spec", "partitions")).isEqualTo(12);
    }

    @Test
    void tritonModelsAndJudgesGetTheirAddress() {
        Rendered rendered = render(chart.template().withName("t").withValuesFile(PRODUCTION_VALUES));
        assertThat(rendered.properties("inference"))
                .containsEntry("fathom.inference.models.\"llama-cc\".backend", "triton")
                .containsEntry("fathom.inference.models.\"llama-cc\".version", "peft-e3")
                .containsEntry("fathom.inference.models.\"llama-cc\".max-tokens", "2048")
                .containsEntry("fathom.inference.models.\"llama-cc\".triton.address", "triton.gpu.svc:8001")
                .containsEntry("fathom.inference.models.\"llama-cc\".triton.model", "fathom_hf")
                .containsEntry("fathom.inference.models.\"llama-cc\".triton.hidden-state-outputs",
                        "mean=hidden_mean,last=hidden_last");
        assertThat(rendered.properties("scoring"))
                .containsEntry("fathom.scoring.judges.\"judge-8b\".address", "judges.gpu.svc:8001")
                .containsEntry("fathom.scoring.judges.\"judge-8b\".generation.convention", "vllm");
        assertThatThrownBy(() -> chart.template().withName("t")
                .set("services.inference.tritonModels.llama-cc.version", "1").call())
                .hasMessageContaining("Triton model \"llama-cc\" has no address");
    }

    @Test
    void networkPoliciesOpenOnlyTheHttpPortAndKafkaDnsAndTriton() {
        Rendered rendered = render(chart.template().withName("t").withValuesFile(PRODUCTION_VALUES));
        Map<String, Object> inference = rendered.find("NetworkPolicy", "t-inference");
        assertThat(at(inference, "spec", "ingress", 0, "ports", 0, "port")).isEqualTo("http");
        assertThat(at(inference, "spec", "ingress", 0, "from", 0, "namespaceSelector", "matchLabels",
                "kubernetes.io/metadata.name")).isEqualTo("monitoring");
        assertThat(egressPorts(inference)).containsExactly(53, 53, 9092, 9093, 8001);
        assertThat(egressPorts(rendered.find("NetworkPolicy", "t-probe"))).containsExactly(53, 53, 9092, 9093);
        assertThat(render(chart.template().withName("t").set("networkPolicy.enabled", "false"))
                .ofKind("NetworkPolicy")).isEmpty();
    }

    @Test
    void serviceMonitorsScrapeEveryService() {
        Rendered rendered = render(chart.template().withName("t").withValuesFile(PRODUCTION_VALUES));
        for (String service : SERVICES) {
            Map<String, Object> monitor = rendered.find("ServiceMonitor", "t-" + service);
            assertThat(at(monitor, "spec", "endpoints", 0, "path")).isEqualTo("/q/metrics");
            assertThat(at(monitor, "spec", "selector", "matchLabels")).isEqualTo(
                    at(rendered.find("Service", "t-" + service), "spec", "selector"));
        }
    }

    @Test
    void aServiceCanBeLeftOut() {
        Rendered rendered = render(chart.template().withName("t").set("services.datamix.enabled", "false"));
        assertThat(rendered.ofKind("Deployment")).hasSize(3);
        assertThat(rendered.find("Deployment", "t-datamix")).isNull();
        assertThat(rendered.ofKind("PersistentVolumeClaim")).isEmpty();
    }

    @Test
    void dashboardsAreConfigMapsForGrafanasSidecar() {
        Rendered rendered = render(chart.template().withName("t"));
        Map<String, Object> dashboard = rendered.find("ConfigMap", "t-dashboard-fathom-inference");
        assertThat(at(dashboard, "metadata", "labels", "grafana_dashboard")).isEqualTo("1");
        assertThat((String) at(dashboard, "data", "fathom-inference.json")).contains("fathom_inference_items_total")
                .contains("kafka_consumer_fetch_manager_records_lag_max");
        Map<String, Object> consumers = rendered.find("ConfigMap", "t-dashboard-fathom-consumers");
        assertThat(at(consumers, "metadata", "labels", "grafana_dashboard")).isEqualTo("1");
        assertThat((String) at(consumers, "data", "fathom-consumers.json")).contains("fathom_consumer_records_total")
                .contains("fathom_consumer_units_open").contains("fathom_datamix_examples_total")
                .contains("fathom_errors_total").contains("fathom_dead_letters_total");
        Map<String, Object> evaluation = rendered.find("ConfigMap", "t-dashboard-fathom-evaluation");
        assertThat((String) at(evaluation, "data", "fathom-evaluation.json")).contains("fathom_eval_probe_accuracy")
                .contains("fathom_eval_rubric_overall").contains("fathom_eval_pdr");
        assertThat(render(chart.template().withName("t").set("dashboards.enabled", "false")).ofKind("ConfigMap"))
                .hasSize(SERVICES.size());
    }

    private static void assertScaler(Rendered rendered, String service, String group, String topic,
            String groupSetting, int maxReplicas) {
        Map<String, Object> scaledObject = rendered.find("ScaledObject", "t-" + service);
        assertThat(at(scaledObject, "spec", "scaleTargetRef", "name")).isEqualTo("t-" + service);
        assertThat(at(scaledObject, "spec", "maxReplicaCount")).as(service).isEqualTo(maxReplicas);
        Map<String, Object> trigger = mapAt(scaledObject, "spec", "triggers", 0);
        assertThat(trigger.get("type")).isEqualTo("kafka");
        assertThat(at(trigger, "metadata", "consumerGroup")).as(service).isEqualTo(group);
        assertThat(at(trigger, "metadata", "topic")).as(service).isEqualTo(topic);
        assertThat(at(trigger, "metadata", "offsetResetPolicy")).isEqualTo("earliest");
        // what the service itself is told: its group, and the topic under the name its consumer reads
        Properties properties = rendered.properties(service);
        assertThat(properties.getProperty(groupSetting)).as(service).isEqualTo(group);
        String topicSetting = "fathom.messaging.topics." + TOPIC_KEYS.get(service);
        assertThat(properties.getProperty(topicSetting)).as(service).isEqualTo(topic);
    }

    private static List<Integer> egressPorts(Map<String, Object> policy) {
        List<Integer> ports = new ArrayList<>();
        for (Map<String, Object> rule : listOf(at(policy, "spec", "egress"))) {
            for (Map<String, Object> port : listOf(rule.get("ports"))) {
                ports.add((Integer) port.get("port"));
            }
        }
        return ports;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> listOf(Object value) {
        return (List<Map<String, Object>>) value;
    }

    private static Map<String, String> env(Map<String, Object> container) {
        return listOf(container.get("env")).stream()
                .collect(Collectors.toMap(e -> (String) e.get("name"), e -> (String) e.get("value")));
    }

    private static Map<String, String> mounts(Map<String, Object> container) {
        return listOf(container.get("volumeMounts")).stream()
                .collect(Collectors.toMap(m -> (String) m.get("name"), m -> (String) m.get("mountPath")));
    }

    private static Map<String, Object> volume(Map<String, Object> podSpec, String name) {
        return listOf(podSpec.get("volumes")).stream().filter(v -> name.equals(v.get("name"))).findFirst()
                .orElseThrow(() -> new AssertionError("no volume " + name));
    }

    /** The value at a path of map keys and list indexes, or null where the path ends early. */
    private static Object at(Object node, Object... path) {
        Object current = node;
        for (Object step : path) {
            if (current instanceof Map<?, ?> map) {
                current = map.get(step);
            } else if (current instanceof List<?> list && step instanceof Integer index && index < list.size()) {
                current = list.get(index);
            } else {
                return null;
            }
        }
        return current;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> mapAt(Object node, Object... path) {
        return (Map<String, Object>) at(node, path);
    }

    private static Rendered render(TemplateCommand command) {
        return new Rendered(command.call());
    }

    /** The objects of one rendering. */
    private record Rendered(List<Map<String, Object>> objects) {

        @SuppressWarnings("unchecked")
        Rendered(String yaml) {
            this(new ArrayList<>());
            for (Object document : new Yaml().loadAll(yaml)) {
                if (document != null) {
                    objects.add((Map<String, Object>) document);
                }
            }
        }

        List<Map<String, Object>> ofKind(String kind) {
            return objects.stream().filter(o -> kind.equals(o.get("kind"))).toList();
        }

        Map<String, Object> find(String kind, String name) {
            return ofKind(kind).stream().filter(o -> name.equals(at(o, "metadata", "name"))).findFirst().orElse(null);
        }

        Map<String, Object> podSpec(String service) {
            Map<String, Object> deployment = find("Deployment", "t-" + service);
            assertThat(deployment).as("Deployment of " + service).isNotNull();
            return mapAt(deployment, "spec", "template", "spec");
        }

        Map<String, Object> container(String service) {
            return mapAt(podSpec(service), "containers", 0);
        }

        String configMap(String service) {
            return (String) at(find("ConfigMap", "t-" + service), "data", "application.properties");
        }

        Properties properties(String service) {
            Properties properties = new Properties();
            try {
                properties.load(new StringReader(configMap(service)));
            } catch (IOException e) {
                throw new AssertionError(e);
            }
            return properties;
        }
    }
}
