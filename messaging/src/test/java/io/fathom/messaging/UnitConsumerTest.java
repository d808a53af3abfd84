package io.fathom.messaging;

import io.fathom.messaging.metrics.ResultMeters;

import static org.assertj.core.api.Assertions.assertThat;

import io.fathom.contracts.RecordHeaders;
import io.fathom.contracts.result.ErrorCode;
import io.fathom.contracts.result.ErrorEvent;
import io.fathom.contracts.result.ProgressEvent;
import io.fathom.contracts.result.ResultEvent;
import io.fathom.testsupport.EmbeddedKafka;
import io.fathom.testsupport.RunResults;
import io.fathom.testsupport.TestTopics;
import io.fathom.testsupport.TopicReader;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Headers;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The consumer core's commit rule, dead letters and stop, through the embedded broker, with a unit
 * logic of the simplest kind: records keyed {@code run/unit} carry text, "end" completes the unit,
 * "poison" cannot be used, and a complete unit publishes one final progress event.
 */
class UnitConsumerTest {

    static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final List<UnitConsumer<?, ?>> started = new ArrayList<>();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    /** Texts of one unit; complete on "end". */
    static final class TextUnits implements UnitLogic<List<String>, String> {
        private final Publisher publisher;

        TextUnits(Publisher publisher) {
            this.publisher = publisher;
        }

        @Override
        public String service() {
            return "test";
        }

        @Override
        public boolean wants(Headers headers) {
            return true;
        }

        @Override
        public Read<String> read(ConsumerRecord<String, byte[]> record) {
            String text = new String(record.value(), StandardCharsets.UTF_8);
            if (text.equals("poison")) {
                throw new UnusableRecordException(null, ErrorCode.MALFORMED_PAYLOAD, "poison is not a text");
            }
            String[] key = record.key().split("/");
            return new Read<>(new UnitId(key[0], key[1]), text);
        }

        @Override
        public List<String> open(UnitId id) {
            return new ArrayList<>(List.of(id.runId(), id.name()));
        }

        @Override
        public Added add(List<String> unit, String text, Consumer<ResultEvent> report) {
            if (unit.contains(text)) {
                return Added.DUPLICATE;
            }
            unit.add(text);
            return text.equals("end") ? Added.COMPLETE : Added.ADDED;
        }

        @Override
        public Output complete(List<String> unit) {
            return new Output(List.of(), List.of(publisher.result(ProgressEvent.of(unit.get(0), "test", null, null,
                    ProgressEvent.Status.COMPLETED, unit.size() - 2, unit.size() - 2, 0, 0))));
        }

        @Override
        public Output failed(List<String> unit, RuntimeException cause) {
            throw new AssertionError("no unit fails here", cause);
        }

        @Override
        public Output expire(List<String> unit, Duration waited) {
            throw new AssertionError("no unit expires here");
        }

        @Override
        public void release(List<String> unit) {
            unit.clear();
        }
    }

    @AfterEach
    void stop() {
        started.forEach(UnitConsumer::stop);
    }

    @Test
    void offsetsWaitForOpenUnitsAcrossAGracefulStopAndTheNextInstanceCompletesThem() {
        String prefix = "unitcore1.";
        String topic = prefix + "hidden-states";
        TestTopics.createServiceTopics(prefix, 1);
        List<Long> first = TopicReader.sendAll(topic, "open/a", List.of(bytes("one"), bytes("two")));
        TopicReader.sendAll(topic, "done/b", List.of(bytes("x"), bytes("end")));
        UnitConsumer<?, ?> one = start(prefix);
        RunResults.awaitRunEnd(prefix + "results", "done", "test", TIMEOUT);
        Awaitility.await().atMost(TIMEOUT).until(() -> TestTopics.committed(prefix + "group", topic, 0)
                == first.get(0));
        one.stop();
        assertThat(TestTopics.committed(prefix + "group", topic, 0)).as("a graceful stop keeps the open unit's offsets")
                .isEqualTo(first.get(0));

        List<Long> last = TopicReader.sendAll(topic, "open/a", List.of(bytes("three"), bytes("end")));
        start(prefix);
        ProgressEvent open = RunResults.awaitRunEnd(prefix + "results", "open", "test", TIMEOUT);
        assertThat(open.done()).as("the replay brings back what the stopped instance had read").isEqualTo(4);
        Awaitility.await().atMost(TIMEOUT).until(() -> TestTopics.committed(prefix + "group", topic, 0)
                == last.get(1) + 1);
        assertThat(RunResults.publications(prefix + "results", "done").values()).as("b published once")
                .containsOnly(1L);
    }

    @Test
    void anUnusableRecordBecomesAnErrorAndADeadLetterAndTheLoopGoesOn() {
        String prefix = "unitcore2.";
        String topic = prefix + "hidden-states";
        TestTopics.createServiceTopics(prefix, 1);
        List<Long> offsets = TopicReader.sendAll(topic, "run/u", List.of(bytes("poison"), bytes("a"), bytes("end")));
        UnitConsumer<?, ?> consumer = start(prefix);
        assertThat(registry.get("fathom.errors").tag("code", "MALFORMED_PAYLOAD").counter().count())
                .as("registered at start-up, so that Prometheus scrapes it at 0 before the first error").isZero();
        assertThat(registry.get("fathom.consumer.records").tag("outcome", "rejected").counter().count()).isZero();
        RunResults.awaitRunEnd(prefix + "results", "run", "test", TIMEOUT);
        ConsumerRecord<String, byte[]> dead = TopicReader.await(prefix + "dead-letter", r -> true, TIMEOUT);
        assertThat(new String(dead.value(), StandardCharsets.UTF_8)).isEqualTo("poison");
        assertThat(RecordHeaders.get(dead.headers(), RecordHeaders.DEAD_LETTER_REASON)).contains("poison is not a text");
        assertThat(RecordHeaders.get(dead.headers(), RecordHeaders.DEAD_LETTER_TOPIC)).isEqualTo(topic);
        assertThat(RecordHeaders.get(dead.headers(), RecordHeaders.DEAD_LETTER_OFFSET))
                .isEqualTo(String.valueOf(offsets.get(0)));
        ErrorEvent error = (ErrorEvent) TopicReader.readAll(prefix + "results").stream()
                .map(r -> RunResults.parse(r.value())).filter(e -> e instanceof ErrorEvent).findFirst().orElseThrow();
        assertThat(error.code()).isEqualTo(ErrorCode.MALFORMED_PAYLOAD);
        assertThat(error.scope()).isEqualTo(topic + "-0@" + offsets.get(0));
        Awaitility.await().atMost(TIMEOUT).until(() -> TestTopics.committed(prefix + "group", topic, 0) == 3);
        assertThat(consumer.alive()).isTrue();
        assertThat(consumer.problem()).isNull();
        Awaitility.await().atMost(TIMEOUT).untilAsserted(() -> {
            assertThat(registry.get("fathom.errors").tag("code", "MALFORMED_PAYLOAD").counter().count()).isEqualTo(1);
            assertThat(registry.get("fathom.dead.letters").counter().count()).isEqualTo(1);
            assertThat(registry.get("fathom.results").tag("type", "error").counter().count()).isEqualTo(1);
            assertThat(registry.get("fathom.consumer.records").tag("outcome", "rejected").counter().count())
                    .isEqualTo(1);
            for (String stage : List.of("collect", "queue", "compute", "publish")) {
                assertThat(registry.get("fathom.consumer.stage").tag("stage", stage).timer().count()).as(stage)
                        .isEqualTo(1);
            }
        });
        assertThat(registry.get("fathom.errors").tag("code", "UNKNOWN_MODEL").counter().count()).isZero();
    }

    private UnitConsumer<?, ?> start(String prefix) {
        MessagingConfig config = config(prefix);
        KafkaClients clients = new KafkaClients(Map.of("bootstrap.servers", EmbeddedKafka.bootstrapServers()), registry,
                config);
        Publisher publisher = new Publisher(clients, config, registry, new ResultMeters(registry, config.evaluationSeries()));
        UnitConsumer<?, ?> consumer = new UnitConsumer<>(new TextUnits(publisher), new UnitConsumer.Settings("test",
                prefix + "hidden-states", prefix + "group"), clients, publisher, config, registry);
        consumer.start();
        started.add(consumer);
        return consumer;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** The defaults of {@link MessagingConfig}, on topics of the test's own. */
    static MessagingConfig config(String prefix) {
        return new MessagingConfig() {
            @Override
            public Topics topics() {
                return new Topics() {
                    @Override
                    public String requests() {
                        return prefix + "requests";
                    }

                    @Override
                    public String hiddenStates() {
                        return prefix + "hidden-states";
                    }

                    @Override
                    public String generations() {
                        return prefix + "generations";
                    }

                    @Override
                    public String results() {
                        return prefix + "results";
                    }

                    @Override
                    public String deadLetter() {
                        return prefix + "dead-letter";
                    }

                    @Override
                    public String suiteOutcomes() {
                        return prefix + "suite-outcomes";
                    }

                    @Override
                    public String runs() {
                        return prefix + "runs";
                    }
                };
            }

            @Override
            public Optional<String> groupId() {
                return Optional.of(prefix + "group");
            }

            @Override
            public Duration unitTimeout() {
                return Duration.ofHours(24);
            }

            @Override
            public int finishedMemory() {
                return 10_000;
            }

            @Override
            public int maxQueuedUnits() {
                return 4;
            }

            @Override
            public int workThreads() {
                return 2;
            }

            @Override
            public int publishAttempts() {
                return 6;
            }

            @Override
            public Duration publishBackoff() {
                return Duration.ofSeconds(1);
            }

            @Override
            public int maxRecordBytes() {
                return EmbeddedKafka.MAX_MESSAGE_BYTES;
            }

            @Override
            public int evaluationSeries() {
                return 100;
            }
        };
    }
}
