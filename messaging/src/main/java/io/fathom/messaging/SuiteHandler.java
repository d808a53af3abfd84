package io.fathom.messaging;

import io.fathom.contracts.hidden.HiddenStateHeader;
import io.fathom.contracts.hidden.SuiteEnd;
import io.fathom.contracts.request.SuiteKind;
import io.fathom.contracts.result.ProgressEvent;
import io.fathom.contracts.result.ResultEvent;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * What a downstream service of {@code fathom.hidden-states} does with its suites, as a CDI bean; the
 * core ({@link SuitePipeline}) reads the topic, keeps the markers, and publishes the suite's final
 * progress and outcome. Everything here but {@link #complete} runs on the poll thread.
 *
 * @param <S> what the service keeps of one suite while its events arrive
 */
public interface SuiteHandler<S> {

    /** What a complete suite produced: its results and the counts of its final progress. */
    record SuiteResult(List<ResultEvent> results, ProgressEvent.Status status, long expected, long done,
            long failed) {
    }

    /** The service's name in results: probe, scoring, datamix. */
    String service();

    /** The suite kinds this service consumes; events and markers of others are skipped undecoded. */
    boolean handles(SuiteKind kind);

    S open(UnitId suite);

    /**
     * One hidden-state event of the suite, its header already checked. Problems with the item are
     * reported as error results; a record that cannot be used at all throws {@link UnusableRecordException}.
     *
     * @return false when the item was already in (a redelivery)
     */
    boolean add(S suite, HiddenStateHeader header, byte[] value, Consumer<ResultEvent> report);

    /** The suite's results, on a worker thread, once the markers of all its models are in. */
    SuiteResult complete(S suite, Map<String, SuiteEnd> ends);

    /** Frees what the suite holds (memory, spilled files). */
    void release(S suite);
}
