package io.fathom.probe.ingest;

import io.fathom.contracts.hidden.SuiteEnd;
import io.fathom.probe.store.FeatureStore;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What has arrived of one (run, suite): a feature store per model and the models' suite-end
 * markers. It lives on one partition (the records' key is run/suite) and holds that partition's
 * offsets back from {@link #firstOffset} until its results are on the broker.
 */
final class SuiteUnit {

    record Id(String runId, String suite) {
    }

    final Id id;
    final int partition;
    final long firstOffset;
    final Map<String, FeatureStore> stores = new LinkedHashMap<>();
    final Map<String, SuiteEnd> ends = new HashMap<>();
    /** Items rejected per model (wrong shape, non-finite values). */
    final Map<String, Long> rejected = new HashMap<>();
    /** Set on the loop thread when training starts; from then on the stores only change by {@link #close}. */
    boolean training;
    /** Given up (shutdown, partition revoked): its results, if any, are not to be completed. */
    volatile boolean abandoned;

    SuiteUnit(Id id, int partition, long firstOffset) {
        this.id = id;
        this.partition = partition;
        this.firstOffset = firstOffset;
    }

    /** Complete once the markers of every model of the run are in. */
    boolean complete() {
        if (ends.isEmpty()) {
            return false;
        }
        return ends.keySet().containsAll(ends.values().iterator().next().models());
    }

    /** Deletes the spilled states; the stores keep their item index, so counts stay readable. */
    void close() {
        stores.values().forEach(FeatureStore::close);
    }

    /** Gives the unit up; a unit in training is closed by its training thread instead. */
    void abandon() {
        abandoned = true;
        if (!training) {
            close();
        }
    }
}
