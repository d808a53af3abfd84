package io.fathom.contracts.hidden;

import io.fathom.contracts.EventFields;
import io.fathom.contracts.Json;
import io.fathom.contracts.MalformedEventException;
import io.fathom.contracts.request.RequestParser;
import io.fathom.contracts.request.RunOptions;
import io.fathom.contracts.request.Suite;
import io.fathom.contracts.request.SuiteKind;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Closes the hidden states of one (run, model, suite): sent with the same key as its events
 * (run/suite), on the same topic (fathom.hidden-states, or fathom.generations for the embeddings of
 * a scored suite), after the broker has acknowledged all of them, so a consumer of that partition
 * has every item once it reads this, and has the whole suite once it has read the markers of all
 * {@code models}. JSON, so it is told from the binary events by its first byte; a replayed run
 * sends its events and this marker again.
 *
 * @param models every model whose hidden states the suite gets, in request order
 * @param items hidden-state events published (distinct item ids)
 * @param failed items that produced no event (their errors are on fathom.results)
 * @param runSuites every suite of the run with its kind, so that a service knows all the suites of
 *        the run it has to finish before the run is done for it; null from producers before it existed
 * @param corpus a corpus suite's definition (its sources, ratios and mix), which the datamix-service
 *        mixes by; null for other kinds
 */
public record SuiteEnd(int schemaVersion, String runId, String model, List<String> models, String suite,
        SuiteKind kind, String task, long items, long failed, RunOptions options, List<SuiteRef> runSuites,
        Suite corpus) {

    /** More models than any run may name (the request schema's own limit is far lower). */
    public static final int MAX_MODELS = 1_000;
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
            throw new MalformedEventException("unreadable suite-end marker: " + Json.describe(e));
        }
        if (end == null) {
            throw new MalformedEventException("suite-end marker is JSON null");
        }
        end.check();
        return end;
    }

    private void check() {
        EventFields.requireVersion(schemaVersion, "suite-end marker");
        EventFields.requireName(runId, "suite-end marker", "runId");
        EventFields.requireName(model, "suite-end marker", "model");
        EventFields.requireName(suite, "suite-end marker", "suite");
        if (kind == null) {
            throw new MalformedEventException("suite-end marker of suite '" + suite + "' has no kind");
        }
        if (models == null || models.isEmpty() || models.size() > MAX_MODELS) {
            throw new MalformedEventException("suite-end marker of suite '" + suite + "' must list 1 to "
                    + MAX_MODELS + " models, got " + (models == null ? "none" : models.size()));
        }
        models.forEach(m -> EventFields.requireName(m, "suite-end marker", "models[]"));
        if (!models.contains(model)) {
            throw new MalformedEventException("suite-end marker of model '" + model + "' does not list it in"
                    + " models " + models);
        }
        if (items < 0 || failed < 0 || items > MAX_ITEMS || failed > MAX_ITEMS) {
            throw new MalformedEventException("suite-end marker of suite '" + suite + "' has counts out of"
                    + " range 0 to " + MAX_ITEMS + " (items " + items + ", failed " + failed + ")");
        }
        if (runSuites != null && runSuites.stream().anyMatch(ref -> ref == null || ref.kind() == null
                || ref.name() == null || ref.name().isBlank())) {
            throw new MalformedEventException("suite-end marker of suite '" + suite + "' lists a run suite"
                    + " without a name or kind");
        }
        if (runSuites != null && !runSuites.contains(new SuiteRef(suite, kind))) {
            throw new MalformedEventException("suite-end marker of suite '" + suite + "' does not list it in"
                    + " runSuites");
        }
        if ((kind == SuiteKind.CORPUS) != (corpus != null)) {
            throw new MalformedEventException("suite-end marker of suite '" + suite + "' must carry its corpus"
                    + " definition if and only if it is a corpus suite");
        }
        if (corpus != null && (!suite.equals(corpus.name()) || corpus.kind() != SuiteKind.CORPUS)) {
            throw new MalformedEventException("suite-end marker of suite '" + suite + "' carries the definition of"
                    + " suite '" + corpus.name() + "'");
        }
        String violation = RequestParser.shared().checkSuiteOfRun(runId, models, options, suite, kind, corpus);
        if (violation != null) {
            throw new MalformedEventException("suite-end marker of suite '" + suite + "': " + violation);
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
