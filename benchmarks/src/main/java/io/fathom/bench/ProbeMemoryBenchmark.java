package io.fathom.bench;

import io.fathom.probe.store.SplitFeatures;
import io.fathom.training.LinearProbe;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Whether probe training stays memory-bounded at the size of a large model: 33 layers x 4096
 * (Llama-2-7B-like), 20k items, ingested through the FeatureStore, one or two layers trained with
 * the default grid, heap watched throughout. run.sh runs it with -Xmx512m, while the features alone
 * take 5.4 GB (half precision) on disk.
 */
final class ProbeMemoryBenchmark {

    private static final double MIB = 1024 * 1024;
    /** Lbfgs.HISTORY: s and y vectors kept per step. */
    private static final int LBFGS_HISTORY = 10;
    /** SecondMoment.RANK: the directions of the preconditioner, and the columns of its passes. */
    private static final int MOMENT_RANK = 32;

    record Options(int train, int dev, int test, int layers, int dim, int classes, int trainLayers) {
    }

    static Options options(String[] args) {
        Map<String, String> v = ProbeBenchmark.parse(args, List.of("train", "dev", "test", "layers", "dim", "classes",
                "trainLayers"), Map.of("train", "16000", "dev", "2000", "test", "2000", "layers", "33", "dim", "4096",
                "classes", "6", "trainLayers", "1"));
        return new Options(Integer.parseInt(v.get("train")), Integer.parseInt(v.get("dev")),
                Integer.parseInt(v.get("test")), Integer.parseInt(v.get("layers")), Integer.parseInt(v.get("dim")),
                Integer.parseInt(v.get("classes")), Integer.parseInt(v.get("trainLayers")));
    }

    static void run(Options o) throws Exception {
        int threads = Runtime.getRuntime().availableProcessors();
        long maxHeap = Runtime.getRuntime().maxMemory();
        System.out.printf("probe memory benchmark: train/dev/test %d/%d/%d, %d layers x %d, %d classes, threads %d, "
                + "max heap (-Xmx) %.0f MiB%n", o.train(), o.dev(), o.test(), o.layers(), o.dim(), o.classes(), threads,
                maxHeap / MIB);
        SyntheticFeatures.Shape shape = new SyntheticFeatures.Shape(o.train(), o.dev(), o.test(), o.layers(), o.dim(),
                o.classes(), ProbeBenchmark.SEED);
        long jvm = HeapWatcher.liveNow();
        SyntheticFeatures generator = new SyntheticFeatures(shape);
        long baseline = HeapWatcher.liveNow();
        System.out.printf("live heap: JVM and libraries %.1f MiB, plus the benchmark's generator tables %.1f MiB "
                + "(baseline %.1f MiB)%n", jvm / MIB, (baseline - jvm) / MIB, baseline / MIB);
        Path directory = ProbeBenchmark.storeDirectory("fathom-probe-memory");
        try (HeapWatcher heap = new HeapWatcher()) {
            heap.reset();
            try (SyntheticFeatures.Stored stored = generator.ingest(directory)) {
                long bytes = stored.bytesOnDisk();
                long indexBytes = HeapWatcher.liveNow() - baseline;
                System.out.printf("ingest: %d items in %.1f s (%.0f items/s, %.0f MB/s to disk); on disk %.2f GiB in %d "
                        + "files; peak heap sampled %.1f MiB, after GC %.1f MiB (%d collections); live after ingest: "
                        + "item index %.1f MiB (%.0f bytes per item)%n", shape.items(), stored.ingestSeconds(),
                        shape.items() / stored.ingestSeconds(), bytes / 1e6 / stored.ingestSeconds(),
                        bytes / (MIB * 1024), o.layers(), heap.sampledPeak() / MIB, heap.afterGcPeak() / MIB,
                        heap.collections(), indexBytes / MIB, (double) indexBytes / shape.items());

                int[] layers = SyntheticFeatures.spread(o.trainLayers(), o.layers());
                long trainSampled = 0;
                long trainAfterGc = 0;
                for (int layer : layers) {
                    SplitFeatures train = stored.split(layer, "train");
                    SplitFeatures dev = stored.split(layer, "dev");
                    SplitFeatures test = stored.split(layer, "test");
                    heap.reset();
                    long start = System.nanoTime();
                    LinearProbe.Result result = LinearProbe.train(train, dev, test, LinearProbe.DEFAULT_GRID, threads);
                    double seconds = (System.nanoTime() - start) / 1e9;
                    trainSampled = Math.max(trainSampled, heap.sampledPeak());
                    trainAfterGc = Math.max(trainAfterGc, heap.afterGcPeak());
                    System.out.printf("layer %d: trained in %.1f s (%d L-BFGS iterations over the grid), test %.4f, "
                            + "dev %.4f, C=%s; peak heap sampled %.1f MiB, after GC %.1f MiB (%d collections)%n", layer,
                            seconds, result.iterations(), result.testAccuracy(), result.devAccuracy(), result.chosenC(),
                            heap.sampledPeak() / MIB, heap.afterGcPeak() / MIB, heap.collections());
                }

                // the bound, term by term
                int dim = o.dim();
                // the caller's chunk (standardise, predict); per pool thread up to three 64-row blocks (as
                // read; the plain products also copy the rows and cut them into pieces) and a float gradient
                // block per column (the preconditioner's passes have the most columns)
                int columns = Math.max(o.classes(), MOMENT_RANK);
                long chunks = ((long) 1024 + threads * (3L * 64 + columns)) * dim * 4;
                long weightVector = (long) o.classes() * (dim + 1) * 8;
                // s, y; g, gNext, direction, wNext, step, gradientChange; weights, best
                int lbfgsVectors = 2 * LBFGS_HISTORY + 6 + 2;
                int partials = (o.train() + 1023) / 1024; // one partial gradient per 1024-row chunk, per evaluation
                // the preconditioner: its directions, their products and its result; its passes' weights
                // and partial products
                long momentVector = (long) MOMENT_RANK * (dim + 1) * 8;
                long moment = momentVector * (4 + partials);
                long model = weightVector * (lbfgsVectors + partials) + moment;
                long perRow = (long) shape.items() * 4 * 3; // row numbers, labels, predictions
                long bound = chunks + model + indexBytes + perRow;
                System.out.println();
                System.out.println("| term | formula | MiB |");
                System.out.println("|---|---|---|");
                System.out.printf("| row buffers | (1024 + threads x (192 + max(classes, %d))) x dim x 4 B = (1024 + %d x %d)"
                        + " x %d x 4 | %.1f |%n", MOMENT_RANK, threads, 192 + columns, dim, chunks / MIB);
                System.out.printf("| model and L-BFGS state | classes x (dim+1) x 8 B x (2 x %d history + 8) = %d x %d x 8 x %d"
                        + " | %.1f |%n", LBFGS_HISTORY, o.classes(), dim + 1, lbfgsVectors, weightVector * lbfgsVectors / MIB);
                System.out.printf("| per-chunk partial gradients | classes x (dim+1) x 8 B x ceil(train / 1024) = ... x %d"
                        + " | %.1f |%n", partials, weightVector * partials / MIB);
                System.out.printf("| preconditioner | %d x (dim+1) x 8 B x (4 + ceil(train / 1024)) = ... x %d | %.1f |%n",
                        MOMENT_RANK, 4 + partials, moment / MIB);
                System.out.printf("| item index and write buffers (measured live after ingest) | ids, labels, splits,"
                        + " control keys, %.0f B per item with the store's %d x 64 KiB file buffers | %.1f |%n",
                        (double) indexBytes / shape.items(), o.layers(), indexBytes / MIB);
                System.out.printf("| per-row arrays | items x 4 B x 3 | %.1f |%n", perRow / MIB);
                System.out.printf("| **bound** | sum | **%.1f** |%n", bound / MIB);
                if (trainAfterGc == 0) { // no collection while training: the sampled peak bounds it
                    trainAfterGc = trainSampled;
                }
                long measured = trainAfterGc - baseline;
                System.out.printf("%ntraining: peak heap after GC %.1f MiB = baseline %.1f + %.1f MiB for the store and "
                        + "training (bound %.1f MiB: %s); sampled peak %.1f MiB, under -Xmx %.0f MiB; features on disk "
                        + "%.2f GiB = %.0fx the heap cap%n", trainAfterGc / MIB, baseline / MIB, measured / MIB,
                        bound / MIB, measured <= bound ? "within" : "EXCEEDED", trainSampled / MIB, maxHeap / MIB,
                        bytes / (MIB * 1024), bytes / (double) maxHeap);
                System.out.printf("trained layers %s of %d%n", Arrays.toString(layers), o.layers());
            }
        }
    }
}
