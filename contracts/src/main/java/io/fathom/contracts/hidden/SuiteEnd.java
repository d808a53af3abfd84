package io.fathom.contracts.hidden;

import io.fathom.contracts.Json;
import io.fathom.contracts.SchemaVersion;
import io.fathom.contracts.request.ModelRef;
import io.fathom.contracts.request.RequestParser;
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
 * @param runSuites every suite of the run with its kind, so that a service knows all the suites of
 *        the run it has to finish before the run is done for it; null from producers before it existed
 */
public record SuiteEnd(int schemaVersion, String runId, String model, List<String> models, String suite,
        SuiteKind kind, String task, long items, long failed, RunOptions options, Suite definition,
        List<ModelRef> runModels, List<SuiteRef> runSuites) {

    /** More models than any run may name (the request schema's own limit is far lower). */
    static final int MAX_MODELS = 1_000;
    /** More items than any suite holds; it keeps the sums of counts downstream far from overflowing. */
    public static final long MAX_ITEMS = 1_000_000_000L;

    public SuiteEnd {
        options = options == null ? RunOptions.DEFAULTS : options.withDefaults();
    }

    /** Whether a record value of the hidden-states topic is a marker rather than a hidden-state event. */
    public static boolean isSuiteEnd(byte[] value) {
        return value != null && value.length > 0 && value[0] == '{';
    }

    /** Reads and checks a marker; whatever is missing or out of range is named in the exception. */
    public static SuiteEnd parse(byte[] value) {
        SuiteEnd end;
        try {
            end = Json.MAPPER.readValue(value, SuiteEnd.class);
        } catch (IOException e) {
            throw new MalformedHiddenStateException("unreadable suite-end marker: " + Json.describe(e));
        }
        if (end == null) {
            throw new MalformedHiddenStateException("suite-end marker is JSON null");
        }
        end.check();
        return end;
    }

    private void check() {
        try {
            SchemaVersion.check(schemaVersion, "suite-end marker");
        } catch (IllegalArgumentException e) {
            throw new MalformedHiddenStateException(e.getMessage());
        }
        Fields.requireId(runId, "suite-end marker", "runId");
        Fields.requireId(model, "suite-end marker", "model");
        Fields.requireId(suite, "suite-end marker", "suite");
        if (kind == null) {
            throw new MalformedHiddenStateException("suite-end marker of suite '" + suite + "' has no kind");
        }
        if (models == null || models.isEmpty() || models.size() > MAX_MODELS) {
            throw new MalformedHiddenStateException("suite-end marker of suite '" + suite + "' must list 1 to "
                    + MAX_MODELS + " models, got " + (models == null ? "none" : models.size()));
        }
        models.forEach(m -> Fields.requireId(m, "suite-end marker", "models[]"));
        if (!models.contains(model)) {
            throw new MalformedHiddenStateException("suite-end marker of model '" + model + "' does not list it in"
                    + " models " + models);
        }
        if (items < 0 || failed < 0 || items > MAX_ITEMS || failed > MAX_ITEMS) {
            throw new MalformedHiddenStateException("suite-end marker of suite '" + suite + "' has counts out of"
                    + " range 0 to " + MAX_ITEMS + " (items " + items + ", failed " + failed + ")");
        }
        if (kind.scored() && (definition == null || runModels == null || runModels.isEmpty())) {
            throw new MalformedHiddenStateException("suite-end marker of " + kind.json() + " suite '" + suite
                    + "' carries no suite definition or run models");
        }
        if (definition != null && definition.kind() != kind) {
            throw new MalformedHiddenStateException("suite-end marker of " + kind.json() + " suite '" + suite
                    + "' carries the definition of a " + (definition.kind() == null ? "kindless" : definition.kind().json())
                    + " suite");
        }
        if (runModels != null && runModels.stream().anyMatch(m -> m == null || m.id() == null)) {
            throw new MalformedHiddenStateException("suite-end marker of suite '" + suite + "' lists a run model"
                    + " without a name");
        }
        if (runSuites != null && runSuites.stream().anyMatch(ref -> ref == null || ref.kind() == null
                || ref.name() == null || ref.name().isBlank())) {
            throw new MalformedHiddenStateException("suite-end marker of suite '" + suite + "' lists a run suite"
                    + " without a name or kind");
        }
        if (runSuites != null && !runSuites.contains(new SuiteRef(suite, kind))) {
            throw new MalformedHiddenStateException("suite-end marker of suite '" + suite + "' does not list it in"
                    + " runSuites");
        }
        String violation = Schema.PARSER.checkSuiteOfRun(runId, runModels != null ? runModels : models, options,
                suite, kind, definition);
        if (violation != null) {
            throw new MalformedHiddenStateException("suite-end marker of suite '" + suite + "': " + violation);
        }
    }

    /** Loaded on first use: the schema costs a few milliseconds to compile. */
    private static final class Schema {
        static final RequestParser PARSER = new RequestParser();
    }

    public byte[] toBytes() {
        try {
            return Json.MAPPER.writeValueAsBytes(this);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
