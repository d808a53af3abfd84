package io.fathom.datamix.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fathom.contracts.request.CorpusSource;
import io.fathom.datamix.dedup.TextFingerprint;
import io.fathom.datamix.store.CorpusStore;
import io.fathom.training.LinearProbe;
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
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The domain classifier against scikit-learn on the same vectors: src/test/python/domain_scorer_reference.py
 * rebuilds the folds from the ids and the seed, trains LogisticRegression per C and scores the
 * other fold. Two overlapping Gaussian domains make the task neither trivial nor hopeless, so the
 * held-out accuracy and the chosen strengths could differ if the cross-fitting did.
 */
class DomainScorerReferenceTest {

    private static final int DIM = 24;
    private static final long SEED = 42;

    @TempDir
    Path dir;

    @Test
    void heldOutAccuracyAndScoresEqualScikitLearnOnTheSameFolds() throws Exception {
        assumeThat(sklearnAvailable()).as("/usr/bin/python3 with scikit-learn (Debian python3-sklearn)").isTrue();
        SplittableRandom random = new SplittableRandom(7);
        List<Integer> labels = new ArrayList<>();
        DomainScorer.Scores scores;
        try (CorpusStore store = new CorpusStore(dir.resolve("spill.bin"))) {
            for (int i = 0; i < 1200; i++) {
                int label = i < 1000 ? i % 2 : -1; // the last 200 are unlabelled, drawn from either domain
                boolean inDomain = label == 1 || (label < 0 && random.nextBoolean());
                float[] vector = new float[DIM];
                for (int d = 0; d < DIM; d++) {
                    vector[d] = (float) (random.nextGaussian() + (inDomain && d < 4 ? 0.6 : 0.0));
                }
                String domain = label < 0 ? null : label == 1 ? CorpusSource.IN_DOMAIN : CorpusSource.GENERAL;
                String source = label < 0 ? "forum" : label == 1 ? "support" : "general";
                store.add(new CorpusStore.Example(source + "/L" + i, source, i, domain,
                        TextFingerprint.of("text " + i)), vector);
                labels.add(label);
            }
            scores = DomainScorer.score(store, IntStream.range(0, store.size()).toArray(), SEED, 2);
            writeStore(store, labels);
        }
        JsonNode reference = reference();

        assertThat(scores.classifier().heldOutAccuracy()).as("not trivial").isBetween(0.7, 0.95);
        assertThat(scores.classifier().heldOutAccuracy())
                .isCloseTo(reference.get("heldOutAccuracy").asDouble(), org.assertj.core.data.Offset.offset(0.005));
        assertThat(scores.classifier().chosenC())
                .containsExactly(reference.get("chosenC").get(0).asDouble(), reference.get("chosenC").get(1).asDouble());
        double largest = 0;
        int sameSide = 0;
        for (int i = 0; i < labels.size(); i++) {
            double theirs = reference.get("scores").get(i).asDouble();
            largest = Math.max(largest, Math.abs(scores.inDomain()[i] - theirs));
            sameSide += (scores.inDomain()[i] >= 0.5) == (theirs >= 0.5) ? 1 : 0;
        }
        assertThat(largest).as("largest difference of an in-domain probability").isLessThan(1e-3);
        assertThat(sameSide).as("examples on the same side of 0.5").isGreaterThanOrEqualTo(labels.size() - 1);
    }

    private void writeStore(CorpusStore store, List<Integer> labels) throws IOException {
        float[] row = new float[DIM];
        ByteBuffer values = ByteBuffer.allocate(4 * DIM * store.size()).order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer classes = ByteBuffer.allocate(4 * store.size()).order(ByteOrder.LITTLE_ENDIAN);
        StringBuilder ids = new StringBuilder();
        for (int i = 0; i < store.size(); i++) {
            store.read(i, row); // the half-precision values the classifier saw
            for (float v : row) {
                values.putFloat(v);
            }
            classes.putInt(labels.get(i));
            ids.append(store.example(i).id()).append('\n');
        }
        Files.write(dir.resolve("vectors.f32"), values.array());
        Files.write(dir.resolve("labels.i32"), classes.array());
        Files.writeString(dir.resolve("ids.txt"), ids, StandardCharsets.UTF_8);
    }

    private JsonNode reference() throws Exception {
        List<String> command = new ArrayList<>(List.of("/usr/bin/python3", "src/test/python/domain_scorer_reference.py",
                dir.toString(), Integer.toString(DIM), Long.toString(SEED),
                Integer.toString(Math.max(2 * DomainScorer.MIN_PER_DOMAIN, DomainScorer.MAX_TRAINING_VALUES / DIM))));
        LinearProbe.DEFAULT_GRID.forEach(c -> command.add(c.toString()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(5, TimeUnit.MINUTES)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        return new ObjectMapper().readTree(output.lines().reduce((a, b) -> b).orElseThrow());
    }

    private static boolean sklearnAvailable() {
        try {
            Process process = new ProcessBuilder("/usr/bin/python3", "-c", "import sklearn").start();
            return process.waitFor(60, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }
}
