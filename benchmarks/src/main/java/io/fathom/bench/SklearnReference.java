package io.fathom.bench;

import io.fathom.training.Features;
import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * scikit-learn's multinomial logistic regression (lbfgs) as a second reference: a layer's splits
 * are written once to disk as the float32 values fathom's trainer reads, and
 * {@code benchmarks/sklearn_probe.py} standardises them as LinearProbe does, walks the same grid and
 * chooses C by dev accuracy. Python is {@code FATHOM_PYTHON} (default /usr/bin/python3, Debian's
 * python3-sklearn).
 */
final class SklearnReference {

    record Result(double chosenC, double devAccuracy, double testAccuracy, double seconds, double loadSeconds,
            String perC) {
    }

    private SklearnReference() {
    }

    /** Writes {@code train}, {@code dev} and {@code test} of one layer under {@code directory}. */
    static void write(Path directory, Features train, Features dev, Features test) throws IOException {
        Files.createDirectories(directory);
        write(directory, "train", train);
        write(directory, "dev", dev);
        write(directory, "test", test);
    }

    static Result train(Path directory, int dim, List<Double> grid) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(System.getenv().getOrDefault("FATHOM_PYTHON",
                "/usr/bin/python3"), Path.of("benchmarks/sklearn_probe.py").toAbsolutePath().toString(),
                directory.toString(), Integer.toString(dim)));
        grid.forEach(c -> command.add(Double.toString(c)));
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (process.waitFor() != 0) {
            throw new IllegalStateException("scikit-learn reference failed: " + out);
        }
        return new Result(number(out, "chosenC"), number(out, "dev"), number(out, "test"), number(out, "seconds"),
                number(out, "loadSeconds"), out.substring(out.indexOf("\"perC\"")));
    }

    private static double number(String json, String key) {
        Matcher m = Pattern.compile("\"" + key + "\": ([-0-9.eE+]+)").matcher(json);
        if (!m.find()) {
            throw new IllegalStateException("no " + key + " in " + json);
        }
        return Double.parseDouble(m.group(1));
    }

    private static void write(Path directory, String split, Features data) throws IOException {
        int dim = data.dim();
        float[] chunk = new float[1024 * dim];
        ByteBuffer bytes = ByteBuffer.allocate(chunk.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(directory.resolve(split + ".f32")))) {
            for (int from = 0; from < data.rows(); from += 1024) {
                int end = Math.min(data.rows(), from + 1024);
                data.read(from, end, chunk);
                bytes.clear();
                bytes.asFloatBuffer().put(chunk, 0, (end - from) * dim);
                out.write(bytes.array(), 0, (end - from) * dim * 4);
            }
        }
        ByteBuffer labels = ByteBuffer.allocate(data.rows() * 4).order(ByteOrder.LITTLE_ENDIAN);
        labels.asIntBuffer().put(data.labels());
        try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(directory.resolve(split + ".i32")))) {
            out.write(labels.array());
        }
    }
}
