package io.fathom.bench;

import io.fathom.contracts.hidden.HiddenStateCodec;
import io.fathom.contracts.hidden.HiddenStateEvent;
import io.fathom.contracts.hidden.HiddenStateHeader;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** Encoding and decoding of hidden-state events on one thread, for an embedded-size and a 13B-size event. */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class CodecBenchmark {

    /** [poolings, layers, dim]: all-MiniLM-L6-v2 with both poolings, and Llama-2-13B with mean pooling. */
    @Param({"2x7x384", "1x41x5120"})
    public String shape;

    HiddenStateHeader header;
    float[] values;
    byte[] encoded;

    @Setup
    public void setUp() {
        String[] dims = shape.split("x");
        int[] s = {Integer.parseInt(dims[0]), Integer.parseInt(dims[1]), Integer.parseInt(dims[2])};
        header = new HiddenStateHeader(1, "bench-run", "llama-2-13b-cc@peft-3", "senteval-tense", "item-000123",
                "past", "train", "The agents answered every call .", Map.of("source", "bench"), 23, false, List.of("mean", "last").subList(0, s[0]),
                HiddenStateHeader.DTYPE_FLOAT16, s, null);
        values = new float[header.valueCount()];
        SplittableRandom random = new SplittableRandom(3);
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) random.nextGaussian() * 2;
        }
        encoded = HiddenStateCodec.encode(header, values);
    }

    @Benchmark
    public byte[] encode() {
        return HiddenStateCodec.encode(header, values);
    }

    @Benchmark
    public HiddenStateEvent decode() {
        return HiddenStateCodec.decode(encoded);
    }

    /** Decoding plus widening every value back to float, what a probe trainer does. */
    @Benchmark
    public float decodeToFloats() {
        HiddenStateEvent event = HiddenStateCodec.decode(encoded);
        float sum = 0;
        for (int layer = 0; layer < event.header().layers(); layer++) {
            float[] vector = event.vector(0, layer);
            sum += vector[0];
        }
        return sum;
    }
}
