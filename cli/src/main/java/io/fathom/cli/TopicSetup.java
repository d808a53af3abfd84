package io.fathom.cli;

import io.fathom.contracts.Topics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * Creates fathom's topics where they are missing, with sizes and limits that fit its payloads
 * (docs/events.md). Existing topics are left as they are.
 */
final class TopicSetup {

    private static final int MIB = 1024 * 1024;

    /** Partitions and topic configs of each fathom topic. */
    record Spec(String name, int partitions, Map<String, String> configs) {
    }

    static final List<Spec> SPECS = List.of(
            new Spec(Topics.REQUESTS, 3, Map.of("max.message.bytes", String.valueOf(10 * MIB))),
            // the producer caps events at 1 MiB; the topic allows a compressed batch of them
            new Spec(Topics.HIDDEN_STATES, 6, Map.of("max.message.bytes", String.valueOf(2 * MIB),
                    "retention.ms", String.valueOf(7L * 24 * 3600 * 1000))),
            // a scored suite's definition is one record, as large as the request that carried it
            new Spec(Topics.GENERATIONS, 6, Map.of("max.message.bytes", String.valueOf(10 * MIB),
                    "retention.ms", String.valueOf(30L * 24 * 3600 * 1000))),
            new Spec(Topics.RESULTS, 3, Map.of("retention.ms", String.valueOf(30L * 24 * 3600 * 1000))),
            // read back only while a run is open (fathom.messaging.unit-timeout, 24 h by default)
            new Spec(Topics.SUITE_OUTCOMES, 3, Map.of("retention.ms", String.valueOf(7L * 24 * 3600 * 1000))),
            // one small record per run id ever submitted, kept (compacted, never deleted): a run id stays an identity
            new Spec(Topics.RUNS, 1, Map.of("cleanup.policy", "compact")),
            // holds oversized requests too, up to the requests topic's limit plus record overhead
            new Spec(Topics.DEAD_LETTER, 1, Map.of("max.message.bytes", String.valueOf(16 * MIB),
                    "retention.ms", String.valueOf(30L * 24 * 3600 * 1000))));

    private TopicSetup() {
    }

    /** Creates the missing topics and returns their names. */
    static List<String> ensure(Admin admin) {
        try {
            Set<String> existing = admin.listTopics().names().get();
            int brokers = admin.describeCluster().nodes().get().size();
            short replication = (short) Math.min(3, brokers);
            List<NewTopic> missing = new ArrayList<>();
            for (Spec spec : SPECS) {
                if (!existing.contains(spec.name())) {
                    missing.add(new NewTopic(spec.name(), spec.partitions(), replication).configs(spec.configs()));
                }
            }
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get();
            }
            return missing.stream().map(NewTopic::name).toList();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not create fathom topics: " + e.getCause().getMessage(),
                    e.getCause());
        }
    }
}
