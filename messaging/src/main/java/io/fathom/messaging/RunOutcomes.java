package io.fathom.messaging;

import io.fathom.contracts.MalformedEventException;
import io.fathom.contracts.RecordHeaders;
import io.fathom.contracts.result.ErrorCode;
import io.fathom.contracts.result.ErrorEvent;
import io.fathom.contracts.result.ProgressEvent;
import io.fathom.contracts.result.ResultEvent;
import io.fathom.contracts.result.SuiteOutcome;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;

/**
 * The suite-outcomes topic as units: one per run of this service, complete once every suite of the
 * run that the service handles has an outcome. Its work is the service's run-level final progress:
 * COMPLETED when every suite completed, FAILED otherwise, with the counts added up. Keyed by run,
 * so one instance sees all of a run's outcomes whichever instances finished its suites.
 */
final class RunOutcomes implements UnitLogic<RunOutcomes.Run, SuiteOutcome> {

    static final class Run {
        final String runId;
        final Map<String, SuiteOutcome> outcomes = new LinkedHashMap<>();
        /** The run's suites this service handles, once an outcome has told them. */
        Set<String> expected;

        Run(String runId) {
            this.runId = runId;
        }
    }

    private final String service;
    private final Publisher publisher;

    RunOutcomes(String service, Publisher publisher) {
        this.service = service;
        this.publisher = publisher;
    }

    @Override
    public String service() {
        return service;
    }

    @Override
    public boolean wants(Headers headers) {
        String writer = RecordHeaders.get(headers, RecordHeaders.SERVICE);
        return writer == null || writer.equals(service);
    }

    @Override
    public Read<SuiteOutcome> read(ConsumerRecord<String, byte[]> record) {
        SuiteOutcome outcome;
        String submission;
        try {
            outcome = SuiteOutcome.parse(record.value());
            submission = RecordHeaders.submission(record.headers());
        } catch (IllegalArgumentException | MalformedEventException e) {
            throw new UnusableRecordException(null, ErrorCode.MALFORMED_PAYLOAD, e.getMessage());
        }
        return outcome.service().equals(service)
                ? new Read<>(new UnitId(outcome.runId(), null, submission), outcome) : null;
    }

    @Override
    public Run open(UnitId id) {
        return new Run(id.runId());
    }

    @Override
    public Added add(Run run, SuiteOutcome outcome, Consumer<ResultEvent> report) {
        if (run.outcomes.putIfAbsent(outcome.suite(), outcome) != null) {
            return Added.DUPLICATE; // the same suite finished twice: a redelivery, or two instances across a rebalance
        }
        if (run.expected == null && outcome.runSuites() != null) {
            run.expected = new LinkedHashSet<>(outcome.runSuites());
        }
        return run.expected != null && run.outcomes.keySet().containsAll(run.expected) ? Added.COMPLETE
                : Added.ADDED;
    }

    @Override
    public Output complete(Run run) {
        boolean allCompleted = run.outcomes.values().stream()
                .allMatch(o -> o.status() == ProgressEvent.Status.COMPLETED);
        return new Output(List.of(), List.of(finalProgress(run, allCompleted ? ProgressEvent.Status.COMPLETED
                : ProgressEvent.Status.FAILED)));
    }

    @Override
    public Output failed(Run run, RuntimeException cause) {
        return new Output(List.of(publisher.result(ErrorEvent.of(run.runId, service, ErrorCode.PROCESSING_FAILURE,
                "run", "closing run " + run.runId + " failed: " + cause, List.of()))),
                List.of(finalProgress(run, ProgressEvent.Status.FAILED)));
    }

    @Override
    public Output expire(Run run, Duration waited) {
        String missing = run.expected == null ? "the run's list of suites never arrived"
                : "no outcome for suites " + run.expected.stream().filter(s -> !run.outcomes.containsKey(s)).toList();
        return new Output(List.of(publisher.result(ErrorEvent.of(run.runId, service, ErrorCode.INCOMPLETE, "run",
                "run " + run.runId + " was given up by " + service + " after " + waited + " without news: "
                        + missing + "; suites done: " + run.outcomes.keySet(), List.of()))),
                List.of(finalProgress(run, ProgressEvent.Status.FAILED)));
    }

    private ProducerRecord<String, byte[]> finalProgress(Run run, ProgressEvent.Status status) {
        long expected = run.outcomes.values().stream().mapToLong(SuiteOutcome::expected).sum();
        long done = run.outcomes.values().stream().mapToLong(SuiteOutcome::done).sum();
        long failed = run.outcomes.values().stream().mapToLong(SuiteOutcome::failed).sum();
        return publisher.result(ProgressEvent.of(run.runId, service, null, null, status, expected, done, failed, 0));
    }

    @Override
    public void release(Run run) {
        run.outcomes.clear();
    }
}
