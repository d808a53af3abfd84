package io.fathom.bench;

import io.fathom.contracts.hidden.HiddenStateCodec;
import io.fathom.contracts.hidden.HiddenStateHeader;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Entry point of benchmarks/run.sh:
 * {@code throughput [model] [items] [batch] [rounds]}, {@code codec}, {@code probe [key=value...]} and
 * {@code probe-memory [key=value...]}, {@code scoring [answers] [rounds]}, {@code triton [calls] [seconds]} and
 * {@code dedup [examples] [sample]}, {@code load [bootstrap=...] [rates=2,4,8,16] [minutes=2] [items=200]},
 * {@code faults [rounds=12] [items=3000] [key=value...]} (starts and stops a stack of its own).
 */
public final class Bench {

    private Bench() {
    }

    public static void main(String[] args) throws Exception {
        String what = args.length > 0 ? args[0] : "";
        switch (what) {
            case "throughput" -> {
                String model = args.length > 1 ? args[1] : "all-minilm-l6-v2";
                Map<String, String> resources = Map.of("all-minilm-l6-v2", "all-minilm-l6-v2-q",
                        "bge-small-en-v1.5", "bge-small-en-v1.5-q");
                Map<String, Integer> maxTokens = Map.of("all-minilm-l6-v2", 256, "bge-small-en-v1.5", 512);
                if (!resources.containsKey(model)) {
                    throw new IllegalArgumentException("model must be one of " + resources.keySet());
                }
                ThroughputBenchmark.run(new ThroughputBenchmark.Options(model, resources.get(model),
                        maxTokens.get(model), intArg(args, 2, 8192), intArg(args, 3, 32), intArg(args, 4, 5)));
                System.exit(0); // the embedded broker's threads are not daemons
            }
            case "codec" -> codec();
            case "probe" -> ProbeBenchmark.run(ProbeBenchmark.options(args));
            case "probe-memory" -> ProbeMemoryBenchmark.run(ProbeMemoryBenchmark.options(args));
            case "scoring" -> ScoringBenchmark.run(intArg(args, 1, 20_000), intArg(args, 2, 5));
            case "triton" -> TritonOverheadBenchmark.run(intArg(args, 1, 500), intArg(args, 2, 5));
            case "dedup" -> DedupBenchmark.run(intArg(args, 1, 1_000_000), intArg(args, 2, 20_000));
            case "load" -> {
                LoadBenchmark.run(LoadBenchmark.options(args));
                System.exit(0);
            }
            case "faults" -> {
                FaultBenchmark.run(FaultBenchmark.options(args));
                System.exit(0);
            }
            default -> {
                System.err.println("usage: benchmarks/run.sh throughput [model] [items] [batch] [rounds] | codec"
                        + " | probe [train=100000] [dev=10000] [test=10000] [layers=7] [dim=384] [classes=6]"
                        + " [liblinearLayers=1] | probe-memory [train=16000] [dev=2000] [test=2000] [layers=33]"
                        + " [dim=4096] [classes=6] [trainLayers=1] | scoring [answers] [rounds]"
                        + " | triton [calls=500] [seconds=5] | dedup [examples=1000000] [sample=20000]"
                        + " | load [bootstrap=127.0.0.1:9092] [rates=2,4,8,16] [minutes=2] [items=200] [drainMinutes=5]"
                        + " | faults [rounds=12] [items=3000] [suites=3] [faults=" + String.join(",", FaultBenchmark.FAULTS)
                        + "] [at=0.5] [kafkaPort=19092] [firstPort=18081] [roundMinutes=8]");
                System.exit(2);
            }
        }
    }

    /** The {@code key=value} arguments after the benchmark's name. */
    static Map<String, String> keyValues(String[] args) {
        Map<String, String> given = new java.util.HashMap<>();
        for (int i = 1; i < args.length; i++) {
            String[] kv = args[i].split("=", 2);
            given.put(kv[0], kv.length > 1 ? kv[1] : "");
        }
        return given;
    }

    private static int intArg(String[] args, int index, int fallback) {
        return args.length > index ? Integer.parseInt(args[index]) : fallback;
    }

    private static void codec() throws Exception {
        Collection<RunResult> results = new Runner(new OptionsBuilder()
                .include(CodecBenchmark.class.getSimpleName()).build()).run();
        System.out.println();
        System.out.println("| operation | shape | events/s | MB/s of encoded events (one core) |");
        System.out.println("|---|---|---|---|");
        for (RunResult result : results) {
            String shape = result.getParams().getParam("shape");
            String[] d = shape.split("x");
            int[] dims = {Integer.parseInt(d[0]), Integer.parseInt(d[1]), Integer.parseInt(d[2])};
            int bytes = HiddenStateCodec.encode(new HiddenStateHeader(1, "bench-run", "llama-2-13b-cc@peft-3",
                    "senteval-tense", "item-000123", "past", "train", "The agents answered every call .", Map.of("source", "bench"), 23, false,
                    List.of("mean", "last").subList(0, dims[0]), HiddenStateHeader.DTYPE_FLOAT16, dims, null),
                    new float[dims[0] * dims[1] * dims[2]]).length;
            double opsPerSecond = result.getPrimaryResult().getScore();
            String label = result.getParams().getBenchmark();
            System.out.printf("| %s | %s | %.0f | %.0f |%n", label.substring(label.lastIndexOf('.') + 1), shape,
                    opsPerSecond, opsPerSecond * bytes / 1e6);
        }
    }
}
