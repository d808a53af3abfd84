package io.fathom.probe.service;

import io.fathom.contracts.request.ProbeOptions;
import io.fathom.contracts.request.SplitNames;
import io.fathom.contracts.result.ErrorCode;
import io.fathom.contracts.result.ErrorEvent;
import io.fathom.contracts.result.ProbeLayerResult;
import io.fathom.contracts.result.ProbeSummary;
import io.fathom.contracts.result.ResultEvent;
import io.fathom.stats.McNemar;
import io.fathom.stats.Proportion;
import io.fathom.probe.baselines.SurfaceBaselines;
import io.fathom.probe.store.FeatureStore;
import io.fathom.probe.store.SplitFeatures;
import io.fathom.probe.tasks.ControlTask;
import io.fathom.training.LinearProbe;
import io.fathom.training.MlpProbe;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Probes every layer of every model of one suite once all its hidden states are in: a linear probe
 * per (model, pooling, layer) and its control task (trained together, in shared passes), then a
 * summary per pooling that compares models on the same test items. Problems of one model (too few samples, a single class) become error results
 * for that model; the other models go on.
 */
public final class SuiteProber {

    static final String LINEAR = "linear";
    static final String MLP = "mlp";
    private static final List<String> SPLITS = SplitNames.ALL;

    /** A suite whose hidden states are all stored; a model without a store had no items. */
    public record Suite(String runId, String suite, String task, List<String> models, Map<String, FeatureStore> stores,
            long seed, ProbeOptions options) {
    }

    private final int threads;
    private final int minTrainPerClass;
    private final Path scratch;

    /** @param scratch where a linear probe copies a layer's training rows while it trains on them */
    public SuiteProber(int threads, int minTrainPerClass, Path scratch) {
        this.threads = threads;
        this.minTrainPerClass = minTrainPerClass;
        this.scratch = scratch;
    }

    /** Which representation and which probe: a summary is made per view. */
    private record View(String pooling, String probe) {
    }

    /** The outcome of one model: its layer results per view, for the summary. */
    private record ModelOutcome(String model, Map<View, List<LayerOutcome>> byView, List<String> testIds) {
    }

    private record LayerOutcome(ProbeLayerResult result, int[] testCorrect) {
    }

    /** Trains everything and hands each result to {@code sink} as soon as it exists. */
    public void probe(Suite suite, Consumer<ResultEvent> sink) {
        ProbeSummary.Baselines baselines = baselines(suite);
        List<ModelOutcome> outcomes = new ArrayList<>();
        for (String model : suite.models()) {
            ModelOutcome outcome = probeModel(suite, model, sink);
            if (outcome != null) {
                outcomes.add(outcome);
            }
        }
        if (outcomes.isEmpty()) {
            return;
        }
        for (View view : outcomes.get(0).byView().keySet()) {
            sink.accept(summary(suite, view, outcomes, baselines));
        }
    }

    private ModelOutcome probeModel(Suite suite, String model, Consumer<ResultEvent> sink) {
        FeatureStore store = suite.stores().get(model);
        String scope = model + "/" + suite.suite();
        if (store == null || store.size() == 0) {
            sink.accept(error(suite, ErrorCode.TOO_FEW_SAMPLES, scope, "no hidden states of model " + model
                    + " arrived for suite '" + suite.suite() + "'; see the inference service's errors for this run"));
            return null;
        }
        List<FeatureStore.Item> items = store.items();
        Splits splits = Splits.of(items, suite.seed());
        Map<String, List<Integer>> rows = splits.rows();
        int unlabelled = splits.unlabelled();
        if (unlabelled > 0) {
            sink.accept(error(suite, ErrorCode.UNUSABLE_ITEM, scope, unlabelled + " of " + items.size()
                    + " items of model " + model + " have no label and were left out of the probes"));
        }
        TreeMap<String, Long> trainCounts = splits.trainCounts();
        if (trainCounts.size() < 2) {
            sink.accept(error(suite, ErrorCode.SINGLE_CLASS, scope, "the training split of suite '" + suite.suite()
                    + "' has " + (trainCounts.isEmpty() ? "no labels" : "a single class '" + trainCounts.firstKey()
                    + "'") + ": a probe needs at least two classes"));
            return null;
        }
        long fewest = trainCounts.values().stream().mapToLong(Long::longValue).min().orElse(0);
        if (fewest < minTrainPerClass || rows.get(SplitNames.DEV).isEmpty() || rows.get(SplitNames.TEST).isEmpty()) {
            sink.accept(error(suite, ErrorCode.TOO_FEW_SAMPLES, scope, "suite '" + suite.suite() + "' for model "
                    + model + " has train/dev/test = " + rows.get(SplitNames.TRAIN).size() + "/" + rows.get(SplitNames.DEV).size() + "/"
                    + rows.get(SplitNames.TEST).size() + " items and at least " + fewest + " per training class; a probe needs"
                    + " at least " + minTrainPerClass + " training items per class and one dev and one test item"));
            return null;
        }
        List<String> classes = new ArrayList<>(trainCounts.keySet());
        Map<String, int[]> rowNumbers = new HashMap<>();
        Map<String, int[]> labels = new HashMap<>();
        Map<String, int[]> controlLabels = new HashMap<>();
        ControlTask control = suite.options().control() ? ControlTask.of(trainCounts, suite.seed()) : null;
        for (String split : SPLITS) {
            int[] numbers = rows.get(split).stream().mapToInt(Integer::intValue).toArray();
            int[] classOf = new int[numbers.length];
            int[] controlOf = new int[numbers.length];
            for (int k = 0; k < numbers.length; k++) {
                FeatureStore.Item item = items.get(numbers[k]);
                classOf[k] = classes.indexOf(item.label()); // -1 for a label training never saw: always wrong
                controlOf[k] = control == null ? 0 : classes.indexOf(control.label(item.controlKey()));
            }
            rowNumbers.put(split, numbers);
            labels.put(split, classOf);
            controlLabels.put(split, controlOf);
        }
        int[] testRows = rowNumbers.get(SplitNames.TEST);
        double majority = SurfaceBaselines.majority(labels.get(SplitNames.TRAIN), labels.get(SplitNames.TEST),
                classes.size());
        boolean[] seenKey = control == null ? null : seenKeys(items, rowNumbers);
        List<String> probes = suite.options().mlp() ? List.of(LINEAR, MLP) : List.of(LINEAR);
        Map<View, List<LayerOutcome>> byView = new LinkedHashMap<>();
        for (int p = 0; p < store.poolings().size(); p++) {
            String pooling = store.poolings().get(p);
            probes.forEach(probe -> byView.put(new View(pooling, probe), new ArrayList<>()));
            for (int layer = 0; layer < store.layers(); layer++) {
                var matrix = store.matrix(p, layer);
                SplitFeatures[] task = new SplitFeatures[3];
                SplitFeatures[] controlTask = new SplitFeatures[3];
                for (int s = 0; s < 3; s++) {
                    String split = SPLITS.get(s);
                    task[s] = new SplitFeatures(matrix, rowNumbers.get(split), labels.get(split), classes.size());
                    controlTask[s] = new SplitFeatures(matrix, rowNumbers.get(split), controlLabels.get(split),
                            classes.size());
                }
                for (String probe : probes) {
                    LinearProbe.Result[] trained = train(probe, task, control == null ? null : controlTask, suite);
                    LinearProbe.Result fitted = trained[0];
                    Double controlAccuracy = control == null ? null : accuracyOn(seenKey,
                            trained[1].testPredictions(), controlLabels.get(SplitNames.TEST));
                    LayerOutcome outcome = outcome(suite, model, pooling, layer, probe, fitted, ceiling(seenKey),
                            controlAccuracy, labels.get(SplitNames.TEST), majority, classes.size(), rowNumbers);
                    sink.accept(outcome.result());
                    byView.get(new View(pooling, probe)).add(outcome);
                }
            }
        }
        List<String> testIds = new ArrayList<>();
        for (int row : testRows) {
            testIds.add(items.get(row).id());
        }
        return new ModelOutcome(model, byView, testIds);
    }

    /**
     * The task's probe and, where {@code control} is given, the control task's: a linear probe trains
     * both in the same passes over the layer's features (they share them; only the labels differ).
     */
    private LinearProbe.Result[] train(String probe, SplitFeatures[] splits, SplitFeatures[] control, Suite suite) {
        if (probe.equals(MLP)) {
            LinearProbe.Result task = MlpProbe.train(splits[0], splits[1], splits[2], MlpProbe.DEFAULT_DECAY_GRID,
                    suite.seed());
            return control == null ? new LinearProbe.Result[] {task} : new LinearProbe.Result[] {task,
                MlpProbe.train(control[0], control[1], control[2], MlpProbe.DEFAULT_DECAY_GRID, suite.seed())};
        }
        List<LinearProbe.Task> tasks = new ArrayList<>();
        tasks.add(new LinearProbe.Task(splits[0], splits[1], splits[2]));
        if (control != null) {
            tasks.add(new LinearProbe.Task(control[0], control[1], control[2]));
        }
        return LinearProbe.trainTogether(tasks, suite.options().cGrid(), threads, scratch).toArray(LinearProbe.Result[]::new);
    }

    /** Per test row, whether its control key occurs in training: a control probe can only memorise those. */
    private static boolean[] seenKeys(List<FeatureStore.Item> items, Map<String, int[]> rowNumbers) {
        Set<String> trainKeys = new HashSet<>();
        for (int row : rowNumbers.get(SplitNames.TRAIN)) {
            trainKeys.add(items.get(row).controlKey());
        }
        int[] testRows = rowNumbers.get(SplitNames.TEST);
        boolean[] seen = new boolean[testRows.length];
        for (int k = 0; k < testRows.length; k++) {
            seen[k] = trainKeys.contains(items.get(testRows[k]).controlKey());
        }
        return seen;
    }

    private static Double ceiling(boolean[] seenKey) {
        if (seenKey == null || seenKey.length == 0) {
            return null;
        }
        int seen = 0;
        for (boolean s : seenKey) {
            seen += s ? 1 : 0;
        }
        return (double) seen / seenKey.length;
    }

    /** Accuracy over the test rows with a seen control key; null when there are none. */
    private static Double accuracyOn(boolean[] seenKey, int[] predictions, int[] labels) {
        int rows = 0;
        int correct = 0;
        for (int k = 0; k < seenKey.length; k++) {
            if (seenKey[k]) {
                rows++;
                correct += predictions[k] == labels[k] ? 1 : 0;
            }
        }
        return rows == 0 ? null : (double) correct / rows;
    }

    private static LayerOutcome outcome(Suite suite, String model, String pooling, int layer, String probe,
            LinearProbe.Result fitted, Double controlCeiling, Double controlAccuracy, int[] testLabels,
            double majority, int classes, Map<String, int[]> rowNumbers) {
        int[] testRows = rowNumbers.get(SplitNames.TEST);
        int[] correct = new int[testRows.length];
        int correctCount = 0;
        for (int k = 0; k < testRows.length; k++) {
            correct[k] = fitted.testPredictions()[k] == testLabels[k] ? 1 : 0;
            correctCount += correct[k];
        }
        Proportion interval = Proportion.wilson95(correctCount, testRows.length);
        ProbeLayerResult result = ProbeLayerResult.of(suite.runId(), model, suite.suite(), suite.task(),
                pooling, layer, probe, fitted.testAccuracy(), interval.low(), interval.high(),
                fitted.devAccuracy(), majority, controlCeiling, controlAccuracy, fitted.chosenC(), classes,
                rowNumbers.get(SplitNames.TRAIN).length, rowNumbers.get(SplitNames.DEV).length, testRows.length);
        return new LayerOutcome(result, correct);
    }

    /** A store's labelled rows per split, how many items had no label, and the training class counts. */
    private record Splits(Map<String, List<Integer>> rows, int unlabelled, TreeMap<String, Long> trainCounts) {

        static Splits of(List<FeatureStore.Item> items, long seed) {
            Map<String, List<Integer>> rows = new LinkedHashMap<>();
            SPLITS.forEach(s -> rows.put(s, new ArrayList<>()));
            int unlabelled = 0;
            for (int row = 0; row < items.size(); row++) {
                FeatureStore.Item item = items.get(row);
                if (item.label() == null || item.label().isEmpty()) {
                    unlabelled++;
                    continue;
                }
                rows.get(item.split() != null ? item.split() : assignSplit(item.id(), seed)).add(row);
            }
            TreeMap<String, Long> trainCounts = new TreeMap<>();
            for (int row : rows.get(SplitNames.TRAIN)) {
                trainCounts.merge(items.get(row).label(), 1L, Long::sum);
            }
            return new Splits(rows, unlabelled, trainCounts);
        }

        /** The texts and class indices of one split (-1 for a class training never saw). */
        SurfaceBaselines.Split texts(List<FeatureStore.Item> items, String split, List<String> classes) {
            List<Integer> numbers = rows.get(split);
            List<String> texts = new ArrayList<>(numbers.size());
            int[] labels = new int[numbers.size()];
            for (int k = 0; k < numbers.size(); k++) {
                FeatureStore.Item item = items.get(numbers.get(k));
                texts.add(item.text());
                labels[k] = classes.indexOf(item.label());
            }
            return new SurfaceBaselines.Split(texts, labels);
        }
    }

    /**
     * The suite's surface baselines, from the items of its first model with any (every model gets
     * the same items, less those that failed); null where no split has what a classifier needs.
     */
    private static ProbeSummary.Baselines baselines(Suite suite) {
        FeatureStore store = suite.models().stream().map(suite.stores()::get)
                .filter(s -> s != null && s.size() > 0).findFirst().orElse(null);
        if (store == null) {
            return null;
        }
        List<FeatureStore.Item> items = store.items();
        Splits splits = Splits.of(items, suite.seed());
        if (splits.trainCounts().size() < 2 || splits.rows().get(SplitNames.DEV).isEmpty()
                || splits.rows().get(SplitNames.TEST).isEmpty()) {
            return null;
        }
        List<String> classes = new ArrayList<>(splits.trainCounts().keySet());
        return SurfaceBaselines.of(splits.texts(items, SplitNames.TRAIN, classes),
                splits.texts(items, SplitNames.DEV, classes), splits.texts(items, SplitNames.TEST, classes),
                classes.size(), suite.options().cGrid());
    }

    /** Items without a split: 80% train, 10% dev, 10% test, a fixed function of the id and seed. */
    static String assignSplit(String itemId, long seed) {
        int bucket = new SplittableRandom(seed * 0x9E3779B97F4A7C15L ^ itemId.hashCode()).nextInt(10);
        return bucket < 8 ? SplitNames.TRAIN : bucket == 8 ? SplitNames.DEV : SplitNames.TEST;
    }

    private static ProbeSummary summary(Suite suite, View view, List<ModelOutcome> outcomes,
            ProbeSummary.Baselines baselines) {
        List<ProbeSummary.ModelCurve> curves = new ArrayList<>();
        List<Integer> best = new ArrayList<>();
        for (ModelOutcome outcome : outcomes) {
            List<LayerOutcome> layers = outcome.byView().get(view);
            int bestLayer = 0;
            for (int l = 1; l < layers.size(); l++) { // by dev accuracy; ties keep the lower layer
                if (layers.get(l).result().devAccuracy() > layers.get(bestLayer).result().devAccuracy()) {
                    bestLayer = l;
                }
            }
            best.add(bestLayer);
            curves.add(new ProbeSummary.ModelCurve(outcome.model(), bestLayer,
                    layers.get(bestLayer).result().testAccuracy(),
                    layers.stream().map(l -> l.result().testAccuracy()).toList(),
                    layers.stream().map(l -> l.result().devAccuracy()).toList(),
                    layers.stream().map(l -> l.result().selectivity()).toList()));
        }
        List<ProbeSummary.Comparison> comparisons = new ArrayList<>();
        for (int a = 0; a < outcomes.size(); a++) {
            for (int b = a + 1; b < outcomes.size(); b++) {
                comparisons.add(compare(outcomes.get(a), best.get(a), outcomes.get(b), best.get(b), view));
            }
        }
        return ProbeSummary.of(suite.runId(), suite.suite(), suite.task(), view.pooling(), view.probe(), curves,
                comparisons, baselines);
    }

    /** McNemar on the test items both models have, matched by item id. */
    private static ProbeSummary.Comparison compare(ModelOutcome a, int layerA, ModelOutcome b, int layerB,
            View view) {
        int[] correctA = a.byView().get(view).get(layerA).testCorrect();
        int[] correctB = b.byView().get(view).get(layerB).testCorrect();
        Map<String, Integer> positionInB = new HashMap<>();
        for (int k = 0; k < b.testIds().size(); k++) {
            positionInB.put(b.testIds().get(k), k);
        }
        int items = 0;
        int bothA = 0;
        int bothB = 0;
        int onlyA = 0;
        int onlyB = 0;
        for (int k = 0; k < a.testIds().size(); k++) {
            Integer kb = positionInB.get(a.testIds().get(k));
            if (kb == null) {
                continue;
            }
            items++;
            bothA += correctA[k];
            bothB += correctB[kb];
            if (correctA[k] == 1 && correctB[kb] == 0) {
                onlyA++;
            } else if (correctA[k] == 0 && correctB[kb] == 1) {
                onlyB++;
            }
        }
        double pValue = McNemar.exact(onlyA, onlyB).pValue();
        return new ProbeSummary.Comparison(a.model(), b.model(), layerA, layerB,
                items == 0 ? Double.NaN : (double) bothA / items, items == 0 ? Double.NaN : (double) bothB / items,
                items, onlyA, onlyB, pValue);
    }

    private static ErrorEvent error(Suite suite, ErrorCode code, String scope, String message) {
        return ErrorEvent.of(suite.runId(), ProbeLayerResult.SERVICE, code, scope, message, List.of());
    }
}
