package io.fathom.datamix.dedup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DeduplicatorTest {

    private static final int DIM = 384;
    private static final double THRESHOLD = Deduplicator.DEFAULT_THRESHOLD;
    private static final SyntheticEmbeddings SYNTHETIC = new SyntheticEmbeddings(DIM, THRESHOLD, 11);
    private static final int SYNTHETIC_SIZE = 3_000;

    @Test
    void exactDuplicatesDifferingOnlyInCaseAndWhiteSpaceAreRemovedAndNothingElse() {
        Map<String, String> texts = new LinkedHashMap<>();
        texts.put("a", "How do I reset my password?");
        texts.put("b", "how do i reset my password?");
        texts.put("c", "  HOW do I\treset my\n\npassword?  ");
        texts.put("d", "How do I reset my password");
        texts.put("e", "How do I reset my passwords?");
        texts.put("f", "Ｈｏｗ do I reset my password?");
        texts.put("g", "Where is my order?");
        texts.put("h", "where is my   order?");
        // unrelated vectors, so only the texts can make duplicates
        SplittableRandom random = new SplittableRandom(5);
        Map<String, float[]> vectors = new HashMap<>();
        Listed deduplicator = new Listed(1);
        Map<String, Decision> decisions = new LinkedHashMap<>();
        texts.forEach((id, text) -> {
            vectors.put(id, SyntheticEmbeddings.toFloat(SyntheticEmbeddings.gaussianUnit(DIM, random)));
            decisions.put(id, deduplicator.offer(id, text, vectors.get(id)));
        });

        Map<String, String> verdicts = new LinkedHashMap<>();
        decisions.forEach((id, decision) -> verdicts.put(id, decision instanceof Decision.Duplicate duplicate
                ? duplicate.reason() + " of " + deduplicator.keptId(duplicate) : "keep"));
        assertThat(verdicts).containsExactly(Map.entry("a", "keep"), Map.entry("b", "EXACT_TEXT of a"),
                Map.entry("c", "EXACT_TEXT of a"), Map.entry("d", "keep"), Map.entry("e", "keep"),
                Map.entry("f", "EXACT_TEXT of a"), Map.entry("g", "keep"), Map.entry("h", "EXACT_TEXT of g"));
        decisions.forEach((id, decision) -> {
            if (decision instanceof Decision.Duplicate duplicate) {
                assertThat(duplicate.cosine()).isCloseTo(
                        ExactDeduplication.cosine(vectors.get(id), vectors.get(deduplicator.keptId(duplicate))),
                        within(1e-3));
            }
        });
        assertThat(deduplicator.counts()).isEqualTo(new Deduplicator.Counts(8, 4, 4, 0));
    }

    @Test
    void nearDuplicatesAgreeWithExactSearchOverAllKeptExamples() {
        List<float[]> vectors = IntStream.range(0, SYNTHETIC_SIZE).mapToObj(SYNTHETIC::vector).toList();
        Listed deduplicator = new Listed(7);
        List<Decision> decisions = offerAll(deduplicator, vectors);
        boolean[] exact = ExactDeduplication.removed(vectors, THRESHOLD);

        int bothRemoved = 0;
        int onlyExactRemoved = 0;
        int onlyLshRemoved = 0;
        for (int i = 0; i < SYNTHETIC_SIZE; i++) {
            boolean lshRemoved = decisions.get(i) instanceof Decision.Duplicate;
            bothRemoved += lshRemoved && exact[i] ? 1 : 0;
            onlyExactRemoved += !lshRemoved && exact[i] ? 1 : 0;
            onlyLshRemoved += lshRemoved && !exact[i] ? 1 : 0;
        }
        double recall = bothRemoved / (double) (bothRemoved + onlyExactRemoved);
        double precision = bothRemoved / (double) (bothRemoved + onlyLshRemoved);
        assertThat(recall).as("recall").isGreaterThanOrEqualTo(0.95);
        assertThat(precision).as("precision").isGreaterThanOrEqualTo(0.99);

        // the set is a real test: many near duplicates, and many copies just below the threshold that stay
        assertThat(bothRemoved + onlyExactRemoved).isGreaterThan(300);
        assertThat(IntStream.range(0, SYNTHETIC_SIZE)
                .filter(i -> SYNTHETIC.kind(i) == SyntheticEmbeddings.Kind.COPY_BELOW && !exact[i]))
                .hasSizeGreaterThan(200);

        // every removal names a kept example before it, at the cosine it reports, at least the threshold's
        for (int i = 0; i < SYNTHETIC_SIZE; i++) {
            if (decisions.get(i) instanceof Decision.Duplicate duplicate) {
                int kept = duplicate.keptIndex();
                assertThat(kept).isLessThan(i);
                assertThat(decisions.get(kept)).isEqualTo(Decision.KEEP);
                assertThat(duplicate.reason()).isEqualTo(Decision.Reason.NEAR_VECTOR);
                assertThat(duplicate.cosine()).isGreaterThanOrEqualTo(THRESHOLD)
                        .isCloseTo(ExactDeduplication.cosine(vectors.get(i), vectors.get(kept)), within(1e-3));
            }
        }
        Deduplicator.Counts counts = deduplicator.counts();
        assertThat(counts.seen()).isEqualTo(SYNTHETIC_SIZE);
        assertThat(counts.exactDuplicates()).isZero();
        assertThat(counts.nearDuplicates()).isEqualTo(bothRemoved + onlyLshRemoved);
        assertThat(counts.kept()).isEqualTo(SYNTHETIC_SIZE - counts.nearDuplicates());
    }

    @Test
    void pairsJustAboveTheThresholdAreFoundAsOftenAsTheAnalysisSays() {
        // independent pairs at cosine 0.951: each second one is found with probability candidateProbability(0.951)
        int pairs = 2_000;
        double cosine = 0.951;
        SplittableRandom random = new SplittableRandom(13);
        Listed deduplicator = new Listed(17);
        int found = 0;
        for (int p = 0; p < pairs; p++) {
            double[] first = SyntheticEmbeddings.gaussianUnit(DIM, random);
            double[] second = SyntheticEmbeddings.turned(first, cosine, random);
            assertThat(deduplicator.offer("first-" + p, "first " + p, SyntheticEmbeddings.toFloat(first)))
                    .isEqualTo(Decision.KEEP);
            Decision decision = deduplicator.offer("second-" + p, "second " + p, SyntheticEmbeddings.toFloat(second));
            boolean foundFirst = decision instanceof Decision.Duplicate duplicate
                    && deduplicator.keptId(duplicate).equals("first-" + p);
            found += foundFirst ? 1 : 0;
        }

        double expected = LshParameters.forThreshold(THRESHOLD, Deduplicator.DEFAULT_ROWS,
                Deduplicator.DEFAULT_RECALL_AT_THRESHOLD).candidateProbability(cosine);
        double standardError = Math.sqrt(expected * (1 - expected) / pairs);
        assertThat(found / (double) pairs).isCloseTo(expected, within(4 * standardError));
        assertThat(deduplicator.counts().nearDuplicates()).isEqualTo(found);
    }

    @Test
    void theSameSeedMakesTheSameDecisions() {
        List<float[]> vectors = IntStream.range(0, SYNTHETIC_SIZE).mapToObj(SYNTHETIC::vector).toList();

        List<Decision> first = offerAll(new Listed(3), vectors);
        List<Decision> second = offerAll(new Listed(3), vectors);

        assertThat(second).isEqualTo(first);
        assertThat(first).filteredOn(Decision.Duplicate.class::isInstance).hasSizeGreaterThan(300);
    }

    @Test
    void aCallerCanPassTheTextsFingerprintInstead() {
        List<float[]> vectors = IntStream.range(0, SYNTHETIC_SIZE).mapToObj(SYNTHETIC::vector).toList();
        Listed byFingerprint = new Listed(3);
        List<Decision> decisions = new ArrayList<>();
        for (int i = 0; i < SYNTHETIC_SIZE; i++) {
            decisions.add(byFingerprint.offer(SYNTHETIC.id(i), TextFingerprint.of(SYNTHETIC.text(i)), vectors.get(i)));
        }

        assertThat(decisions).isEqualTo(offerAll(new Listed(3), vectors));
        assertThat(byFingerprint.offer("again", TextFingerprint.of("  SYNTHETIC text number 7"), vectors.get(0)))
                .isInstanceOfSatisfying(Decision.Duplicate.class, duplicate -> {
                    assertThat(byFingerprint.keptId(duplicate)).isEqualTo(SYNTHETIC.id(7));
                    assertThat(duplicate.reason()).isEqualTo(Decision.Reason.EXACT_TEXT);
                });
    }

    @Test
    void badVectorsAreRejectedNamingTheExampleAndLeaveTheIndexAsItWas() {
        Listed deduplicator = new Listed(1);
        // a rejected first example does not fix the dimension
        assertThatThrownBy(() -> deduplicator.offer("zero", "zero", new float[10]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'zero'")
                .hasMessageContaining("zero vector");
        float[] good = SyntheticEmbeddings.toFloat(SyntheticEmbeddings.gaussianUnit(DIM, new SplittableRandom(2)));
        assertThat(deduplicator.offer("good", "good", good)).isEqualTo(Decision.KEEP);

        assertThatThrownBy(() -> deduplicator.offer("short", "short", new float[DIM - 1]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'short'")
                .hasMessageContaining("383 dimensions").hasMessageContaining("384");
        assertThatThrownBy(() -> deduplicator.offer("nan", "nan", with(good, 5, Float.NaN)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'nan'")
                .hasMessageContaining("NaN at dimension 5");
        assertThatThrownBy(() -> deduplicator.offer("infinite", "infinite", with(good, 0, Float.NEGATIVE_INFINITY)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'infinite'")
                .hasMessageContaining("-Infinity at dimension 0");
        assertThatThrownBy(() -> deduplicator.offer("zero-again", "zero", new float[DIM]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'zero-again'");
        assertThatThrownBy(() -> deduplicator.offer("empty", "empty", new float[0]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'empty' has no vector");
        assertThatThrownBy(() -> deduplicator.offer("no-vector", "text", null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'no-vector' has no vector");
        assertThatThrownBy(() -> deduplicator.offer("no-text", (String) null, good))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'no-text' has no text");
        assertThatThrownBy(() -> deduplicator.offer("no-fingerprint", (TextFingerprint) null, good))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'no-fingerprint' has no text");
        assertThatThrownBy(() -> deduplicator.offer(null, "text", good))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no id");

        assertThat(deduplicator.counts()).isEqualTo(new Deduplicator.Counts(1, 1, 0, 0));
        Decision again = deduplicator.offer("good-again", "GOOD", good);
        assertThat(again).isInstanceOfSatisfying(Decision.Duplicate.class, duplicate -> {
            assertThat(deduplicator.keptId(duplicate)).isEqualTo("good");
            assertThat(duplicate.reason()).isEqualTo(Decision.Reason.EXACT_TEXT);
            assertThat(duplicate.cosine()).isCloseTo(1.0, within(1e-3));
        });
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 7, 387})
    void nearDuplicatesAreFoundInAnyDimension(int dim) {
        // dimensions not a multiple of four take the projection's remainder loop
        SplittableRandom random = new SplittableRandom(dim);
        Listed deduplicator = new Listed(1);
        double[] first = SyntheticEmbeddings.gaussianUnit(dim, random);

        assertThat(deduplicator.offer("first", "first", SyntheticEmbeddings.toFloat(first))).isEqualTo(Decision.KEEP);
        assertThat(deduplicator.offer("close", "close",
                SyntheticEmbeddings.toFloat(SyntheticEmbeddings.turned(first, 0.99, random))))
                .isInstanceOfSatisfying(Decision.Duplicate.class,
                        duplicate -> assertThat(deduplicator.keptId(duplicate)).isEqualTo("first"));
        assertThat(deduplicator.offer("far", "far",
                SyntheticEmbeddings.toFloat(SyntheticEmbeddings.turned(first, 0.5, random)))).isEqualTo(Decision.KEEP);
    }

    private static List<Decision> offerAll(Listed deduplicator, List<float[]> vectors) {
        List<Decision> decisions = new ArrayList<>();
        for (int i = 0; i < vectors.size(); i++) {
            decisions.add(deduplicator.offer(SYNTHETIC.id(i), SYNTHETIC.text(i), vectors.get(i)));
        }
        return decisions;
    }

    /**
     * A deduplicator over examples offered one after the other, their index in lists of ids and
     * vectors from which it reads kept vectors back, as the service's reads them from its spill file.
     */
    private static final class Listed {
        final List<String> ids = new ArrayList<>();
        final List<float[]> vectors = new ArrayList<>();
        final Deduplicator deduplicator;

        Listed(long seed) {
            deduplicator = new Deduplicator(seed,
                    (index, into) -> System.arraycopy(vectors.get(index), 0, into, 0, into.length));
        }

        Decision offer(String id, String text, float[] vector) {
            ids.add(id);
            vectors.add(vector);
            return deduplicator.offer(ids.size() - 1, id, text, vector);
        }

        Decision offer(String id, TextFingerprint text, float[] vector) {
            ids.add(id);
            vectors.add(vector);
            return deduplicator.offer(ids.size() - 1, id, text, vector);
        }

        String keptId(Decision.Duplicate duplicate) {
            return ids.get(duplicate.keptIndex());
        }

        Deduplicator.Counts counts() {
            return deduplicator.counts();
        }
    }

    private static float[] with(float[] vector, int dimension, float value) {
        float[] copy = vector.clone();
        copy[dimension] = value;
        return copy;
    }
}
