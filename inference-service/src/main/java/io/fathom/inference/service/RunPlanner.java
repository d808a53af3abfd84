package io.fathom.inference.service;

import io.fathom.contracts.Services;
import io.fathom.contracts.generation.GenerationEvent;
import io.fathom.contracts.request.CorpusExample;
import io.fathom.contracts.request.CorpusSource;
import io.fathom.contracts.request.EvaluationRequest;
import io.fathom.contracts.request.GeneratedDataset;
import io.fathom.contracts.request.LabelledText;
import io.fathom.contracts.request.ModelRef;
import io.fathom.contracts.request.Suite;
import io.fathom.contracts.request.SuiteKind;
import io.fathom.contracts.result.ErrorCode;
import io.fathom.contracts.result.ErrorEvent;
import io.fathom.datasets.BuiltinDatasets;
import io.fathom.datasets.Example;
import io.fathom.datasets.Sizes;
import io.fathom.inference.backend.ModelCatalog;
import io.fathom.inference.config.InferenceConfig;
import io.fathom.inference.domain.RunPlan;
import io.fathom.inference.domain.WorkItem;
import io.fathom.inference.suite.DatasetFiles;
import io.fathom.inference.suite.DatasetReader;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks what the schema cannot (models served, suites non-empty, item ids unique, datasets
 * readable) and expands suites into items, generating built-in datasets from the run's seed;
 * scored suites become their recorded answers and the texts their judge needs embedded; corpus
 * suites become their sources' examples, for their embedder. Every problem of a request is
 * reported at once, so a user fixes them in one round.
 */
@ApplicationScoped
public class RunPlanner {

    static final String SERVICE = Services.INFERENCE;

    private final ModelCatalog catalog;
    private final InferenceConfig config;
    private final DatasetFiles.Limits datasetLimits;

    RunPlanner(ModelCatalog catalog, InferenceConfig config) {
        this.catalog = catalog;
        this.config = config;
        this.datasetLimits = DatasetFiles.Limits.of(config);
    }

    /** Either a plan or the errors that keep the run from starting. */
    public record Planned(RunPlan plan, List<ErrorEvent> errors) {
    }

    /** @param submission the request's position on fathom.requests ({@code partition@offset}), null if unknown */
    public Planned plan(EvaluationRequest request, String submission) {
        String runId = request.runId();
        List<ErrorEvent> errors = new ArrayList<>();
        List<String> modelIds = new ArrayList<>();
        boolean probing = request.suites().stream().anyMatch(s -> s.kind() == SuiteKind.PROBING);
        Map<String, ModelRef> corpusEmbedders = new LinkedHashMap<>();
        for (Suite suite : request.suites()) {
            if (suite.kind() == SuiteKind.CORPUS) {
                String requested = suite.mix().embedder() != null ? suite.mix().embedder()
                        : request.models().get(0).id();
                ModelRef embedder = runModel(request.models(), requested);
                if (embedder == null) {
                    errors.add(suiteError(runId, suite, ErrorCode.SCHEMA_VIOLATION, "suite '" + suite.name()
                            + "': mix.embedder '" + requested + "' is not one of the run's models "
                            + request.models().stream().map(ModelRef::id).toList()));
                } else {
                    corpusEmbedders.put(suite.name(), embedder);
                }
            }
        }
        for (ModelRef model : request.models()) {
            // models run probing suites and embed corpus suites; scored suites grade answers given in the request
            boolean runs = probing || corpusEmbedders.containsValue(model);
            String id = runs ? catalog.resolve(model.id()) : model.id();
            if (id == null) {
                errors.add(ErrorEvent.of(runId, SERVICE, ErrorCode.UNKNOWN_MODEL, model.id(),
                        "unknown model '" + model.id() + "'; this service serves " + catalog.knownModels().values(),
                        List.copyOf(catalog.knownModels().values())));
            } else if (modelIds.contains(id)) {
                errors.add(ErrorEvent.of(runId, SERVICE, ErrorCode.SCHEMA_VIOLATION, model.id(),
                        "model '" + id + "' is listed twice", List.of()));
            } else {
                modelIds.add(id);
            }
        }
        Map<String, List<WorkItem>> itemsBySuite = new LinkedHashMap<>();
        Map<String, List<GenerationEvent>> answersBySuite = new LinkedHashMap<>();
        Map<String, String> generators = new LinkedHashMap<>();
        for (ModelRef model : request.models()) {
            String served = catalog.resolve(model.id());
            if (served != null && catalog.generates(served)) {
                generators.put(model.id(), served);
            }
        }
        List<ErrorEvent> notices = new ArrayList<>();
        String embedder = null;
        if (request.suites().stream().anyMatch(s -> s.kind() == SuiteKind.QUESTIONS)) {
            String requested = request.options().scoring().embedder();
            embedder = catalog.resolve(requested);
            if (embedder == null) {
                errors.add(ErrorEvent.of(runId, SERVICE, ErrorCode.UNKNOWN_MODEL, requested, "unknown embedder '"
                        + requested + "' (options.scoring.embedder); this service serves "
                        + catalog.knownModels().values(), List.copyOf(catalog.knownModels().values())));
            }
        }
        // generated suites are counted before any is generated: generating first can exhaust the heap
        long declared = 0;
        for (Suite suite : request.suites()) {
            if (suite.kind() == SuiteKind.PROBING) {
                GeneratedDataset generated = suite.generated();
                long items = generated != null
                        ? (long) generated.trainOrDefault() + generated.devOrDefault() + generated.testOrDefault()
                        : suite.items() == null ? 0 : suite.items().size();
                declared += items * modelIds.size();
            }
        }
        if (declared > config.maxItemsPerRun()) {
            errors.add(tooManyItems(runId, declared));
            return new Planned(null, errors);
        }
        for (Suite suite : request.suites()) {
            if (itemsBySuite.containsKey(suite.name())) {
                errors.add(suiteError(runId, suite, ErrorCode.SCHEMA_VIOLATION, "suite name '" + suite.name()
                        + "' is used twice in the run"));
                continue;
            }
            if (suite.kind().scored()) {
                ScoringPlan.Recorded recorded = ScoringPlan.recorded(runId, suite, request.models());
                answersBySuite.put(suite.name(), recorded.answers());
                itemsBySuite.put(suite.name(), ScoringPlan.texts(suite, recorded.answers()));
                notices.addAll(recorded.notices());
                notices.addAll(ScoringPlan.missingAnswers(runId, suite, request.models(), generators));
                continue;
            }
            List<WorkItem> items;
            try {
                items = suite.kind() == SuiteKind.CORPUS ? corpus(suite)
                        : suite.dataset() != null
                                ? DatasetReader.read(suite.name(), suite.dataset(), datasetLimits)
                        : suite.generated() != null ? generated(suite, request.options().seed())
                        : inline(suite);
            } catch (DatasetReader.DatasetException e) {
                errors.add(suiteError(runId, suite, e.code(), "suite '" + suite.name() + "': " + e.getMessage()));
                continue;
            } catch (IllegalArgumentException e) {
                errors.add(suiteError(runId, suite, ErrorCode.DATASET_UNREADABLE, "suite '" + suite.name() + "': "
                        + e.getMessage()));
                continue;
            } catch (EmptySourceException e) {
                errors.add(suiteError(runId, suite, ErrorCode.EMPTY_SUITE, e.getMessage()));
                continue;
            }
            if (items.isEmpty()) {
                errors.add(suiteError(runId, suite, ErrorCode.EMPTY_SUITE, "suite '" + suite.name()
                        + "' has no items" + (suite.dataset() != null ? " in " + suite.dataset().uri() : "")));
                continue;
            }
            String duplicate = firstDuplicateId(items);
            if (duplicate != null) {
                errors.add(suiteError(runId, suite, ErrorCode.DUPLICATE_ITEM, "suite '" + suite.name()
                        + "' has more than one item with id '" + duplicate + "'"));
                continue;
            }
            itemsBySuite.put(suite.name(), items);
        }
        long total = 0;
        for (Suite suite : request.suites()) {
            List<WorkItem> items = itemsBySuite.getOrDefault(suite.name(), List.of());
            if (suite.kind() == SuiteKind.PROBING) {
                total += (long) items.size() * modelIds.size();
            } else if (suite.kind() == SuiteKind.CORPUS) {
                total += items.size(); // its embedder alone encodes it
            } else if (suite.kind().scored() && itemsBySuite.containsKey(suite.name())) {
                long generating = request.models().stream().filter(m -> generators.containsKey(m.id())
                        && !ScoringPlan.answered(suite, m.id())).count();
                // a generated answer of a questions suite is generated and then embedded
                total += items.size() + answersBySuite.get(suite.name()).size() + generating
                        * ScoringPlan.prompts(suite).size() * (suite.kind() == SuiteKind.QUESTIONS ? 2 : 1);
            }
        }
        if (total > config.maxItemsPerRun()) {
            errors.add(tooManyItems(runId, total));
        }
        if (!errors.isEmpty()) {
            return new Planned(null, errors);
        }
        Map<String, String> servedEmbedders = new LinkedHashMap<>();
        corpusEmbedders.forEach((suite, model) -> servedEmbedders.put(suite, catalog.resolve(model.id())));
        return new Planned(new RunPlan(request, probing ? modelIds : List.of(), itemsBySuite, answersBySuite,
                generators, embedder, servedEmbedders, notices, submission), List.of());
    }

    private ErrorEvent tooManyItems(String runId, long total) {
        return ErrorEvent.of(runId, SERVICE, ErrorCode.REQUEST_TOO_LARGE, "run", "run has " + total
                + " item x model pairs; this service takes at most " + config.maxItemsPerRun()
                + " per run (fathom.inference.max-items-per-run): split it into several runs", List.of());
    }

    /** The run's model that {@code id} names, as listed or as the same served model; null when none. */
    private ModelRef runModel(List<ModelRef> models, String id) {
        String served = catalog.resolve(id);
        return models.stream()
                .filter(m -> m.id().equals(id) || served != null && served.equals(catalog.resolve(m.id())))
                .findFirst().orElse(null);
    }

    /**
     * A corpus suite's examples, source by source in request order, each item's id the source's name
     * and the example's id (from a file: its "id", else {@code L<line>}; inline: its id, else
     * {@code I<index from 1>}); labelled with the source's domain unless it is unlabelled.
     */
    private List<WorkItem> corpus(Suite suite) throws DatasetReader.DatasetException, EmptySourceException {
        List<WorkItem> items = new ArrayList<>();
        for (CorpusSource source : suite.sources()) {
            List<CorpusExample> examples;
            try {
                examples = source.dataset() != null ? DatasetReader.readCorpus(source.dataset(), datasetLimits)
                        : source.items();
            } catch (DatasetReader.DatasetException e) {
                throw new DatasetReader.DatasetException(e.code(), "source '" + source.name() + "': "
                        + e.getMessage());
            }
            if (examples.isEmpty()) {
                throw new EmptySourceException("source '" + source.name() + "' of suite '" + suite.name()
                        + "' has no examples" + (source.dataset() != null ? " in " + source.dataset().uri() : ""));
            }
            String label = source.labelled() ? source.domain() : null;
            for (int position = 0; position < examples.size(); position++) {
                CorpusExample example = examples.get(position);
                // examples read from a file always have an id: only inline ones fall back to their index
                String id = example.id() != null ? example.id() : "I" + (position + 1);
                items.add(new WorkItem(suite.name(), source.name() + "/" + id, example.content(), label, null,
                        Map.of("source", source.name(), "position", String.valueOf(position))));
            }
        }
        return items;
    }

    /** A corpus source without a single example. */
    private static final class EmptySourceException extends Exception {
        EmptySourceException(String message) {
            super(message);
        }
    }

    private static List<WorkItem> inline(Suite suite) {
        List<WorkItem> items = new ArrayList<>();
        for (LabelledText text : suite.labelledTexts()) {
            items.add(new WorkItem(suite.name(), text.id(), text.text(), text.label(), text.split(),
                    text.metadata() == null ? Map.of() : text.metadata()));
        }
        return items;
    }

    /** Ids are split and position ({@code train-17}), stable for the same dataset, sizes and seed. */
    private static List<WorkItem> generated(Suite suite, long seed) {
        GeneratedDataset dataset = suite.generated();
        Sizes sizes = new Sizes(dataset.trainOrDefault(), dataset.devOrDefault(), dataset.testOrDefault());
        Map<String, Integer> positions = new HashMap<>();
        List<WorkItem> items = new ArrayList<>();
        for (Example example : BuiltinDatasets.generate(dataset.name(), sizes, seed, dataset.parameters())) {
            int position = positions.merge(example.split(), 1, Integer::sum) - 1;
            items.add(new WorkItem(suite.name(), example.split() + "-" + position, example.text(), example.label(),
                    example.split(), Map.of()));
        }
        return items;
    }

    private static String firstDuplicateId(List<WorkItem> items) {
        Set<String> seen = new HashSet<>();
        for (WorkItem item : items) {
            if (!seen.add(item.id())) {
                return item.id();
            }
        }
        return null;
    }

    private static ErrorEvent suiteError(String runId, Suite suite, ErrorCode code, String message) {
        return ErrorEvent.of(runId, SERVICE, code, "suite/" + suite.name(), message, List.of());
    }
}
