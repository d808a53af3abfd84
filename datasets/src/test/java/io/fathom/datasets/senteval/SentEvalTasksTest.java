package io.fathom.datasets.senteval;

import static io.fathom.datasets.SurfaceCues.bagOfWordsAccuracy;
import static io.fathom.datasets.SurfaceCues.lookupAccuracy;
import static io.fathom.datasets.SurfaceCues.split;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fathom.datasets.Example;
import io.fathom.datasets.Sizes;
import io.fathom.datasets.SurfaceCues;
import io.fathom.datasets.senteval.SentEvalTasks.Task;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Labels are checked against the generated sentences by independent means wherever a sentence shows them, and every
 * structural task against the surface cues that would let a probe pass without the structure: the first word, the
 * length, a bag of words and bigrams.
 */
class SentEvalTasksTest {

    /** Large enough for surface classifiers to learn what there is to learn, small enough to stay fast. */
    private static final Sizes SURFACE = new Sizes(4000, 0, 1000);
    private static final Set<String> PUNCTUATION = Set.of(",", ";", ":", ".", "?");

    @Test
    void everyTaskIsClassBalancedPerSplitAndReproducible() {
        for (Task task : Task.values()) {
            // WC's classes at these sizes: 48 / 10 = 4 target words
            Sizes sizes = new Sizes(240, 48, 48);
            List<Example> examples = SentEvalTasks.generate(task, sizes, 7);
            assertBalanced(examples, SentEvalTasks.labels(task, sizes, Map.of()), task.toString());
            assertThat(SentEvalTasks.generate(task, sizes, 7)).isEqualTo(examples);
            assertThat(SentEvalTasks.generate(task, sizes, 8)).isNotEqualTo(examples);
        }
    }

    private static void assertBalanced(List<Example> examples, List<String> labels, String what) {
        for (String split : List.of("train", "dev", "test")) {
            Map<String, Long> counts = split(examples, split).stream()
                    .collect(Collectors.groupingBy(Example::label, Collectors.counting()));
            assertThat(counts.keySet()).as(what + " " + split).containsExactlyInAnyOrderElementsOf(labels);
            assertThat(Set.copyOf(counts.values())).as(what + " " + split + " balanced").hasSize(1);
        }
    }

    @Test
    void sentLenLabelsAreTheWordCountBins() {
        for (Example e : SentEvalTasks.generate(Task.SENT_LEN, new Sizes(600, 0, 0), 1)) {
            int words = e.text().split(" ").length - 1;
            int[] bin = SentEvalTasks.LENGTH_BINS[Integer.parseInt(e.label())];
            assertThat(words).as(e.text()).isBetween(bin[0], bin[1]);
        }
    }

    @Test
    void treeDepthTreesHaveTheirLabelsDepthAndTheWantedLength() {
        SentEvalTasks.DepthPool pool = new SentEvalTasks.DepthPool(
                new Grammar(new SplittableRandom(3), Lexicon.forSplit(0)), 10);
        for (int depth = 5; depth <= 12; depth++) {
            for (int length = SentEvalTasks.DEPTH_TASK_LENGTHS[0]; length <= SentEvalTasks.DEPTH_TASK_LENGTHS[1];
                    length++) {
                Tree tree = pool.take(depth, length);
                assertThat(tree.depth()).as(tree.sentence()).isEqualTo(depth);
                assertThat(tree.words()).as(tree.sentence()).hasSize(length + 1).last().isEqualTo(".");
            }
        }
    }

    @Test
    void treeDepthIsNotReadOffLengthWordCountsOrABagOfWords() {
        // smaller than the others: trees of a given depth and length take many draws
        List<Example> examples = SentEvalTasks.generate(Task.TREE_DEPTH, new Sizes(2400, 0, 800), 11);
        double[] depths = examples.stream().mapToDouble(e -> Integer.parseInt(e.label())).toArray();
        double[] lengths = examples.stream().mapToDouble(e -> e.text().split(" ").length).toArray();
        assertThat(Math.abs(SurfaceCues.correlation(depths, lengths))).isLessThan(0.05);
        assertThat(lookupAccuracy(examples, text -> text.split(" ").length)).isLessThan(0.2);
        // no count of one closed-class word (a preposition, "that", "'s", "and") tells the depth
        Set<String> open = Set.copyOf(Lexicon.ALL.words());
        Set<String> closed = examples.stream().flatMap(e -> Arrays.stream(e.text().split(" ")))
                .filter(w -> !open.contains(w)).collect(Collectors.toSet());
        for (String word : closed) {
            assertThat(lookupAccuracy(examples, text -> count(text, word))).as(word).isLessThan(0.25);
        }
        assertThat(bagOfWordsAccuracy(examples)).isLessThan(0.4);
    }

    @Test
    void tenseAndNumberShowInTheWordsAndVocabulariesAreDisjointAcrossSplits() {
        Set<String> past = Lexicon.TRANSITIVE.stream().map(Lexicon.Verb::past).collect(Collectors.toSet());
        Set<String> plurals = Lexicon.NOUNS.stream().map(Lexicon.Noun::plural).collect(Collectors.toSet());
        for (Example e : SentEvalTasks.generate(Task.TENSE, new Sizes(300, 0, 0), 2)) {
            boolean hasPast = Arrays.stream(e.text().split(" ")).anyMatch(past::contains);
            assertThat(hasPast).as(e.text()).isEqualTo(e.label().equals("PAST"));
        }
        for (Example e : SentEvalTasks.generate(Task.SUBJ_NUM, new Sizes(300, 0, 0), 2)) {
            // the subject's head noun is the first noun
            String head = Arrays.stream(e.text().split(" ")).filter(w -> Lexicon.NOUNS.stream()
                    .anyMatch(n -> n.singular().equals(w) || n.plural().equals(w))).findFirst().orElseThrow();
            assertThat(plurals.contains(head)).as(e.text()).isEqualTo(e.label().equals("NNS"));
        }
        Function<String, Set<String>> vocabulary = split -> split(
                SentEvalTasks.generate(Task.OBJ_NUM, new Sizes(600, 600, 600), 4), split).stream()
                .flatMap(e -> Arrays.stream(e.text().split(" "))).filter(Lexicon.ALL.words()::contains)
                .collect(Collectors.toSet());
        Set<String> train = vocabulary.apply("train");
        assertThat(train).doesNotContainAnyElementsOf(vocabulary.apply("dev"))
                .doesNotContainAnyElementsOf(vocabulary.apply("test"));
    }

    @Test
    void numberIsInTheNounNotInTheDeterminer() {
        for (Task task : List.of(Task.SUBJ_NUM, Task.OBJ_NUM)) {
            List<Example> examples = SentEvalTasks.generate(task, SURFACE, 5);
            assertThat(lookupAccuracy(examples, text -> text.split(" ")[0])).as(task.toString()).isLessThan(0.56);
            // every determiner the grammar writes fits both numbers, so its counts say nothing either
            for (String determiner : Lexicon.DETERMINERS) {
                assertThat(lookupAccuracy(examples, text -> count(text, determiner))).as(determiner)
                        .isLessThan(0.56);
            }
        }
    }

    @Test
    void bShiftSwapsTwoAdjacentWordsAwayFromTheStartWithoutABigramGivingItAway() {
        Set<String> open = Lexicon.forSplit(0).words();
        for (long seed = 0; seed < 300; seed++) {
            // the same seed builds the same tree; only the inverted version then swaps two words
            String[] intact = bShift("O", seed).split(" ");
            String[] inverted = bShift("I", seed).split(" ");
            List<Integer> differing = IntStream.range(0, intact.length).filter(i -> !intact[i].equals(inverted[i]))
                    .boxed().toList();
            assertThat(differing).as(String.join(" ", inverted)).hasSize(2);
            int at = differing.get(0);
            assertThat(differing.get(1)).isEqualTo(at + 1);
            assertThat(at).as("never the first two words").isPositive();
            assertThat(inverted[at]).isEqualTo(intact[at + 1]);
            assertThat(inverted[at + 1]).isEqualTo(intact[at]);
            assertThat(inverted[inverted.length - 1]).isEqualTo(".");
            assertThat(SentEvalTasks.swappable(List.of(intact), at, open)).isTrue();
        }
        assertThat(SentEvalTasks.swappable(List.of("the", "nurse", "signed", "the", "letter", "."), 0,
                Set.of("nurse", "signed", "letter"))).as("the sentence start").isFalse();
        assertThat(SentEvalTasks.swappable(List.of("the", "nurse", "near", "the", "dog", "signed", "."), 2,
                Set.of("nurse", "dog", "signed"))).as("makes 'the near' of shared words").isFalse();
        List<Example> examples = SentEvalTasks.generate(Task.BSHIFT, SURFACE, 5);
        assertThat(lookupAccuracy(examples, text -> text.split(" ").length)).isLessThan(0.56);
        assertThat(bagOfWordsAccuracy(examples)).isLessThan(0.56);
    }

    private static String bShift(String label, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        Lexicon.Vocabulary vocabulary = Lexicon.forSplit(0);
        Grammar grammar = new Grammar(random, vocabulary);
        return SentEvalTasks.example(Task.BSHIFT, label, grammar, vocabulary, null, random);
    }

    @Test
    void somoBreaksTheVerbsChoiceOfObjectWithWordsAsFrequentAsInIntactSentences() {
        Map<String, Lexicon.Noun> nouns = new HashMap<>();
        Lexicon.NOUNS.forEach(n -> Stream.of(n.singular(), n.plural()).forEach(form -> nouns.put(form, n)));
        Map<String, Lexicon.Verb> verbs = new HashMap<>();
        Lexicon.TRANSITIVE.forEach(v -> Stream.of(v.singular(), v.plural(), v.past()).forEach(f -> verbs.put(f, v)));
        for (long seed = 0; seed < 300; seed++) {
            String[] intact = somo("O", seed).split(" ");
            String[] changed = somo("C", seed).split(" ");
            assertThat(changed).hasSameSizeAs(intact);
            List<Integer> differing = IntStream.range(0, intact.length).filter(i -> !intact[i].equals(changed[i]))
                    .boxed().toList();
            assertThat(differing).as(String.join(" ", changed)).hasSize(1);
            // the verb and its object (the first noun after it) fit in the intact sentence and not in the changed one
            for (String[] words : List.of(intact, changed)) {
                int verbAt = IntStream.range(0, words.length).filter(i -> verbs.containsKey(words[i])).findFirst()
                        .orElseThrow();
                int objectAt = IntStream.range(verbAt, words.length).filter(i -> nouns.containsKey(words[i]))
                        .findFirst().orElseThrow();
                assertThat(differing.get(0)).isIn(verbAt, objectAt);
                boolean fits = verbs.get(words[verbAt]).object() == nouns.get(words[objectAt]).kind();
                assertThat(fits).as(String.join(" ", words)).isEqualTo(words == intact);
            }
        }
        List<Example> examples = SentEvalTasks.generate(Task.SOMO, SURFACE, 9);
        List<Example> intact = split(examples, "train").stream().filter(e -> e.label().equals("O")).toList();
        List<Example> changed = split(examples, "train").stream().filter(e -> e.label().equals("C")).toList();
        assertThat(frequencies(intact).keySet()).as("every replacement is a word intact sentences use")
                .containsAll(frequencies(changed).keySet());
        // changed sentences use words no more differently from intact ones than two halves of the intact ones do
        int half = intact.size() / 2;
        assertThat(totalVariation(frequencies(intact), frequencies(changed))).isLessThan(totalVariation(
                frequencies(intact.subList(0, half)), frequencies(intact.subList(half, intact.size()))));
        assertThat(lookupAccuracy(examples, text -> text.split(" ").length)).isLessThan(0.55);
        assertThat(bagOfWordsAccuracy(examples)).isLessThan(0.55);
    }

    private static String somo(String label, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        return SentEvalTasks.example(Task.SOMO, label, new Grammar(random, Lexicon.ALL), Lexicon.ALL, null, random);
    }

    /** How often each word occurs among all words of {@code examples}. */
    private static Map<String, Double> frequencies(List<Example> examples) {
        List<String> words = examples.stream().flatMap(e -> Arrays.stream(e.text().split(" "))).toList();
        return words.stream().collect(Collectors.groupingBy(w -> w, Collectors.summingDouble(w -> 1.0 / words.size())));
    }

    private static double totalVariation(Map<String, Double> a, Map<String, Double> b) {
        return Stream.concat(a.keySet().stream(), b.keySet().stream()).distinct()
                .mapToDouble(w -> Math.abs(a.getOrDefault(w, 0.0) - b.getOrDefault(w, 0.0))).sum() / 2;
    }

    @Test
    void coordInvOrdersTwoChoresOfOneRoundWithEveryVerbAsOftenFirstAsSecond() {
        List<List<String>> round = Lexicon.GARMENT_ROUND;
        Function<String, Integer> step = verb -> IntStream.range(0, round.size())
                .filter(i -> round.get(i).contains(verb)).findFirst().orElseThrow();
        Function<String, String[]> verbs = text -> Arrays.stream(text.split(" , and "))
                .map(clause -> clause.split(" ")[2]).toArray(String[]::new);
        List<Example> examples = SentEvalTasks.generate(Task.COORD_INV, SURFACE, 8);
        for (Example e : examples) {
            String[] pair = verbs.apply(e.text());
            boolean inOrder = (step.apply(pair[0]) + 1) % round.size() == step.apply(pair[1]);
            assertThat(inOrder).as(e.text()).isEqualTo(e.label().equals("O"));
        }
        // the earlier chore of a pair is no cue: each verb leads as often as it follows
        assertThat(lookupAccuracy(examples, text -> verbs.apply(text)[0])).isLessThan(0.6);
        assertThat(lookupAccuracy(examples, text -> text.split(" ")[0])).isLessThan(0.56);
        assertThat(lookupAccuracy(examples, text -> text.split(" ").length)).isLessThan(0.56);
        assertThat(bagOfWordsAccuracy(examples)).isLessThan(0.56);
    }

    @Test
    void topConstLabelsAreTheTopConstituentsOfEveryTreeOfTheirFrame() {
        List<String> labels = Task.TOP_CONST.labels();
        assertThat(labels).hasSize(20).doesNotHaveDuplicates().noneMatch(l -> l.contains(",") || l.contains(":"));
        for (int frame = 0; frame < labels.size(); frame++) {
            for (long seed = 0; seed < 200; seed++) {
                Tree tree = new Grammar(new SplittableRandom(seed), Lexicon.ALL).frame(frame);
                assertThat(tree.topConstituents()).as(tree.sentence()).isEqualTo(labels.get(frame));
                List<String> words = tree.words();
                assertThat(words.subList(0, words.size() - 1)).as("punctuation inside " + tree.sentence())
                        .doesNotContainAnyElementsOf(PUNCTUATION);
            }
        }
    }

    @Test
    void topConstIsNotReadOffTheFirstWordOrABagOfWords() {
        List<Example> examples = SentEvalTasks.generate(Task.TOP_CONST, SURFACE, 6);
        assertThat(lookupAccuracy(examples, text -> text.split(" ")[0])).isLessThan(0.55);
        assertThat(lookupAccuracy(examples, text -> text.split(" ").length)).isLessThan(0.25);
        assertThat(bagOfWordsAccuracy(examples)).isLessThan(0.6);
    }

    @Test
    void wcHasAThousandTargetWordsAndAtDefaultSizesEnoughOfThemForEverySplit() {
        assertThat(Task.WC.labels()).hasSize(1000).doesNotHaveDuplicates();
        assertThat(TargetWords.TAGS).hasSize(1000).containsOnlyKeys(Task.WC.labels());
        assertThat(Set.copyOf(TargetWords.TAGS.values())).containsExactlyInAnyOrder("NN", "JJ", "VBD");
        assertThat(Lexicon.ALL.words()).doesNotContainAnyElementsOf(Task.WC.labels());
        Sizes defaults = new Sizes(2000, 500, 500);
        assertThat(SentEvalTasks.labels(Task.WC, defaults, Map.of())).hasSize(50);
        assertThat(SentEvalTasks.labels(Task.WC, Sizes.SENTEVAL, Map.of())).hasSize(1000);
        assertThat(SentEvalTasks.labels(Task.WC, new Sizes(100, 0, 0), Map.of())).hasSize(10);
        List<Example> examples = SentEvalTasks.generate(Task.WC, defaults, 9);
        assertBalanced(examples, SentEvalTasks.labels(Task.WC, defaults, Map.of()), "WC");
        assertThat(split(examples, "dev")).hasSize(500);
        assertThat(split(examples, "test")).hasSize(500);
        Set<String> targets = Set.copyOf(Task.WC.labels());
        for (Example e : examples) {
            List<String> found = Arrays.stream(e.text().split(" ")).filter(targets::contains).toList();
            assertThat(found).as(e.text()).containsExactly(e.label());
        }
        List<Example> two = SentEvalTasks.generate(Task.WC, new Sizes(10, 0, 0), 9, Map.of("targetWords", "2"));
        assertThat(two).extracting(Example::label).containsOnly(Task.WC.labels().get(0), Task.WC.labels().get(1))
                .hasSize(10);
    }

    @Test
    void onlyWcTakesAParameterAndBadOnesAreNamed() {
        Sizes sizes = new Sizes(1000, 0, 0);
        for (String bad : List.of("1", "1001", "-3", "ten", "")) {
            assertThatThrownBy(() -> SentEvalTasks.FAMILY.generate("WC", sizes, 1, Map.of("targetWords", bad)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("targetWords");
        }
        assertThatThrownBy(() -> SentEvalTasks.FAMILY.generate("WC", sizes, 1, Map.of("targetword", "5")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("targetword");
        assertThatThrownBy(() -> SentEvalTasks.FAMILY.generate("TopConst", sizes, 1, Map.of("targetWords", "5")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("targetWords");
        assertThat(SentEvalTasks.FAMILY.generate("WC", sizes, 1, Map.of("targetWords", "100")))
                .isEqualTo(SentEvalTasks.generate(Task.WC, sizes, 1));
        assertThat(SentEvalTasks.FAMILY.tasks()).contains("TopConst", "WC").hasSize(10);
    }

    private static int count(String text, String word) {
        return (int) Arrays.stream(text.split(" ")).filter(word::equals).count();
    }
}
