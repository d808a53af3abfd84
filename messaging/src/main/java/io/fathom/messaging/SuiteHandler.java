package io.fathom.messaging;

import io.fathom.contracts.generation.GenerationEnd;
import io.fathom.contracts.generation.GenerationEvent;
import io.fathom.contracts.generation.SuiteDefinition;
import io.fathom.contracts.MalformedEventException;
import io.fathom.contracts.hidden.HiddenStateCodec;
import io.fathom.contracts.hidden.HiddenStateEvent;
import io.fathom.contracts.hidden.HiddenStateHeader;
import io.fathom.contracts.hidden.SuiteEnd;
import io.fathom.contracts.request.SuiteKind;
import io.fathom.contracts.result.ErrorCode;
import io.fathom.contracts.result.ProgressEvent;
import io.fathom.contracts.result.ResultEvent;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * What a downstream service does with its suites, as a CDI bean; the core ({@link SuitePipeline})
 * reads the service's input topic, keeps the markers, and publishes the suite's final progress and
 * outcome. Everything here but {@link #complete} runs on the poll thread.
 *
 * @param <S> what the service keeps of one suite while its events arrive
 */
public interface SuiteHandler<S> {

    /** What a complete suite produced: its results and the counts of its final progress. */
    record SuiteResult(List<ResultEvent> results, ProgressEvent.Status status, long expected, long done,
            long failed) {
    }

    /** Where a service's suites come from. */
    enum Input {
        /** Hidden states of probing (and corpus) suites. */
        HIDDEN_STATES,
        /** Scored suites: definitions, answers, and the embeddings of their texts. */
        GENERATIONS
    }

    /** The markers that completed a suite: suite-end markers, and for scored suites the definition and generation ends. */
    record Markers(Map<String, SuiteEnd> ends, SuiteDefinition definition, Map<String, GenerationEnd> answerEnds) {
    }

    /** The service's name in results: probe, scoring, datamix. */
    String service();

    /** The suite kinds this service consumes; events and markers of others are skipped undecoded. */
    boolean handles(SuiteKind kind);

    default Input input() {
        return Input.HIDDEN_STATES;
    }

    S open(UnitId suite);

    /**
     * One hidden-state event of the suite, its header already checked. Problems with the item are
     * reported as error results; a record that cannot be used at all throws {@link UnusableRecordException}.
     *
     * @return false when the item was already in (a redelivery)
     */
    boolean add(S suite, HiddenStateHeader header, byte[] value, Consumer<ResultEvent> report);

    /**
     * One answer of a scored suite, for services whose input is {@link Input#GENERATIONS}.
     *
     * @return false when the answer was already in (a redelivery)
     */
    default boolean addAnswer(S suite, GenerationEvent answer, Consumer<ResultEvent> report) {
        throw new UnusableRecordException(answer.runId(), ErrorCode.MALFORMED_PAYLOAD, service() + " reads no answers");
    }

    /** The suite's results, on a worker thread, once all its markers are in. */
    SuiteResult complete(S suite, Markers markers);

    /** Frees what the suite holds (memory, spilled files). */
    void release(S suite);

    /** The whole event, for {@link #add}; a tensor that cannot be decoded makes the record unusable. */
    static HiddenStateEvent decode(HiddenStateHeader header, byte[] value) {
        try {
            return HiddenStateCodec.decode(value);
        } catch (MalformedEventException e) {
            throw new UnusableRecordException(header.runId(), ErrorCode.MALFORMED_PAYLOAD, e.getMessage());
        }
    }
}
