package io.fathom.contracts.generation;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.fathom.contracts.EventFields;
import io.fathom.contracts.MalformedEventException;
import io.fathom.contracts.RecordHeaders;
import io.fathom.contracts.hidden.SuiteEnd;
import io.fathom.contracts.hidden.SuiteRef;
import io.fathom.contracts.request.ModelRef;
import io.fathom.contracts.request.RequestParser;
import io.fathom.contracts.request.RunOptions;
import io.fathom.contracts.request.Suite;
import io.fathom.contracts.request.SuiteKind;
import java.util.List;

/**
 * Opens a scored suite on {@code fathom.generations}: what grading needs besides the answers
 * (questions, references, key points, rubric, templates, gold answers) and what else of the suite
 * is coming, so that a consumer knows when it has all of it. Keyed run/suite like the suite's
 * answers; a replayed run sends it again.
 *
 * @param definition the suite as requested, without its recorded answers (they travel as generation events)
 * @param runModels the run's models as requested, with their metadata: the models whose answers are graded
 * @param authors the models whose answers come, each closed by a {@link GenerationEnd}
 * @param embedder the model whose embeddings of the suite's texts come, closed by its {@link SuiteEnd}; null
 *        when the suite needs none (instructions suites)
 * @param runSuites every suite of the run with its kind
 */
public record SuiteDefinition(int schemaVersion, String runId, String suite, SuiteKind kind, Suite definition,
        List<ModelRef> runModels, RunOptions options, List<String> authors, String embedder,
        List<SuiteRef> runSuites) {

    public static final String TYPE = RecordHeaders.EVENT_SUITE_DEFINITION;

    public SuiteDefinition {
        options = options == null ? RunOptions.DEFAULTS : options.withDefaults();
    }

    @JsonProperty("type")
    public String type() {
        return TYPE;
    }

    void check() {
        String what = "suite definition";
        EventFields.requireVersion(schemaVersion, what);
        EventFields.requireName(runId, what, "runId");
        EventFields.requireName(suite, what, "suite");
        if (kind == null || !kind.scored()) {
            throw new MalformedEventException(what + " of suite '" + suite + "' is not of a scored kind: " + kind);
        }
        if (definition == null || definition.kind() != kind || !suite.equals(definition.name())) {
            throw new MalformedEventException(what + " of suite '" + suite + "' does not carry that suite's "
                    + kind.json() + " definition");
        }
        if (runModels == null || runModels.isEmpty() || runModels.size() > SuiteEnd.MAX_MODELS
                || runModels.stream().anyMatch(m -> m == null || m.id() == null)) {
            throw new MalformedEventException(what + " of suite '" + suite + "' must list 1 to " + SuiteEnd.MAX_MODELS
                    + " named run models");
        }
        if (authors == null || authors.size() > SuiteEnd.MAX_MODELS) {
            throw new MalformedEventException(what + " of suite '" + suite + "' must list up to " + SuiteEnd.MAX_MODELS
                    + " authors");
        }
        authors.forEach(a -> EventFields.requireName(a, what, "authors[]"));
        // an author outside the run would keep the suite open, waiting for a marker nobody sends
        List<String> outside = authors.stream().filter(a -> runModels.stream().noneMatch(m -> a.equals(m.id())))
                .toList();
        if (!outside.isEmpty()) {
            throw new MalformedEventException(what + " of suite '" + suite + "' names authors " + outside
                    + " that are not models of the run");
        }
        if (embedder != null) {
            EventFields.requireName(embedder, what, "embedder");
        }
        if (runSuites == null || !runSuites.contains(new SuiteRef(suite, kind)) || runSuites.stream()
                .anyMatch(ref -> ref == null || ref.kind() == null || ref.name() == null || ref.name().isBlank())) {
            throw new MalformedEventException(what + " of suite '" + suite + "' must list every suite of the run,"
                    + " itself included, by name and kind");
        }
        String violation = RequestParser.shared().checkSuiteOfRun(runId, runModels, options, suite, kind, definition);
        if (violation != null) {
            throw new MalformedEventException(what + " of suite '" + suite + "': " + violation);
        }
    }
}
