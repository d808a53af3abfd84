package io.fathom.contracts.generation;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.fathom.contracts.EventFields;
import io.fathom.contracts.MalformedEventException;
import io.fathom.contracts.RecordHeaders;
import io.fathom.contracts.hidden.SuiteEnd;

/**
 * Closes one model's answers to a scored suite on {@code fathom.generations}, sent after the broker
 * has acknowledged all of them, keyed like them.
 *
 * @param answers generation events published (distinct answer ids)
 * @param failed answers that could not be produced (their errors are on fathom.results)
 */
public record GenerationEnd(int schemaVersion, String runId, String model, String suite, long answers,
        long failed) {

    public static final String TYPE = RecordHeaders.EVENT_GENERATION_END;

    @JsonProperty("type")
    public String type() {
        return TYPE;
    }

    void check() {
        String what = "generation-end marker";
        EventFields.requireVersion(schemaVersion, what);
        EventFields.requireName(runId, what, "runId");
        EventFields.requireName(model, what, "model");
        EventFields.requireName(suite, what, "suite");
        if (answers < 0 || failed < 0 || answers > SuiteEnd.MAX_ITEMS || failed > SuiteEnd.MAX_ITEMS) {
            throw new MalformedEventException(what + " of suite '" + suite + "' has counts out of range 0 to "
                    + SuiteEnd.MAX_ITEMS + " (answers " + answers + ", failed " + failed + ")");
        }
    }
}
