package io.fathom.messaging;

import io.fathom.contracts.MalformedEventException;
import io.fathom.contracts.RecordHeaders;
import io.fathom.contracts.generation.GenerationEnd;
import io.fathom.contracts.generation.GenerationEvent;
import io.fathom.contracts.generation.GenerationRecords;
import io.fathom.contracts.generation.SuiteDefinition;
import io.fathom.contracts.hidden.HiddenStateCodec;
import io.fathom.contracts.hidden.HiddenStateHeader;
import io.fathom.contracts.hidden.SuiteEnd;
import io.fathom.contracts.hidden.SuiteRef;
import io.fathom.contracts.request.SuiteKind;
import io.fathom.contracts.result.ErrorCode;
import io.fathom.contracts.result.ErrorEvent;
import io.fathom.contracts.result.ProgressEvent;
import io.fathom.contracts.result.ResultEvent;
import io.fathom.contracts.result.SuiteOutcome;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;

/**
 * A suites topic as units, one per (run, suite). On fathom.hidden-states a suite is complete once
 * the suite-end markers of all the models its markers name are in. On fathom.generations (scored
 * suites) it is complete once its definition is in, with the generation-end marker of every author
 * it names and the suite-end marker of its embedder, if it has one. Kind headers let it skip other
 * services' records undecoded; every record is checked by the contracts before the service sees
 * it. Every suite ends in a suite-level final progress event and a {@link SuiteOutcome} for the
 * run's closer.
 */
final class SuiteUnits<S> implements UnitLogic<SuiteUnits.Suite<S>, Object> {

    /** What arrived of one suite: the service's state, the markers by model, the records counted by model. */
    static final class Suite<S> {
        final UnitId id;
        final S state;
        final Map<String, SuiteEnd> ends = new LinkedHashMap<>();
        final Map<String, GenerationEnd> answerEnds = new LinkedHashMap<>();
        final Map<String, Long> events = new LinkedHashMap<>();
        final Map<String, Long> answers = new LinkedHashMap<>();
        SuiteDefinition definition;
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

    SuiteUnits(SuiteHandler<S> handler, Publisher publisher) {
        this.handler = handler;
        this.publisher = publisher;
    }

    private boolean generations() {
        return handler.input() == SuiteHandler.Input.GENERATIONS;
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
            String submission = RecordHeaders.submission(record.headers());
            if (!SuiteEnd.isSuiteEnd(record.value())) {
                HiddenStateHeader header = HiddenStateCodec.decodeHeader(record.value());
                return handler.handles(header.kind())
                        ? new Read<>(new UnitId(header.runId(), header.suite(), submission), new Event(header, record.value()))
                        : null;
            }
            Object parsed = generations() ? GenerationRecords.parse(record.value()) : SuiteEnd.parse(record.value());
            if (parsed instanceof SuiteDefinition definition) {
                return handler.handles(definition.kind())
                        ? new Read<>(new UnitId(definition.runId(), definition.suite(), submission), definition) : null;
            }
            if (parsed instanceof GenerationEvent answer) {
                return new Read<>(new UnitId(answer.runId(), answer.suite(), submission), answer);
            }
            if (parsed instanceof GenerationEnd end) {
                return new Read<>(new UnitId(end.runId(), end.suite(), submission), end);
            }
            SuiteEnd end = (SuiteEnd) parsed;
            return handler.handles(end.kind()) ? new Read<>(new UnitId(end.runId(), end.suite(), submission), end) : null;
        } catch (MalformedEventException e) {
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
        if (payload instanceof SuiteDefinition definition) {
            if (suite.definition != null) {
                return Added.DUPLICATE;
            }
            suite.definition = definition;
            suite.runSuites = ownSuites(definition.runSuites());
            return completeness(suite);
        }
        if (payload instanceof GenerationEvent answer) {
            if (suite.answerEnds.containsKey(answer.model()) || !handler.addAnswer(suite.state, answer, report)) {
                return Added.DUPLICATE; // markers follow their model's answers: this is a redelivery
            }
            suite.answers.merge(answer.model(), 1L, Long::sum);
            return Added.ADDED;
        }
        if (payload instanceof GenerationEnd end) {
            return suite.answerEnds.putIfAbsent(end.model(), end) != null ? Added.DUPLICATE : completeness(suite);
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
        if (end.runSuites() != null && suite.runSuites == null) {
            suite.runSuites = ownSuites(end.runSuites());
        }
        return completeness(suite);
    }

    private List<String> ownSuites(List<SuiteRef> runSuites) {
        return runSuites.stream().filter(ref -> handler.handles(ref.kind())).map(SuiteRef::name).distinct().toList();
    }

    private Added completeness(Suite<S> suite) {
        return missing(suite).isEmpty() ? Added.COMPLETE : Added.ADDED;
    }

    /** The records the suite still waits for, in words; empty once it is complete. */
    private List<String> missing(Suite<S> suite) {
        List<String> missing = new ArrayList<>();
        if (generations()) {
            SuiteDefinition definition = suite.definition;
            if (definition == null) {
                missing.add("its suite definition");
                return missing;
            }
            definition.authors().stream().filter(m -> !suite.answerEnds.containsKey(m))
                    .forEach(m -> missing.add("the generation-end marker of " + m));
            if (definition.embedder() != null && !suite.ends.containsKey(definition.embedder())) {
                missing.add("the suite-end marker of embedder " + definition.embedder());
            }
            return missing;
        }
        if (suite.ends.isEmpty()) {
            missing.add("its suite-end markers");
            return missing;
        }
        suite.ends.values().iterator().next().models().stream().filter(m -> !suite.ends.containsKey(m))
                .forEach(m -> missing.add("the suite-end marker of " + m));
        return missing;
    }

    @Override
    public Output complete(Suite<S> suite) {
        SuiteHandler.SuiteResult result = handler.complete(suite.state,
                new SuiteHandler.Markers(suite.ends, suite.definition, suite.answerEnds));
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
        String received = generations() ? "answers received per model: " + suite.answers + ", embeddings: "
                + suite.events : "hidden-state events received per model: " + suite.events;
        return failure(suite, ErrorCode.INCOMPLETE, "suite '" + suite.id.name() + "' of run " + suite.id.runId()
                + " was given up after " + waited + " without a new record: " + String.join(", ", missing(suite))
                + " never arrived; " + received + "; its data is freed and its offsets released");
    }

    private Output failure(Suite<S> suite, ErrorCode code, String message) {
        long expected = suite.ends.values().stream().mapToLong(e -> e.items() + e.failed()).sum()
                + suite.answerEnds.values().stream().mapToLong(e -> e.answers() + e.failed()).sum();
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
                        expected, done, failed, suite.runSuites), suite.id.submission()));
    }

    @Override
    public void release(Suite<S> suite) {
        handler.release(suite.state);
    }
}
