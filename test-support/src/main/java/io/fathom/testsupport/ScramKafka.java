package io.fathom.testsupport;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.smallrye.reactive.messaging.kafka.companion.test.EmbeddedKafkaBroker;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.Endpoint;
import org.apache.kafka.common.security.auth.SecurityProtocol;

/**
 * A second real KRaft broker in the test JVM whose client listener demands SASL/SCRAM-SHA-512
 * (SASL_PLAINTEXT), for tests that services and the CLI authenticate with configured credentials
 * and fail clearly on wrong ones. Started once per JVM, like {@link EmbeddedKafka}; as a Quarkus
 * test resource it sets {@code kafka.bootstrap.servers} and the {@code kafka.sasl.*} settings for
 * {@link #USER}. A PLAINTEXT listener stays open for test setup and the broker's own traffic.
 */
public class ScramKafka implements QuarkusTestResourceLifecycleManager {

    public static final String MECHANISM = "SCRAM-SHA-512";
    public static final String USER = "fathom-test";
    public static final String PASSWORD = "q7Vd-3mXk9-Tz2Lw";

    private static final String HOST = "127.0.0.1";

    private static EmbeddedKafkaBroker broker;
    private static String saslServers;
    private static String plaintextServers;

    /** host:port of the SASL_PLAINTEXT listener, starting the broker on first use. */
    public static synchronized String bootstrapServers() {
        if (broker == null) {
            startBroker();
        }
        return saslServers;
    }

    /** host:port of the unauthenticated listener: for creating topics or users in test setup only. */
    public static synchronized String plaintextBootstrapServers() {
        bootstrapServers();
        return plaintextServers;
    }

    /** Kafka client settings that log in as the given user over SCRAM-SHA-512. */
    public static Map<String, String> clientProperties(String user, String password) {
        return Map.of(
                "security.protocol", SecurityProtocol.SASL_PLAINTEXT.name,
                "sasl.mechanism", MECHANISM,
                "sasl.jaas.config", jaasConfig(user, password));
    }

    private static String jaasConfig(String user, String password) {
        // JAAS option values are quoted strings; a quote or backslash would end or escape them early
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + quote(user)
                + "\" password=\"" + quote(password) + "\";";
    }

    private static String quote(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    private static void startBroker() {
        String host = HOST;
        // endpoint(..., 0) picks a free port; the PLAINTEXT one must also be the broker's own
        // (kafkaPort) listener, or the companion binds it on a different port than it advertises
        Endpoint plain = EmbeddedKafkaBroker.endpoint(SecurityProtocol.PLAINTEXT, host, 0);
        Endpoint sasl = EmbeddedKafkaBroker.endpoint(SecurityProtocol.SASL_PLAINTEXT, host, 0);
        String saslListener = "listener.name." + SecurityProtocol.SASL_PLAINTEXT.name.toLowerCase(Locale.ROOT) + ".";
        EmbeddedKafkaBroker started = new EmbeddedKafkaBroker()
                .withKafkaHost(host)
                .withKafkaPort(plain.port())
                .withAdvertisedListeners(plain, sasl)
                .withDeleteLogDirsOnClose(true)
                .withAdditionalProperties(p -> {
                    // the companion binds extra listeners on every interface ("SASL_PLAINTEXT://:port")
                    p.put("listeners", p.getProperty("listeners").replace("://:", "://" + host + ":"));
                    // SCRAM only on the client listener; controller and inter-broker stay PLAINTEXT
                    p.put(saslListener + "sasl.enabled.mechanisms", MECHANISM);
                    // the broker side of SCRAM needs a login module but no credentials of its own
                    p.put(saslListener + MECHANISM.toLowerCase(Locale.ROOT) + ".sasl.jaas.config",
                            "org.apache.kafka.common.security.scram.ScramLoginModule required;");
                    EmbeddedKafka.configure(p);
                })
                .start();
        Runtime.getRuntime().addShutdownHook(new Thread(started::close, "scram-kafka-stop"));
        plaintextServers = host + ":" + plain.port();
        saslServers = host + ":" + sasl.port();
        createUser(USER, PASSWORD);
        // only now: a broker without the user must not be handed out by a later call
        broker = started;
    }

    /**
     * KRaft keeps SCRAM credentials in the metadata log, so the user is created through the admin API
     * (the companion cannot pass credentials to the storage format step) and then awaited until the
     * broker's metadata has it; authentication right after the controller's commit could still fail.
     */
    private static void createUser(String user, String password) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, plaintextServers))) {
            admin.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion(user,
                    new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 4096), password))).all().get();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            // describing all users: asking for a missing one by name fails instead of answering empty
            while (!admin.describeUserScramCredentials().all().get().containsKey(user)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("SCRAM user " + user + " did not reach the broker's metadata");
                }
                Thread.sleep(50);
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not create SCRAM user " + user, e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating SCRAM user " + user, e);
        }
    }

    @Override
    public Map<String, String> start() {
        Map<String, String> client = clientProperties(USER, PASSWORD);
        return Map.of(
                "kafka.bootstrap.servers", bootstrapServers(),
                "kafka.security.protocol", client.get("security.protocol"),
                "kafka.sasl.mechanism", client.get("sasl.mechanism"),
                "kafka.sasl.jaas.config", client.get("sasl.jaas.config"));
    }

    @Override
    public void stop() {
        // the broker outlives individual test classes; the shutdown hook stops it with the JVM
    }
}
