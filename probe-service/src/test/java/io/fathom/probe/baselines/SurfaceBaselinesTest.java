package io.fathom.probe.baselines;

import static org.assertj.core.api.Assertions.assertThat;

import io.fathom.contracts.request.ProbeOptions;
import io.fathom.contracts.result.ProbeSummary;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SurfaceBaselinesTest {

    private static final List<String> WORDS = List.of("alpha", "beta", "gamma", "delta", "eps", "zeta", "eta",
            "theta");

    /** Texts whose class depends on their length and on one word's count, both partly. */
    private static String text(int i) {
        int length = 3 + i % 5;
        StringBuilder text = new StringBuilder();
        for (int j = 0; j < length; j++) {
            String word = WORDS.get((i * i + 3 * j) % 8);
            text.append(j == 0 ? Character.toUpperCase(word.charAt(0)) + word.substring(1) : " " + word);
        }
        return text.append(i % 2 == 1 ? "." : "!").toString();
    }

    private static int label(int i) {
        // "alpha" as a whole space-separated word: the last word carries the full stop or mark
        int alphas = (int) List.of(text(i).toLowerCase().split(" ")).stream().filter("alpha"::equals).count();
        return (alphas + 3 + i % 5 + (i % 7 == 0 ? 1 : 0)) % 3;
    }

    private static SurfaceBaselines.Split split(int from, int to) {
        List<String> texts = new ArrayList<>();
        int[] labels = new int[to - from];
        for (int i = from; i < to; i++) {
            texts.add(text(i));
            labels[i - from] = label(i);
        }
        return new SurfaceBaselines.Split(texts, labels);
    }

    @Test
    void matchesScikitLearnOnTheSameSplits() {
        ProbeSummary.Baselines baselines = SurfaceBaselines.of(split(0, 200), split(200, 260), split(260, 340), 3,
                ProbeOptions.DEFAULT_C_GRID);
        // reference: src/test/python/surface_baselines_reference.py, scikit-learn 1.2 on the same texts, LogisticRegression(C) per grid value chosen on
        // dev; CountVectorizer(ngram_range=(1, 2)) with the same tokens; DictVectorizer of "words=n"
        assertThat(baselines.majority()).isEqualTo(0.3875);
        assertThat(baselines.length()).isEqualTo(0.6625);
        assertThat(baselines.bagOfWords()).isEqualTo(0.8625);
        assertThat(baselines.features()).isEqualTo(31);
    }

    @Test
    void tokensAreWordsAndPunctuationMarksAndBigramsJoinNeighbours() {
        assertThat(SurfaceBaselines.ngrams("The cat, sat.")).containsExactly("the", "cat", ",", "sat", ".",
                "the cat", "cat ,", ", sat", "sat .");
        assertThat(SurfaceBaselines.words("The cat, sat.")).isEqualTo(3);
    }

    @Test
    void theVocabularyKeepsTheMostFrequentNgrams() {
        assertThat(SurfaceBaselines.vocabulary(List.of("a b", "a c", "a b"), 2)).containsOnlyKeys("a", "a b");
    }
}
