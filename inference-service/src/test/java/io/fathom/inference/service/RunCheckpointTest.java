package io.fathom.inference.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.fathom.contracts.SchemaVersion;
import io.fathom.inference.domain.Checkpoint;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** When a run's checkpoint is saved, and which checkpointed progress a unit resumes from. */
class RunCheckpointTest {

    private final List<Checkpoint> saved = new ArrayList<>();

    private static Checkpoint.Unit unit(String model, long items) {
        return new Checkpoint.Unit(model, "calls", items, items, 0, 0);
    }

    @Test
    void savesEveryNItemsAcrossUnitsWithWhatWasReachedSoFar() {
        RunCheckpoint checkpoint = new RunCheckpoint("r", "0@7", null, 64, Duration.ofHours(1), saved::add);
        for (long items = 16; items <= 128; items += 16) {
            checkpoint.reached(unit("a", items), List.of());
        }
        checkpoint.reached(unit("a", 128), List.of()); // no progress: nothing to save
        checkpoint.reached(unit("b", 32), List.of());
        checkpoint.reached(unit("b", 64), List.of());
        assertThat(saved).map(c -> c.units().stream().map(Checkpoint.Unit::items).toList())
                .containsExactly(List.of(64L), List.of(128L), List.of(128L, 64L));
        assertThat(saved).allSatisfy(c -> assertThat(c.key()).isEqualTo("r@0@7/checkpoint"));
    }

    @Test
    void waitsForThePendingResultsBeforeSaving() {
        RunCheckpoint checkpoint = new RunCheckpoint("r", "0@7", null, 1, Duration.ofHours(1), saved::add);
        CompletableFuture<Void> error = new CompletableFuture<>();
        CompletableFuture.delayedExecutor(200, TimeUnit.MILLISECONDS)
                .execute(() -> error.complete(null));
        checkpoint.reached(unit("a", 16), List.of(error));
        assertThat(error).isDone();
        assertThat(saved).hasSize(1);
    }

    @Test
    void aSubmissionOfUnknownPositionIsNeverSaved() {
        RunCheckpoint checkpoint = new RunCheckpoint("r", null, null, 1, Duration.ZERO, saved::add);
        checkpoint.reached(unit("a", 16), List.of());
        assertThat(saved).isEmpty();
    }

    @Test
    void resumesOnlyFromProgressThatFitsTheUnit() {
        Checkpoint resumed = new Checkpoint(SchemaVersion.CURRENT, "r", "0@7", List.of(unit("a", 32),
                new Checkpoint.Unit("b", "calls", 30, 30, 0, 0), unit("c", 40),
                new Checkpoint.Unit("d", "calls", 32, 30, 4, 0)), Instant.now());
        RunCheckpoint checkpoint = new RunCheckpoint("r", "0@7", resumed, 64, Duration.ofHours(1), saved::add);
        assertThat(checkpoint.resumeAt("a", "calls", 40, 16)).isEqualTo(unit("a", 32));
        assertThat(checkpoint.resumeAt("a", "other", 40, 16)).as("another suite").isNull();
        assertThat(checkpoint.resumeAt("b", "calls", 40, 16)).as("not on a batch boundary").isNull();
        assertThat(checkpoint.resumeAt("c", "calls", 40, 16)).as("all of a short last batch").isNotNull();
        assertThat(checkpoint.resumeAt("c", "calls", 39, 16)).as("more items than the suite has").isNull();
        assertThat(checkpoint.resumeAt("d", "calls", 40, 16)).as("counts beyond its items").isNull();
    }

    @Test
    void checkpointsWithAbsurdFieldsAreNotWellFormed() {
        List<Checkpoint.Unit> fine = List.of(unit("a", 32));
        assertThat(checkpoint("0@7", fine).wellFormed()).isTrue();
        assertThat(checkpoint("0@7", fine).partition()).isZero();
        assertThat(checkpoint("0@7", fine).offset()).isEqualTo(7);
        // a partition beyond an int, an offset beyond a long: they would throw where the sweep reads them
        assertThat(checkpoint("99999999999@7", fine).wellFormed()).isFalse();
        assertThat(checkpoint("0@99999999999999999999", fine).wellFormed()).isFalse();
        assertThat(checkpoint("0", fine).wellFormed()).isFalse();
        assertThat(checkpoint("0@7", null).wellFormed()).isFalse();
        assertThat(checkpoint("0@7", Arrays.asList((Checkpoint.Unit) null)).wellFormed()).isFalse();
        assertThat(checkpoint("0@7", List.of(new Checkpoint.Unit(null, "calls", 8, 8, 0, 0))).wellFormed()).isFalse();
        assertThat(checkpoint("0@7", List.of(new Checkpoint.Unit("a", "calls", 8, 9, 0, 0))).wellFormed()).isFalse();
        assertThat(checkpoint("0@7", List.of(new Checkpoint.Unit("a", "calls", 8, 8, -1, 0))).wellFormed()).isFalse();
        assertThat(checkpoint("0@7", List.of(new Checkpoint.Unit("a", "calls", 8, 4, 0, 5))).wellFormed()).isFalse();
    }

    private static Checkpoint checkpoint(String submission, List<Checkpoint.Unit> units) {
        return new Checkpoint(SchemaVersion.CURRENT, "r", submission, units, Instant.EPOCH);
    }
}
