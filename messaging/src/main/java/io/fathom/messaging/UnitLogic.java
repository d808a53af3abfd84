package io.fathom.messaging;

import io.fathom.contracts.result.ResultEvent;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;

/**
 * What a {@link UnitConsumer} needs to know of the records it reads: which unit a record belongs to,
 * what adding it does, and what to publish when the unit is complete, failed or given up. The
 * consumer owns everything else (offsets, threads, retries, duplicates, dead letters).
 *
 * @param <U> the state of one unit while its records arrive
 * @param <P> a decoded record
 */
public interface UnitLogic<U, P> {

    /** A decoded record and the unit it belongs to. */
    record Read<P>(UnitId unit, P payload) {
    }

    enum Added { ADDED, DUPLICATE, COMPLETE }

    /**
     * What a unit publishes: its results, then, once the broker has all of them, the closing records
     * one after another (a final progress event, an outcome), so that whoever reads a closing record
     * can count on everything before it being there.
     */
    record Output(List<ProducerRecord<String, byte[]>> results, List<ProducerRecord<String, byte[]>> closing) {
    }

    /** The service named in error results. */
    String service();

    /** From the headers alone: false skips the record without decoding it. */
    boolean wants(Headers headers);

    /**
     * Decodes a record.
     *
     * @return null when the record turns out not to concern this service
     * @throws UnusableRecordException when it cannot be used
     */
    Read<P> read(ConsumerRecord<String, byte[]> record);

    U open(UnitId id);

    /**
     * Adds a record to its unit, on the poll thread. Problems with single items are reported as
     * error results through {@code report}; the unit completes only after those are acknowledged.
     *
     * @throws UnusableRecordException when the record cannot be used
     */
    Added add(U unit, P payload, Consumer<ResultEvent> report);

    /** The unit's output, computed off the poll thread once {@link #add} said it is complete. */
    Output complete(U unit);

    /** What to publish when {@link #complete} threw. */
    Output failed(U unit, RuntimeException cause);

    /** What to publish when the unit had no record for {@code waited}: an error naming what was missing. */
    Output expire(U unit, Duration waited);

    /** Frees the unit's data; called once, whatever became of it. */
    void release(U unit);
}
