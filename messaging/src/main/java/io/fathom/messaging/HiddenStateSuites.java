package io.fathom.messaging;

import io.fathom.contracts.RecordHeaders;
import io.fathom.contracts.hidden.HiddenStateCodec;
import io.fathom.contracts.hidden.HiddenStateHeader;
import io.fathom.contracts.hidden.MalformedHiddenStateException;
import io.fathom.contracts.hidden.SuiteEnd;
import io.fathom.contracts.hidden.SuiteRef;
import io.fathom.contracts.request.SuiteKind;
import io.fathom.contracts.result.ErrorCode;
import io.fathom.contracts.result.ErrorEvent;
import io.fathom.contracts.result.ProgressEvent;
import io.fathom.contracts.result.ResultEvent;
import io.fathom.contracts.result.SuiteOutcome;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;

/**
 * The hidden-states topic as units: one per (run, suite), complete once the suite-end markers of all
 * the models its markers name are in. Kind headers let it skip other services' records undecoded;
 * headers and markers are checked by the contracts before the service sees them. Every suite ends
 * in a suite-level final progress event and a {@link SuiteOutcome} for the run's closer.
 */
final class HiddenStateSuites<S> implements UnitLogic<HiddenStateSuites.Suite<S>, Object> {

    /** What arrived of one suite: the service's state, the markers by model, the events counted by model. */
    static final class Suite<S> {
        final UnitId id;
        final S state;
        final Map<String, SuiteEnd> ends = new LinkedHashMap<>();
        final Map<String, Long> events = new LinkedHashMap<>();
        List<String> runSuites;

        Suite(UnitId id, S state) {
            this.id = id;
            this.state = state;
        }
    }

    private record Event(HiddenStateHeader header, byte[] value) {
    }

    private final SuiteHandler<S> handler;
    private final Publisher publisher;

    HiddenStateSuites(SuiteHandler<S> handler, Publisher publisher) {
        this.handler = handler;
        this.publisher = publisher;
    }

    @Override
    public String service() {
        return handler.service();
    }

    @Override
    public boolean wants(Headers headers) {
        String kind = RecordHeaders.get(headers, RecordHeaders.SUITE_KIND);
        if (kind == null) {
            return true; // no header: decide after decoding
        }
        for (SuiteKind known : SuiteKind.values()) {
            if (known.json().equals(kind)) {
                return handler.handles(known);
            }
        }
        return true; // an unknown kind in the header: the payload decides, and a bad one is rejected
    }

    @Override
    public Read<Object> read(ConsumerRecord<String, byte[]> record) {
        try {
            if (SuiteEnd.isSuiteEnd(record.value())) {
                SuiteEnd end = SuiteEnd.parse(record.value());
                return handler.handles(end.kind()) ? new Read<>(new UnitId(end.runId(), end.suite()), end) : null;
            }
            HiddenStateHeader header = HiddenStateCodec.decodeHeader(record.value());
            return handler.handles(header.kind())
                    ? new Read<>(new UnitId(header.runId(), header.suite()), new Event(header, record.value()))
                    : null;
        } catch (MalformedHiddenStateException e) {
            throw new UnusableRecordException(null, ErrorCode.MALFORMED_PAYLOAD, e.getMessage());
        }
    }

    @Override
    public Suite<S> open(UnitId id) {
        return new Suite<>(id, handler.open(id));
    }

    @Override
    public Added add(Suite<S> suite, Object payload, Consumer<ResultEvent> report) {
        if (payload instanceof SuiteEnd end) {
            return addEnd(suite, end);
        }
        Event event = (Event) payload;
        String model = event.header().model();
        if (suite.ends.containsKey(model)) {
            return Added.DUPLICATE; // markers follow their model's events: this is a redelivery
        }
        if (!handler.add(suite.state, event.header(), event.value(), report)) {
            return Added.DUPLICATE;
        }
        suite.events.merge(model, 1L, Long::sum);
        return Added.ADDED;
    }

    private Added addEnd(Suite<S> suite, SuiteEnd end) {
        if (suite.ends.containsKey(end.model())) {
            return Added.DUPLICATE;
        }
        if (!suite.ends.isEmpty()) {
            SuiteEnd first = suite.ends.values().iterator().next();
            if (first.kind() != end.kind() || !first.models().equals(end.models())) {
                throw new UnusableRecordException(end.runId(), ErrorCode.MALFORMED_PAYLOAD, "suite-end marker of model '"
                        + end.model() + "' for suite '" + end.suite() + "' names kind " + end.kind().json()
                        + " and models " + end.models() + ", but an earlier marker of the suite named "
                        + first.kind().json() + " and " + first.models());
            }
        }
        suite.ends.put(end.model(), end);
        if (end.runSuites() != null) {
            suite.runSuites = end.runSuites().stream().filter(ref -> handler.handles(ref.kind()))
                    .map(SuiteRef::name).distinct().toList();
        }
        return suite.ends.keySet().containsAll(end.models()) ? Added.COMPLETE : Added.ADDED;
    }

    @Override
    public Output complete(Suite<S> suite) {
        SuiteHandler.SuiteResult result = handler.complete(suite.state, suite.ends);
        return new Output(result.results().stream().map(publisher::result).toList(),
                close(suite, result.status(), result.expected(), result.done(), result.failed()));
    }

    @Override
    public Output failed(Suite<S> suite, RuntimeException cause) {
        return failure(suite, ErrorCode.PROCESSING_FAILURE, handler.service() + " failed on suite '"
                + suite.id.name() + "' of run " + suite.id.runId() + ": " + cause);
    }

    @Override
    public Output expire(Suite<S> suite, Duration waited) {
        List<String> missing = suite.ends.isEmpty() ? List.of()
                : suite.ends.values().iterator().next().models().stream().filter(m -> !suite.ends.containsKey(m))
                        .toList();
        String what = suite.ends.isEmpty() ? "no suite-end marker arrived" : "the suite-end markers of "
                + missing + " never arrived";
        return failure(suite, ErrorCode.INCOMPLETE, "suite '" + suite.id.name() + "' of run " + suite.id.runId()
                + " was given up after " + waited + " without a new record: " + what + "; hidden-state events"
                + " received per model: " + suite.events + "; its data is freed and its offsets released");
    }

    private Output failure(Suite<S> suite, ErrorCode code, String message) {
        long expected = suite.ends.values().stream().mapToLong(e -> e.items() + e.failed()).sum();
        return new Output(List.of(publisher.result(ErrorEvent.of(suite.id.runId(), handler.service(), code,
                suite.id.name(), message, List.of()))), close(suite, ProgressEvent.Status.FAILED, expected, 0,
                expected));
    }

    /** The suite's final progress for users, and its outcome for whichever instance closes the run. */
    private List<ProducerRecord<String, byte[]>> close(Suite<S> suite, ProgressEvent.Status status, long expected,
            long done, long failed) {
        return List.of(
                publisher.result(ProgressEvent.of(suite.id.runId(), handler.service(), null, suite.id.name(), status,
                        expected, done, failed, 0)),
                publisher.outcome(SuiteOutcome.of(suite.id.runId(), handler.service(), suite.id.name(), status,
                        expected, done, failed, suite.runSuites)));
    }

    @Override
    public void release(Suite<S> suite) {
        handler.release(suite.state);
    }
}
