package io.fathom.inference.service;

import io.fathom.contracts.SchemaVersion;
import io.fathom.inference.domain.Checkpoint;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * A run's checkpoint as it goes: the progress of each unit of hidden states, saved once
 * {@code everyItems} items or {@code every} time have passed since the last save. Callers record
 * only what the broker has acknowledged, and the run's pending results are on the broker before a
 * save, so that resuming from a saved checkpoint loses nothing.
 */
final class RunCheckpoint {

    private static final Logger LOG = Logger.getLogger(RunCheckpoint.class);

    private final String runId;
    private final String submission;
    private final Checkpoint resumed;
    private final long everyItems;
    private final long everyNanos;
    private final Consumer<Checkpoint> store;
    /** By model and suite, in the order the run reaches them; a resumed run starts from its checkpoint's. */
    private final Map<List<String>, Checkpoint.Unit> units = new LinkedHashMap<>();
    private long itemsSinceSave;
    private long savedAt = System.nanoTime();

    RunCheckpoint(String runId, String submission, Checkpoint resumed, long everyItems, Duration every,
            Consumer<Checkpoint> store) {
        this.runId = runId;
        this.submission = submission;
        this.resumed = resumed;
        this.everyItems = everyItems;
        this.everyNanos = every.toNanos();
        this.store = store;
        if (resumed != null) {
            resumed.units().forEach(unit -> units.put(List.of(unit.model(), unit.suite()), unit));
        }
    }

    /**
     * Where the unit resumes: its checkpointed progress, or null to start it from its first item.
     * Progress that does not fit the unit (another batch size, more items than it has) is not used.
     */
    Checkpoint.Unit resumeAt(String model, String suite, int items, int batchSize) {
        Checkpoint.Unit unit = resumed == null ? null : resumed.unit(model, suite);
        if (unit == null) {
            return null;
        }
        boolean fits = unit.items() <= items && (unit.items() % batchSize == 0 || unit.items() == items)
                && unit.done() + unit.failed() <= unit.items() && unit.truncated() <= unit.done();
        if (!fits) {
            LOG.warnf("run %s: checkpoint of %s/%s (%d items) does not fit the suite's %d items in batches of %d;"
                    + " the unit starts over", runId, model, suite, unit.items(), items, batchSize);
            return null;
        }
        return unit;
    }

    /**
     * Records the unit's progress; when a save is due, waits for {@code pendingResults} (the errors
     * of failed items among them) and saves. A submission of unknown position is never checkpointed:
     * nothing could tell its redelivery from a resubmission.
     */
    void reached(Checkpoint.Unit unit, List<CompletableFuture<Void>> pendingResults) {
        if (submission == null) {
            return;
        }
        Checkpoint.Unit before = units.put(List.of(unit.model(), unit.suite()), unit);
        itemsSinceSave += unit.items() - (before == null ? 0 : before.items());
        if (itemsSinceSave == 0 || itemsSinceSave < everyItems && System.nanoTime() - savedAt < everyNanos) {
            return;
        }
        CompletableFuture.allOf(pendingResults.toArray(CompletableFuture[]::new)).join();
        store.accept(new Checkpoint(SchemaVersion.CURRENT, runId, submission, List.copyOf(units.values()),
                Instant.now()));
        itemsSinceSave = 0;
        savedAt = System.nanoTime();
    }
}
