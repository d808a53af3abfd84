package io.fathom.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fathom.testsupport.PackagedService;
import io.fathom.testsupport.ScramKafka;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * fathom on a cluster that requires SASL/SCRAM: the packaged inference, probe and scoring services
 * and the packaged CLI take their credentials from configuration alone (environment for the
 * services, a client properties file for the CLI) and run a small probing and scoring run to its
 * end. Wrong credentials fail fast with a message that says so, and no log holds the password.
 */
class SecureClusterIT {

    static final Duration TIMEOUT = Duration.ofMinutes(4);
    static final String REQUEST = """
            {"schemaVersion": 1, "runId": "secure-run", "models": ["all-minilm-l6-v2"],
             "suites": [
              {"name": "who-speaks", "kind": "probing", "items": [
                {"id": "1", "text": "How can I help you today?", "label": "agent", "split": "train"},
                {"id": "2", "text": "My internet is down again.", "label": "customer", "split": "train"},
                {"id": "3", "text": "Let me check your account.", "label": "agent", "split": "train"},
                {"id": "4", "text": "I was charged twice this month.", "label": "customer", "split": "train"},
                {"id": "5", "text": "Thanks for waiting, I have found it.", "label": "agent", "split": "dev"},
                {"id": "6", "text": "Why is my bill so high?", "label": "customer", "split": "dev"},
                {"id": "7", "text": "Is there anything else I can do?", "label": "agent", "split": "test"},
                {"id": "8", "text": "The router keeps blinking red.", "label": "customer", "split": "test"}]},
              {"name": "refunds", "kind": "questions", "questions": [
                {"id": "q1", "domain": "in-domain", "topic": "refunds", "question": "How are refunds handled?",
                 "reference": "Refunds are issued within five working days and a confirmation email follows."}],
               "responses": [{"model": "all-minilm-l6-v2", "questionId": "q1",
                 "answer": "Refunds arrive within five working days, followed by an email."}]}]}
            """;

    @TempDir
    Path dir;

    @Test
    void everyServiceAndTheCliRunThroughScramWithCredentialsFromConfiguration() throws Exception {
        Path config = clientConfig(ScramKafka.PASSWORD);
        assertThat(cli("topics", "--bootstrap", ScramKafka.bootstrapServers(), "--client-config", config.toString()))
                .isZero();
        List<PackagedService> services = new ArrayList<>();
        try {
            for (String service : List.of("inference", "probe", "scoring")) {
                services.add(PackagedService.start("secure-" + service, PackagedCli.serviceJar(service), serviceEnv(ScramKafka.PASSWORD)));
            }
            for (PackagedService service : services) {
                service.await(service.name() + " ready", TIMEOUT, () -> service.health("ready") == 200);
            }
            Path request = Files.writeString(dir.resolve("run.json"), REQUEST);
            assertThat(cli("submit", request.toString(), "--wait", "--timeout", "240", "--bootstrap",
                    ScramKafka.bootstrapServers(), "--client-config", config.toString())).as(output()).isZero();
            assertThat(output()).contains("[inference] COMPLETED run").contains("[probe] COMPLETED run")
                    .contains("[scoring] COMPLETED run");
        } finally {
            for (PackagedService service : services) {
                service.close();
            }
        }
        for (PackagedService service : services) {
            assertThat(service.output()).as("log of %s", service.name()).doesNotContain(ScramKafka.PASSWORD);
        }
        assertThat(output()).doesNotContain(ScramKafka.PASSWORD);
    }

    @Test
    void wrongCredentialsFailFastWithAClearMessage() throws Exception {
        String wrong = "not-the-password";
        long started = System.nanoTime();
        assertThat(cli("topics", "--bootstrap", ScramKafka.bootstrapServers(), "--client-config",
                clientConfig(wrong).toString())).isEqualTo(FathomCli.KAFKA_ERROR);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(60));
        assertThat(output()).contains("Authentication failed").doesNotContain(wrong);

        // the consumer core (probe and scoring alike) stops its loop and says why; liveness asks for a restart
        try (PackagedService probe = PackagedService.start("secure-probe-wrong", PackagedCli.serviceJar("probe"), serviceEnv(wrong))) {
            probe.await("the probe-service reports that it cannot go on", TIMEOUT, () -> probe.health("live") == 503);
            assertThat(probe.get("/q/health/ready")).contains("refused the configured credentials");
            assertThat(probe.output()).contains("refused the configured credentials").doesNotContain(wrong);
        }
        // the inference-service's SmallRye channel reports the failure through readiness
        try (PackagedService inference = PackagedService.start("secure-inference-wrong", PackagedCli.serviceJar("inference"),
                serviceEnv(wrong))) {
            inference.await("the inference-service says why it is not ready", TIMEOUT,
                    () -> inference.health("ready") == 503 && logged(inference, "Authentication failed"));
            assertThat(inference.output()).doesNotContain(wrong);
        }
    }

    private static boolean logged(PackagedService service, String text) {
        try {
            return service.output().contains(text);
        } catch (IOException e) {
            return false;
        }
    }

    private Map<String, String> serviceEnv(String password) throws IOException {
        Map<String, String> env = new HashMap<>();
        env.put("KAFKA_BOOTSTRAP_SERVERS", ScramKafka.bootstrapServers());
        ScramKafka.clientProperties(ScramKafka.USER, password).forEach((key, value) ->
                env.put("KAFKA_" + key.toUpperCase().replace('.', '_'), value));
        env.put("FATHOM_PROBE_DATA_DIR", Files.createDirectories(dir.resolve("probe-data")).toString());
        return env;
    }

    private Path clientConfig(String password) throws IOException {
        Properties properties = new Properties();
        properties.putAll(ScramKafka.clientProperties(ScramKafka.USER, password));
        Path file = dir.resolve("client-" + password.hashCode() + ".properties");
        try (var writer = Files.newBufferedWriter(file)) {
            properties.store(writer, null);
        }
        return file;
    }

    private int cli(String... args) throws Exception {
        return new PackagedCli(dir, TIMEOUT).run(args);
    }

    private String output() {
        return new PackagedCli(dir, TIMEOUT).output();
    }
}
