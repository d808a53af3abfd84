package io.fathom.bench;

import io.fathom.probe.store.SplitFeatures;
import io.fathom.training.Features;
import io.fathom.training.LinearProbe;
import io.fathom.training.ProbeData;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Probe training at SentEval scale: fathom's LinearProbe (all cores, the default grid; the task and
 * its control task trained together, as the service trains them) on every layer of synthetic hidden
 * states stored through the service's FeatureStore, against scikit-learn's lbfgs (the task only) and
 * liblinear's L2R_LR on the same features, standardisation, grid and dev-accuracy selection, on
 * subsets of the layers, interleaved layer by layer so all see the same machine state.
 */
final class ProbeBenchmark {

    static final long SEED = 20261121L;

    record Options(int train, int dev, int test, int layers, int dim, int classes, int[] liblinearLayers,
            int[] sklearnLayers, boolean control) {
    }

    private record Row(int layer, double oursSeconds, double oursCpu, LinearProbe.Result ours,
            LinearProbe.Result control, SklearnReference.Result sklearn, LiblinearReference.Result reference,
            double referenceCpu) {
    }

    /** {@code key=value} arguments after the mode; bare values fill the keys in order. */
    static Map<String, String> parse(String[] args, List<String> keys, Map<String, String> defaults) {
        Map<String, String> values = new java.util.LinkedHashMap<>(defaults);
        int position = 0;
        for (int i = 1; i < args.length; i++) {
            int eq = args[i].indexOf('=');
            String key = eq < 0 ? (position < keys.size() ? keys.get(position++) : null) : args[i].substring(0, eq);
            if (key == null || !keys.contains(key)) {
                throw new IllegalArgumentException("unknown argument '" + args[i] + "'; expected " + keys);
            }
            values.put(key, eq < 0 ? args[i] : args[i].substring(eq + 1));
        }
        return values;
    }

    static Options options(String[] args) {
        Map<String, String> defaults = new java.util.HashMap<>(Map.of("train", "100000", "dev", "10000", "test",
                "10000", "layers", "7", "dim", "384", "classes", "6", "liblinearLayers", "1", "sklearnLayers", "all",
                "control", "true"));
        Map<String, String> v = parse(args, List.of("train", "dev", "test", "layers", "dim", "classes",
                "liblinearLayers", "sklearnLayers", "control"), defaults);
        int layers = Integer.parseInt(v.get("layers"));
        return new Options(Integer.parseInt(v.get("train")), Integer.parseInt(v.get("dev")),
                Integer.parseInt(v.get("test")), layers, Integer.parseInt(v.get("dim")),
                Integer.parseInt(v.get("classes")), layerList(v.get("liblinearLayers"), layers),
                layerList(v.get("sklearnLayers"), layers), Boolean.parseBoolean(v.get("control")));
    }

    /** A count of layers spread over the depth, a list such as {@code 0,3}, or {@code all}. */
    private static int[] layerList(String value, int layers) {
        if (value.equals("all")) {
            return SyntheticFeatures.spread(layers, layers);
        }
        return value.contains(",") ? Arrays.stream(value.split(",")).mapToInt(Integer::parseInt).toArray()
                : SyntheticFeatures.spread(Integer.parseInt(value), layers);
    }

    static void run(Options o) throws Exception {
        int threads = Runtime.getRuntime().availableProcessors();
        SyntheticFeatures.Shape shape = new SyntheticFeatures.Shape(o.train(), o.dev(), o.test(), o.layers(), o.dim(),
                o.classes(), SEED);
        System.out.printf("probe benchmark: train/dev/test %d/%d/%d, %d layers x %d, %d classes, grid %s, "
                + "threads %d (of %d cores), control task %s, scikit-learn on layers %s, liblinear on layers %s, "
                + "max heap %d MiB, products %s%n", o.train(), o.dev(), o.test(),
                o.layers(), o.dim(), o.classes(), LinearProbe.DEFAULT_GRID, threads,
                Runtime.getRuntime().availableProcessors(), o.control() ? "trained together with the task" : "off",
                Arrays.toString(o.sklearnLayers()), Arrays.toString(o.liblinearLayers()),
                Runtime.getRuntime().maxMemory() >> 20, LinearProbe.products());
        Path directory = storeDirectory("fathom-probe-bench");
        try (SyntheticFeatures.Stored stored = new SyntheticFeatures(shape).ingest(directory)) {
            long bytes = stored.bytesOnDisk();
            System.out.printf("ingest (generate, encode, decode, FeatureStore.add): %d items in %.1f s (%.0f items/s);"
                    + " on disk %.1f MiB in %d files under %s (%.3f bytes per value)%n", shape.items(),
                    stored.ingestSeconds(), shape.items() / stored.ingestSeconds(), bytes / 1048576.0, o.layers(),
                    directory, (double) bytes / ((long) shape.items() * o.layers() * o.dim()));
            long t = System.nanoTime();
            streamOnce(stored.split(0, "train"));
            System.out.printf("one streamed pass over the train split of a layer (SplitFeatures.read, 1024-row "
                    + "chunks, page cache warm): %.3f s%n", (System.nanoTime() - t) / 1e9);
            warmUp(stored);

            List<Row> rows = new ArrayList<>();
            for (int layer = 0; layer < o.layers(); layer++) {
                SplitFeatures train = stored.split(layer, "train");
                SplitFeatures dev = stored.split(layer, "dev");
                SplitFeatures test = stored.split(layer, "test");
                long cpu = cpuNanos();
                long start = System.nanoTime();
                List<LinearProbe.Task> tasks = new ArrayList<>(List.of(new LinearProbe.Task(train, dev, test)));
                if (o.control()) {
                    tasks.add(new LinearProbe.Task(stored.controlSplit(layer, "train"),
                            stored.controlSplit(layer, "dev"), stored.controlSplit(layer, "test")));
                }
                List<LinearProbe.Result> results = LinearProbe.trainTogether(tasks, LinearProbe.DEFAULT_GRID, threads);
                LinearProbe.Result ours = results.get(0);
                LinearProbe.Result control = o.control() ? results.get(1) : null;
                double oursSeconds = (System.nanoTime() - start) / 1e9;
                double oursCpu = (cpuNanos() - cpu) / 1e9;
                System.out.printf("layer %d: fathom %.1f s (cpu %.1f s; %d L-BFGS iterations over the grid for the task"
                        + "%s), test %.4f, dev %.4f, C=%s%n", layer, oursSeconds, oursCpu, ours.iterations(),
                        control == null ? "" : String.format(", %d for the control task, test %.4f, C=%s",
                                control.iterations(), control.testAccuracy(), control.chosenC()),
                        ours.testAccuracy(), ours.devAccuracy(), ours.chosenC());
                SklearnReference.Result sklearn = null;
                if (contains(o.sklearnLayers(), layer)) {
                    Path files = directory.resolve("sklearn-layer-" + layer);
                    long t0 = System.nanoTime();
                    SklearnReference.write(files, train, dev, test);
                    double written = (System.nanoTime() - t0) / 1e9;
                    sklearn = SklearnReference.train(files, o.dim(), LinearProbe.DEFAULT_GRID);
                    try (var listing = Files.list(files)) {
                        for (Path f : listing.toList()) {
                            Files.delete(f);
                        }
                    }
                    Files.delete(files);
                    System.out.printf("layer %d: scikit-learn %.1f s (task only; writing the splits %.1f s and loading "
                            + "them %.1f s untimed; %s), test %.4f, dev %.4f, C=%s%n", layer, sklearn.seconds(), written,
                            sklearn.loadSeconds(), sklearn.perC(), sklearn.testAccuracy(), sklearn.devAccuracy(),
                            sklearn.chosenC());
                }
                LiblinearReference.Result reference = null;
                double referenceCpu = Double.NaN;
                if (contains(o.liblinearLayers(), layer)) {
                    cpu = cpuNanos();
                    reference = LiblinearReference.train(train, dev, test, LinearProbe.DEFAULT_GRID);
                    referenceCpu = (cpuNanos() - cpu) / 1e9;
                    System.out.printf("layer %d: liblinear %.1f s (cpu %.1f s; standardise + build problem %.1f s; "
                            + "per C: %s), test %.4f, dev %.4f, C=%s%n", layer, reference.seconds(), referenceCpu,
                            reference.prepareSeconds(), reference.perC().stream().map(p -> String.format(
                                    "%s: %.1f s dev %.4f", p.c(), p.seconds(), p.devAccuracy())).toList(),
                            reference.testAccuracy(), reference.devAccuracy(), reference.chosenC());
                }
                rows.add(new Row(layer, oursSeconds, oursCpu, ours, control, sklearn, reference, referenceCpu));
            }
            report(rows, o);
        }
    }

    private static void report(List<Row> rows, Options o) {
        System.out.println();
        System.out.println("| layer | fathom s (task" + (o.control() ? " + control" : "") + ") | fathom cpu-s | fathom"
                + " test acc | fathom C | control test acc | scikit-learn s (task) | scikit-learn test acc |"
                + " scikit-learn C | speed ratio (scikit-learn s / fathom s) |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|");
        double ours = 0;
        double theirs = 0;
        int sameC = 0;
        int compared = 0;
        double worst = Double.NEGATIVE_INFINITY;
        for (Row r : rows) {
            String ref = "| - | - | - | -";
            if (r.sklearn() != null) {
                compared++;
                ours += r.oursSeconds();
                theirs += r.sklearn().seconds();
                sameC += r.sklearn().chosenC() == r.ours().chosenC() ? 1 : 0;
                worst = Math.max(worst, 100 * (r.sklearn().testAccuracy() - r.ours().testAccuracy()));
                ref = String.format("| %.1f | %.4f | %s | **%.1fx**", r.sklearn().seconds(), r.sklearn().testAccuracy(),
                        r.sklearn().chosenC(), r.sklearn().seconds() / r.oursSeconds());
            }
            System.out.printf("| %d | %.1f | %.1f | %.4f | %s | %s %s |%n", r.layer(), r.oursSeconds(), r.oursCpu(),
                    r.ours().testAccuracy(), r.ours().chosenC(), r.control() == null ? "-"
                            : String.format("%.4f", r.control().testAccuracy()), ref);
        }
        if (compared > 0) {
            System.out.printf("%non the %d layer(s) both trained: fathom %.1f s (task%s), scikit-learn %.1f s (task only);"
                    + " speed ratio %.2fx; same C on %d of %d; scikit-learn - fathom test accuracy at most %+.2f points%n",
                    compared, ours, o.control() ? " + control" : "", theirs, theirs / ours, sameC, compared, worst);
        }
        System.out.println("| layer | fathom s | fathom cpu-s | fathom test acc | fathom C | liblinear s | liblinear cpu-s"
                + " | liblinear test acc | liblinear C | speed ratio (liblinear s / fathom s) |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|");
        double oursAll = 0;
        double oursAllCpu = 0;
        double oursOnShared = 0;
        double oursOnSharedCpu = 0;
        double reference = 0;
        double referenceCpu = 0;
        double worstGap = Double.NEGATIVE_INFINITY; // liblinear minus fathom, in points
        int shared = 0;
        for (Row r : rows) {
            oursAll += r.oursSeconds();
            oursAllCpu += r.oursCpu();
            String ref = "| - | - | - | - | -";
            if (r.reference() != null) {
                shared++;
                oursOnShared += r.oursSeconds();
                oursOnSharedCpu += r.oursCpu();
                reference += r.reference().seconds();
                referenceCpu += r.referenceCpu();
                worstGap = Math.max(worstGap, 100 * (r.reference().testAccuracy() - r.ours().testAccuracy()));
                ref = String.format("| %.1f | %.1f | %.4f | %s | **%.1fx**", r.reference().seconds(), r.referenceCpu(),
                        r.reference().testAccuracy(), r.reference().chosenC(), r.reference().seconds() / r.oursSeconds());
            }
            System.out.printf("| %d | %.1f | %.1f | %.4f | %s %s |%n", r.layer(), r.oursSeconds(), r.oursCpu(),
                    r.ours().testAccuracy(), r.ours().chosenC(), ref);
        }
        System.out.printf("%nfathom, all %d layers: %.1f s (cpu %.1f s), %.1f s per layer%n", rows.size(), oursAll,
                oursAllCpu, oursAll / rows.size());
        if (shared > 0) {
            System.out.printf("on the %d layer(s) both trained: fathom %.1f s (cpu %.1f s), liblinear %.1f s (cpu %.1f s);"
                    + " speed ratio %.1fx wall, %.1fx cpu; liblinear - fathom test accuracy at most %+.2f points%n",
                    shared, oursOnShared, oursOnSharedCpu, reference, referenceCpu, reference / oursOnShared,
                    referenceCpu / oursOnSharedCpu, worstGap);
            System.out.printf("liblinear extrapolated to all %d layers: about %.0f s (%.1f min), against fathom's %.1f s%n",
                    rows.size(), reference / shared * rows.size(), reference / shared * rows.size() / 60, oursAll);
            boolean met = reference / oursOnShared >= 10 && worstGap <= 0.5;
            System.out.printf("target (fathom >= 10x faster at test accuracy within 0.5 points): %s%n",
                    met ? "met" : "NOT met");
        }
    }

    /** Untimed: the JIT compiles both trainers on a small slice of layer 0. */
    private static void warmUp(SyntheticFeatures.Stored stored) {
        long start = System.nanoTime();
        Features train = head(stored.split(0, "train"), 8192);
        Features dev = head(stored.split(0, "dev"), 2048);
        Features test = head(stored.split(0, "test"), 2048);
        LinearProbe.train(train, dev, test, LinearProbe.DEFAULT_GRID, Runtime.getRuntime().availableProcessors());
        LiblinearReference.train(head(train, 2048), dev, test, List.of(0.001));
        System.out.printf("warm-up on 8192 rows of layer 0, liblinear on 2048 (untimed): %.1f s%n",
                (System.nanoTime() - start) / 1e9);
    }

    private static Features head(Features data, int rows) {
        int n = Math.min(rows, data.rows());
        float[] x = new float[n * data.dim()];
        data.read(0, n, x);
        return new ProbeData(x, n, data.dim(), Arrays.copyOf(data.labels(), n), data.classes());
    }

    static void streamOnce(Features data) {
        float[] chunk = new float[1024 * data.dim()];
        for (int from = 0; from < data.rows(); from += 1024) {
            data.read(from, Math.min(data.rows(), from + 1024), chunk);
        }
    }

    static Path storeDirectory(String prefix) throws java.io.IOException {
        String base = System.getenv().getOrDefault("FATHOM_BENCH_DIR", "");
        return base.isEmpty() ? Files.createTempDirectory(prefix) : Files.createTempDirectory(
                Files.createDirectories(Path.of(base)), prefix);
    }

    static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static boolean contains(int[] values, int value) {
        return Arrays.stream(values).anyMatch(v -> v == value);
    }
}
