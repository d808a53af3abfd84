package io.fathom.testsupport;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.RemoveMembersFromConsumerGroupOptions;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;

/** Topics and consumer groups on the embedded broker, for tests that run services on topics of their own. */
public final class TestTopics {

    private TestTopics() {
    }

    /** The environment that points a service's consumer core at topics named {@code prefix + <topic>}. */
    public static Map<String, String> serviceEnv(String prefix, String groupId) {
        Map<String, String> env = new HashMap<>();
        env.put("KAFKA_BOOTSTRAP_SERVERS", EmbeddedKafka.bootstrapServers());
        env.put("FATHOM_MESSAGING_TOPICS_HIDDEN_STATES", prefix + "hidden-states");
        env.put("FATHOM_MESSAGING_TOPICS_GENERATIONS", prefix + "generations");
        env.put("FATHOM_MESSAGING_TOPICS_RESULTS", prefix + "results");
        env.put("FATHOM_MESSAGING_TOPICS_DEAD_LETTER", prefix + "dead-letter");
        env.put("FATHOM_MESSAGING_TOPICS_SUITE_OUTCOMES", prefix + "suite-outcomes");
        env.put("FATHOM_MESSAGING_TOPICS_RUNS", prefix + "runs");
        env.put("FATHOM_MESSAGING_GROUP_ID", groupId);
        env.put("QUARKUS_LOG_CATEGORY__IO_FATHOM_MESSAGING__LEVEL", "DEBUG");
        return env;
    }

    /** Creates the topics a service's consumer core uses under {@code prefix}, its input topics with {@code partitions}. */
    public static void createServiceTopics(String prefix, int partitions) {
        create(prefix + "hidden-states", partitions);
        create(prefix + "generations", partitions);
        create(prefix + "suite-outcomes", partitions);
        create(prefix + "results", 1);
        create(prefix + "dead-letter", 1);
    }

    public static void create(String topic, int partitions) {
        try (Admin admin = admin()) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("cannot create " + topic, e);
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot create " + topic, e);
        }
    }

    /** The group's committed offset of one partition, or -1. */
    public static long committed(String groupId, String topic, int partition) {
        try (Admin admin = admin()) {
            OffsetAndMetadata offset = admin.listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata()
                    .get(10, TimeUnit.SECONDS).get(new TopicPartition(topic, partition));
            return offset == null ? -1 : offset.offset();
        } catch (Exception e) {
            return -1;
        }
    }

    /**
     * Evicts every member of a group: what the broker does to a killed member after its session
     * timeout (45 s), only sooner, so that a restarted member need not wait for it.
     */
    public static void evictMembers(String groupId) {
        try (Admin admin = admin()) {
            admin.removeMembersFromConsumerGroup(groupId, new RemoveMembersFromConsumerGroupOptions()).all()
                    .get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot evict the members of " + groupId, e);
        }
    }

    private static Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, EmbeddedKafka.bootstrapServers()));
    }
}
