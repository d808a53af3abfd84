package io.fathom.bench;

import io.fathom.contracts.hidden.HiddenStateCodec;
import io.fathom.contracts.hidden.HiddenStateEvent;
import io.fathom.contracts.hidden.HiddenStateHeader;
import io.fathom.probe.store.FeatureStore;
import io.fathom.probe.store.HalfMatrix;
import io.fathom.probe.store.SplitFeatures;
import io.fathom.probe.tasks.ControlTask;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * Synthetic hidden states for probe benchmarks, a fixed function of the seed: every item has a
 * class, a split and one mean-pooled vector per layer. Per layer, each class has a Gaussian centre
 * whose spread (the signal) rises towards 60% of the depth and falls after it; on top come 8 latent
 * factors shared by all classes (strongly correlated, anisotropic features, as real hidden states
 * have), unit noise, and a per-feature offset and scale (so that standardisation matters). Items
 * go through the service's path: encoded and decoded as hidden-state events, then added to a
 * {@link FeatureStore} (half precision on disk, one file per layer), read back as
 * {@link SplitFeatures}.
 */
final class SyntheticFeatures {

    record Shape(int train, int dev, int test, int layers, int dim, int classes, long seed) {

        int items() {
            return train + dev + test;
        }
    }

    /** The store and, per split, its row numbers and class indices, built the way SuiteProber builds them. */
    record Stored(FeatureStore store, Path directory, Map<String, int[]> rows, Map<String, int[]> labels,
            Map<String, int[]> controlLabels, int classes, double ingestSeconds) implements AutoCloseable {

        SplitFeatures split(int layer, String split) {
            HalfMatrix matrix = store.matrix(0, layer);
            return new SplitFeatures(matrix, rows.get(split), labels.get(split), classes);
        }

        /** The same rows labelled by the control task, as SuiteProber labels them. */
        SplitFeatures controlSplit(int layer, String split) {
            HalfMatrix matrix = store.matrix(0, layer);
            return new SplitFeatures(matrix, rows.get(split), controlLabels.get(split), classes);
        }

        long bytesOnDisk() {
            try (Stream<Path> files = Files.list(directory)) {
                return files.mapToLong(f -> {
                    try {
                        return Files.size(f);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }).sum();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void close() {
            store.close();
        }
    }

    private static final int FACTORS = 8;
    /** Standard deviation of a factor's loading on a feature, in units of the noise. */
    private static final double LOADING = 0.25;
    private static final int TABLE_BITS = 20;
    private static final List<String> SPLITS = List.of("train", "dev", "test");

    private final Shape shape;
    /** [layer][class * dim + j] */
    private final float[][] centres;
    /** [layer][factor * dim + j] */
    private final float[][] loadings;
    private final float[][] offsets;
    private final float[][] scales;
    /** Standard normal values, indexed by random ints: far cheaper than a nextGaussian per value. */
    private final float[] gaussians = new float[1 << TABLE_BITS];

    SyntheticFeatures(Shape shape) {
        this.shape = shape;
        SplittableRandom random = new SplittableRandom(shape.seed());
        for (int i = 0; i < gaussians.length; i++) {
            gaussians[i] = (float) random.nextGaussian();
        }
        int layers = shape.layers();
        int dim = shape.dim();
        centres = new float[layers][shape.classes() * dim];
        loadings = new float[layers][FACTORS * dim];
        offsets = new float[layers][dim];
        scales = new float[layers][dim];
        for (int l = 0; l < layers; l++) {
            // expected distance between two class centres, in units of the noise's standard deviation
            double sd = separation(l, layers) / Math.sqrt(2.0 * dim);
            for (int k = 0; k < centres[l].length; k++) {
                centres[l][k] = (float) (random.nextGaussian() * sd);
            }
            for (int k = 0; k < loadings[l].length; k++) {
                loadings[l][k] = (float) (random.nextGaussian() * LOADING);
            }
            for (int j = 0; j < dim; j++) {
                boolean rogue = j % 97 == 5; // a few dimensions with a large offset and scale
                offsets[l][j] = (float) (random.nextGaussian() * (rogue ? 20 : 1));
                scales[l][j] = (float) (Math.exp(random.nextGaussian() * 0.5) * (rogue ? 8 : 1));
            }
        }
    }

    /** Class-centre distance of a layer: about 1.1 at the bottom, 3 at 60% of the depth, 1.5 at the top. */
    static double separation(int layer, int layers) {
        double t = layers == 1 ? 0.6 : (double) layer / (layers - 1);
        return 1 + 2 * Math.exp(-Math.pow((t - 0.6) / 0.35, 2));
    }

    /** Generates every item, sends it through the codec and into a new store under {@code directory}. */
    Stored ingest(Path directory) {
        int items = shape.items();
        String[] splitOf = new String[items];
        int k = 0;
        for (int s = 0; s < 3; s++) {
            int count = s == 0 ? shape.train() : s == 1 ? shape.dev() : shape.test();
            for (int i = 0; i < count; i++) {
                splitOf[k++] = SPLITS.get(s);
            }
        }
        SplittableRandom shuffle = new SplittableRandom(shape.seed() ^ 0x5DEECE66DL);
        for (int i = items - 1; i > 0; i--) { // splits interleaved, as items of a suite arrive
            int j = shuffle.nextInt(i + 1);
            String t = splitOf[i];
            splitOf[i] = splitOf[j];
            splitOf[j] = t;
        }
        long start = System.nanoTime();
        FeatureStore store = null;
        float[] values = new float[shape.layers() * shape.dim()];
        for (int i = 0; i < items; i++) {
            int label = generate(i, values);
            String text = "synthetic sentence " + i + " ends with w" + (i % 997) + " .";
            HiddenStateHeader header = new HiddenStateHeader(1, "bench-probe", "synthetic-" + shape.layers() + "x"
                    + shape.dim(), "synthetic", "item-" + i, "class-" + label, splitOf[i], text, Map.of(), 16, false,
                    List.of("mean"), HiddenStateHeader.DTYPE_FLOAT16, new int[] {1, shape.layers(), shape.dim()}, null);
            // the service's path: an event's bytes decoded, checked, added
            HiddenStateEvent event = HiddenStateCodec.decode(HiddenStateCodec.encode(header, values));
            if (store == null) {
                store = new FeatureStore(directory, event.header());
            }
            if (!store.contains(header.itemId()) && store.fits(event.header())) {
                store.add(event, ControlTask.keyOf(text));
            }
        }
        for (int l = 0; l < shape.layers(); l++) {
            store.matrix(0, l); // flushes every file
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        // row numbers and class indices per split, as SuiteProber derives them from the item index
        List<FeatureStore.Item> index = store.items();
        TreeSet<String> classNames = new TreeSet<>();
        for (FeatureStore.Item item : index) {
            if (item.split().equals("train")) {
                classNames.add(item.label());
            }
        }
        List<String> classes = new ArrayList<>(classNames);
        Map<String, Long> trainCounts = new java.util.TreeMap<>();
        for (FeatureStore.Item item : index) {
            if (item.split().equals("train")) {
                trainCounts.merge(item.label(), 1L, Long::sum);
            }
        }
        ControlTask control = ControlTask.of(trainCounts, shape.seed());
        Map<String, int[]> controlLabels = new HashMap<>();
        Map<String, List<Integer>> rowLists = new HashMap<>();
        SPLITS.forEach(s -> rowLists.put(s, new ArrayList<>()));
        for (int row = 0; row < index.size(); row++) {
            rowLists.get(index.get(row).split()).add(row);
        }
        Map<String, int[]> rows = new HashMap<>();
        Map<String, int[]> labels = new HashMap<>();
        for (String split : SPLITS) {
            int[] numbers = rowLists.get(split).stream().mapToInt(Integer::intValue).toArray();
            int[] classOf = new int[numbers.length];
            for (int r = 0; r < numbers.length; r++) {
                classOf[r] = classes.indexOf(index.get(numbers[r]).label());
            }
            int[] controlOf = new int[numbers.length];
            for (int r = 0; r < numbers.length; r++) {
                controlOf[r] = classes.indexOf(control.label(index.get(numbers[r]).controlKey()));
            }
            rows.put(split, numbers);
            labels.put(split, classOf);
            controlLabels.put(split, controlOf);
        }
        return new Stored(store, directory, rows, labels, controlLabels, classes.size(), seconds);
    }

    /** Writes item {@code item}'s vectors ({@code layers x dim}) into {@code out}; returns its class. */
    private int generate(int item, float[] out) {
        int dim = shape.dim();
        SplittableRandom random = new SplittableRandom(mix(shape.seed(), item, -1));
        int label = random.nextInt(shape.classes());
        float[] factors = new float[FACTORS];
        for (int f = 0; f < FACTORS; f++) {
            factors[f] = (float) random.nextGaussian();
        }
        // layers in parallel, each from its own generator: the values do not depend on the thread count
        IntStream.range(0, shape.layers()).parallel().forEach(l -> {
            SplittableRandom noise = new SplittableRandom(mix(shape.seed(), item, l));
            int base = l * dim;
            float[] centre = centres[l];
            float[] loading = loadings[l];
            for (int j = 0; j < dim; j++) {
                float v = centre[label * dim + j] + gaussians[noise.nextInt() >>> (32 - TABLE_BITS)];
                for (int f = 0; f < FACTORS; f++) {
                    v += factors[f] * loading[f * dim + j];
                }
                out[base + j] = offsets[l][j] + scales[l][j] * v;
            }
        });
        return label;
    }

    private static long mix(long seed, int item, int layer) {
        long z = seed + 0x9E3779B97F4A7C15L * (item + 1) + 0xC2B2AE3D27D4EB4FL * (layer + 2);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Layers spread evenly over the depth: {@code count} of {@code layers}, e.g. 1 of 7 is layer 3. */
    static int[] spread(int count, int layers) {
        count = Math.max(0, Math.min(count, layers));
        int[] chosen = new int[count];
        for (int k = 0; k < count; k++) {
            chosen[k] = (int) Math.floor((k + 0.5) * layers / count);
        }
        return chosen;
    }
}
