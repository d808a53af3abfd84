package io.fathom.contracts.hidden;

import io.fathom.contracts.Json;
import io.fathom.contracts.request.ModelRef;
import io.fathom.contracts.request.RunOptions;
import io.fathom.contracts.request.Suite;
import io.fathom.contracts.request.SuiteKind;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Closes the hidden states of one (run, model, suite) on {@code fathom.hidden-states}: sent with the
 * same key as its events (run/suite) after the broker has acknowledged all of them, so a consumer
 * of that partition has every item once it reads this, and has the whole suite once it has read
 * the markers of all {@code models}. JSON, so it is told from the binary events by its first byte;
 * a replayed run sends its events and this marker again.
 *
 * @param models every model of the run, in request order
 * @param items hidden-state events published (distinct item ids)
 * @param failed items that produced no event (their errors are on fathom.results)
 * @param definition the suite as requested, for kinds the scoring-service grades (questions, rubric,
 *        templates, gold answers, precomputed responses), so that the hidden-states topic alone is
 *        enough to score or rescore the suite; null for probing suites
 * @param runModels the run's models as requested, with their metadata (size, lineage, epoch, ...):
 *        the models whose answers are graded; null for probing suites, where {@code models} says it
 */
public record SuiteEnd(int schemaVersion, String runId, String model, List<String> models, String suite,
        SuiteKind kind, String task, long items, long failed, RunOptions options, Suite definition,
        List<ModelRef> runModels) {

    public SuiteEnd {
        options = options == null ? RunOptions.DEFAULTS : options.withDefaults();
    }

    /** Whether a record value of the hidden-states topic is a marker rather than a hidden-state event. */
    public static boolean isSuiteEnd(byte[] value) {
        return value != null && value.length > 0 && value[0] == '{';
    }

    public static SuiteEnd parse(byte[] value) {
        try {
            return Json.MAPPER.readValue(value, SuiteEnd.class);
        } catch (IOException e) {
            throw new MalformedHiddenStateException("unreadable suite-end marker: " + e.getMessage());
        }
    }

    public byte[] toBytes() {
        try {
            return Json.MAPPER.writeValueAsBytes(this);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
