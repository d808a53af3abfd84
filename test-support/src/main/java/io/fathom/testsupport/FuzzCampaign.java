package io.fathom.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import io.fathom.contracts.RecordHeaders;
import io.fathom.contracts.result.ProgressEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Drives one consumer of a packaged service with {@link FuzzInputs} and accounts for every input:
 * a dead-letter copy with a reason (matched by its {@code dead-letter-offset}), or one of the
 * consumer's other counted outcomes (used, skipped, duplicate, late for the consumer core; a run
 * completed or failed for the inference-service). The service must stay live and ready throughout,
 * and the group's committed offset must reach the end of the topic (nothing stuck).
 *
 * <p>The number of inputs is {@code -Dfathom.fuzz.inputs} (a small default keeps {@code verify} fast).
 */
public final class FuzzCampaign {

    /**
     * The consumer under test: its input topic (one partition), consumer group, record key,
     * the metric series that counts its records by {@code outcome}, and the outcome whose every record
     * is dead-lettered (null where a rejection is an error result without a copy, as for requests).
     */
    public record Target(String consumer, String topic, String group, String key, String series,
            String deadLetteredOutcome, String deadLetterTopic, String resultsTopic) {
    }

    /** What a campaign saw, written to {@code target/fuzz-<consumer>.txt}. */
    public record Report(int inputs, Map<String, Integer> kinds, Map<String, Long> outcomes, int deadLetters,
            Map<String, Integer> errorCodes, int unmatched, int notLiveOrReady, long committed, long end,
            boolean alive, long seconds) {

        /** What went wrong: crashes, stuck commits, inputs without a reason, lost health; empty when nothing. */
        public List<String> failures() {
            List<String> out = new ArrayList<>();
            if (!alive) {
                out.add("the service died");
            }
            if (committed < end) {
                out.add("committed offset " + committed + " short of the end " + end);
            }
            if (unmatched > 0) {
                out.add(unmatched + " inputs without a dead letter or a counted outcome");
            }
            if (notLiveOrReady > 0) {
                out.add(notLiveOrReady + " health checks not live and ready");
            }
            return out;
        }
    }

    private static final Pattern OUTCOME = Pattern.compile("outcome=\"([^\"]+)\"");

    private FuzzCampaign() {
    }

    /** A downstream service's suites consumer, on {@code prefix + input} (hidden-states or generations). */
    public static Target suites(String service, String prefix, String input, String group, String key) {
        return core(service + "-suites", prefix + input, group, key, prefix);
    }

    /** A downstream service's run-outcomes consumer, on {@code prefix + "suite-outcomes"}. */
    public static Target runs(String service, String prefix, String group, String key) {
        return core(service + "-runs", prefix + "suite-outcomes", group + "-runs", key, prefix);
    }

    private static Target core(String consumer, String topic, String group, String key, String prefix) {
        return new Target(consumer, topic, group, key, "fathom_consumer_records_total{consumer=\"" + consumer + "\"",
                "rejected", prefix + "dead-letter", prefix + "results");
    }

    /**
     * A downstream service's environment for a campaign: its topics under {@code prefix}, and units
     * that a fuzz input opened and nothing completes given up after 10 s, so commits reach the end.
     */
    public static Map<String, String> env(String prefix, String group) {
        Map<String, String> env = new HashMap<>(TestTopics.serviceEnv(prefix, group));
        env.put("FATHOM_MESSAGING_UNIT_TIMEOUT", "10s");
        // thousands of rejections: debug lines for each would only slow the service down
        env.put("QUARKUS_LOG_CATEGORY__IO_FATHOM_MESSAGING__LEVEL", "INFO");
        return env;
    }

    /**
     * Both consumers of a downstream service, one after the other: its suites consumer on {@code
     * prefix + input} fed from {@code inputs} under key {@code runId/suite}, then its run-outcomes
     * consumer fed from {@code outcomes} under key {@code runId}.
     */
    public static List<Report> downstream(PackagedService service, String name, String prefix, String input,
            String group, String runId, String suite, List<byte[]> inputs, List<byte[]> outcomes) {
        service.await("ready", timeout(0), () -> service.health("ready") == 200);
        int count = inputs(300);
        Report suites = run(service, suites(name, prefix, input, group, runId + "/" + suite),
                FuzzInputs.stream(inputs, seed(), count), count, timeout(count));
        Report runs = run(service, runs(name, prefix, group, runId), FuzzInputs.stream(outcomes, seed(), count), count,
                timeout(count));
        return List.of(suites, runs);
    }

    /** Every report without a failure: each input accounted for, the service alive and healthy. */
    public static void assertPassed(List<Report> reports) {
        for (Report report : reports) {
            assertThat(report.failures()).as("%s", report).isEmpty();
        }
    }

    /**
     * After the campaigns: a good run's records, sent to {@code topic} under {@code key}, make {@code
     * serviceName} complete run {@code runId}, and the service is still live and ready.
     */
    public static void assertGoodRunCompletes(PackagedService service, String serviceName, String prefix,
            String topic, String key, String runId, List<byte[]> records) {
        TopicReader.sendAll(prefix + topic, key, records);
        ProgressEvent end = RunResults.awaitRunEnd(prefix + "results", runId, serviceName, timeout(0));
        assertThat(end.status()).isEqualTo(ProgressEvent.Status.COMPLETED);
        assertThat(service.health("live")).isEqualTo(200);
        assertThat(service.health("ready")).isEqualTo(200);
    }

    /** Time for a campaign: a few minutes plus a little per input, on a shared machine. */
    public static Duration timeout(int inputs) {
        return Duration.ofMinutes(3).plusMillis(100L * inputs);
    }

    public static int inputs(int byDefault) {
        return Integer.getInteger("fathom.fuzz.inputs", byDefault);
    }

    public static long seed() {
        return Long.getLong("fathom.fuzz.seed", 15L);
    }

    /** Feeds {@code count} inputs from {@code inputs}, built as they are sent, and accounts for each. */
    public static Report run(PackagedService service, Target target, Iterator<FuzzInputs.Input> inputs, int count,
            Duration timeout) {
        long started = System.nanoTime();
        Map<String, Long> before = outcomes(service, target.series());
        Map<String, Integer> codesBefore = errorCodes(target.resultsTopic());
        int notLiveOrReady = 0;
        List<Long> offsets = new ArrayList<>();
        Map<String, Integer> kinds = new TreeMap<>();
        // in chunks, so that health is asked while the consumer is busy with what came before
        while (inputs.hasNext()) {
            List<byte[]> chunk = new ArrayList<>();
            while (inputs.hasNext() && chunk.size() < 250) {
                FuzzInputs.Input input = inputs.next();
                kinds.merge(input.kind(), 1, Integer::sum);
                chunk.add(input.value());
            }
            offsets.addAll(TopicReader.sendAll(target.topic(), target.key(), chunk));
            notLiveOrReady += unhealthy(service);
        }
        long end = offsets.get(offsets.size() - 1) + 1;
        service.await("every fuzz input counted and committed by " + target.consumer(), timeout,
                () -> total(delta(before, outcomes(service, target.series()))) >= count
                        && TestTopics.committed(target.group(), target.topic(), 0) >= end);
        notLiveOrReady += unhealthy(service);
        Map<String, Long> outcomes = delta(before, outcomes(service, target.series()));

        Map<Long, String> reasons = new HashMap<>();
        // streamed, headers kept only: a full campaign's dead letters are gigabytes of copied payloads
        TopicReader.forEach(target.deadLetterTopic(), record -> {
            if (target.topic().equals(RecordHeaders.get(record.headers(), RecordHeaders.DEAD_LETTER_TOPIC))) {
                String reason = RecordHeaders.get(record.headers(), RecordHeaders.DEAD_LETTER_REASON);
                reasons.put(Long.parseLong(RecordHeaders.get(record.headers(), RecordHeaders.DEAD_LETTER_OFFSET)),
                        reason == null ? "" : reason);
            }
        });
        int deadLetters = 0;
        for (long offset : offsets) {
            String reason = reasons.get(offset);
            if (reason != null && !reason.isBlank()) {
                deadLetters++;
            }
        }
        // inputs neither dead-lettered with a reason nor counted under another outcome; where every
        // rejection is dead-lettered (the consumer core), a rejection without its copy is unmatched too
        long rejected = target.deadLetteredOutcome() == null ? 0
                : outcomes.getOrDefault(target.deadLetteredOutcome(), 0L);
        long otherwise = total(outcomes) - rejected;
        int unmatched = (int) (Math.max(0, count - otherwise - (target.deadLetteredOutcome() == null ? 0
                : deadLetters)) + (target.deadLetteredOutcome() == null ? 0 : Math.abs(rejected - deadLetters)));
        Map<String, Integer> codes = errorCodes(target.resultsTopic());
        codesBefore.forEach((code, earlier) -> codes.computeIfPresent(code,
                (c, now) -> now - earlier == 0 ? null : now - earlier));
        Report report = new Report(count, kinds, outcomes, deadLetters, codes, unmatched, notLiveOrReady,
                TestTopics.committed(target.group(), target.topic(), 0), end, service.alive(),
                Duration.ofNanos(System.nanoTime() - started).toSeconds());
        write(target.consumer(), report);
        return report;
    }

    /** Error results on the topic by code (the fourth part of {@code error/<service>/<run>/<CODE>/<scope>}). */
    private static Map<String, Integer> errorCodes(String resultsTopic) {
        Map<String, Integer> codes = new TreeMap<>();
        TopicReader.forEach(resultsTopic, record -> {
            String[] key = record.key() == null ? new String[0] : record.key().split("/", 5);
            if (key.length >= 4 && key[0].equals("error")) {
                codes.merge(key[3], 1, Integer::sum);
            }
        });
        return codes;
    }

    /** 1 when the service does not answer 200 on both /q/health/live and /q/health/ready. */
    private static int unhealthy(PackagedService service) {
        return service.health("live") == 200 && service.health("ready") == 200 ? 0 : 1;
    }

    private static Map<String, Long> outcomes(PackagedService service, String series) {
        Map<String, Long> out = new TreeMap<>();
        String page = service.get("/q/metrics");
        if (page == null) {
            return out;
        }
        for (String line : page.split("\n")) {
            if (line.startsWith(series)) {
                Matcher outcome = OUTCOME.matcher(line);
                String name = outcome.find() ? outcome.group(1) : "all";
                out.merge(name, (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)), Long::sum);
            }
        }
        return out;
    }

    private static Map<String, Long> delta(Map<String, Long> before, Map<String, Long> after) {
        Map<String, Long> out = new TreeMap<>();
        after.forEach((name, count) -> {
            long delta = count - before.getOrDefault(name, 0L);
            if (delta != 0) {
                out.put(name, delta);
            }
        });
        return out;
    }

    private static long total(Map<String, Long> outcomes) {
        return outcomes.values().stream().mapToLong(Long::longValue).sum();
    }

    private static void write(String consumer, Report report) {
        try {
            Files.writeString(Path.of("target", "fuzz-" + consumer + ".txt"), Instant.now() + " seed " + seed() + ": "
                    + report + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
