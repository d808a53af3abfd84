package io.fathom.datasets.senteval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fathom.datasets.Example;
import io.fathom.datasets.Sizes;
import io.fathom.datasets.senteval.SentEvalTasks.Task;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Labels are checked against the generated sentences by independent means wherever a sentence shows them. */
class SentEvalTasksTest {

    private static final Set<String> DETERMINERS = union(Grammar.SINGULAR_DETERMINERS, Grammar.PLURAL_DETERMINERS);
    private static final Set<String> BARE_VERBS = verbForms(Lexicon.Verb::plural);
    private static final Set<String> FINITE_VERBS = union(verbForms(Lexicon.Verb::singular),
            verbForms(Lexicon.Verb::plural), verbForms(Lexicon.Verb::past));

    @Test
    void everyTaskIsClassBalancedPerSplitAndReproducible() {
        for (Task task : Task.values()) {
            // WC's 1000 classes would not fit these sizes; 12 of its words do
            Map<String, String> parameters = task == Task.WC ? Map.of("targetWords", "12") : Map.of();
            List<Example> examples = SentEvalTasks.generate(task, new Sizes(240, 48, 48), 7, parameters);
            assertBalanced(examples, SentEvalTasks.labels(task, parameters), task.toString());
            assertThat(SentEvalTasks.generate(task, new Sizes(240, 48, 48), 7, parameters)).isEqualTo(examples);
            assertThat(SentEvalTasks.generate(task, new Sizes(240, 48, 48), 8, parameters)).isNotEqualTo(examples);
        }
    }

    private static void assertBalanced(List<Example> examples, List<String> labels, String what) {
        for (String split : List.of("train", "dev", "test")) {
            Map<String, Long> counts = examples.stream().filter(e -> e.split().equals(split))
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
    void treeDepthLabelsEqualTheDepthOfTheGeneratedTree() {
        SplittableRandom random = new SplittableRandom(3);
        Grammar grammar = new Grammar(random, Lexicon.NOUNS, Lexicon.TRANSITIVE);
        for (int depth = 5; depth <= 12; depth++) {
            for (int i = 0; i < 50; i++) {
                boolean adjective = depth % 2 == 1;
                Tree tree = grammar.sentence(new Grammar.Shape(null, null, null,
                        (depth - 2 - (adjective ? 3 : 2)) / 2, adjective, 0));
                assertThat(tree.depth()).as(tree.sentence()).isEqualTo(depth);
            }
        }
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
            // the subject's head noun is the first noun: the second or third word
            String[] w = e.text().split(" ");
            String head = Lexicon.ADJECTIVES.contains(w[1]) || Lexicon.INTENSIFIERS.contains(w[1])
                    ? (Lexicon.INTENSIFIERS.contains(w[1]) ? w[3] : w[2]) : w[1];
            assertThat(plurals.contains(head)).as(e.text()).isEqualTo(e.label().equals("NNS"));
        }
        Function<String, Set<String>> vocabulary = split -> SentEvalTasks.generate(Task.OBJ_NUM, new Sizes(600, 600, 600), 4)
                .stream().filter(e -> e.split().equals(split)).flatMap(e -> Arrays.stream(e.text().split(" ")))
                .filter(w -> plurals.contains(w) || Lexicon.NOUNS.stream().anyMatch(n -> n.singular().equals(w)))
                .collect(Collectors.toSet());
        Set<String> train = vocabulary.apply("train");
        assertThat(train).doesNotContainAnyElementsOf(vocabulary.apply("dev"))
                .doesNotContainAnyElementsOf(vocabulary.apply("test"));
    }

    @Test
    void bShiftSwapsExactlyOnePairOfAdjacentWords() {
        List<Example> examples = SentEvalTasks.generate(Task.BSHIFT, new Sizes(400, 0, 0), 5);
        assertThat(examples).allSatisfy(e -> assertThat(e.text()).endsWith(" ."));
        // an inverted sentence is a word permutation of a grammatical one; check that the
        // intact ones follow the grammar's DT-first order and the inverted ones mostly do not
        long intactStartingWithDeterminer = examples.stream().filter(e -> e.label().equals("O"))
                .filter(e -> DETERMINERS.contains(e.text().split(" ")[0])).count();
        assertThat(intactStartingWithDeterminer).isEqualTo(200);
    }

    @Test
    void somoChangesOneNounOrVerbKeepingItsForm() {
        List<Set<String>> forms = List.of(
                Lexicon.NOUNS.stream().map(Lexicon.Noun::singular).collect(Collectors.toSet()),
                Lexicon.NOUNS.stream().map(Lexicon.Noun::plural).collect(Collectors.toSet()),
                Lexicon.TRANSITIVE.stream().map(Lexicon.Verb::singular).collect(Collectors.toSet()),
                Lexicon.TRANSITIVE.stream().map(Lexicon.Verb::plural).collect(Collectors.toSet()),
                Lexicon.TRANSITIVE.stream().map(Lexicon.Verb::past).collect(Collectors.toSet()));
        for (long seed = 0; seed < 200; seed++) {
            // the same seed builds the same tree; only the changed version then swaps a word
            SplittableRandom a = new SplittableRandom(seed);
            SplittableRandom b = new SplittableRandom(seed);
            String[] original = SentEvalTasks.example(Task.SOMO, "O",
                    new Grammar(a, Lexicon.NOUNS, Lexicon.TRANSITIVE), a).split(" ");
            String[] changed = SentEvalTasks.example(Task.SOMO, "C",
                    new Grammar(b, Lexicon.NOUNS, Lexicon.TRANSITIVE), b).split(" ");
            assertThat(changed).hasSameSizeAs(original);
            List<Integer> differing = java.util.stream.IntStream.range(0, original.length)
                    .filter(i -> !original[i].equals(changed[i])).boxed().toList();
            assertThat(differing).as(String.join(" ", changed)).hasSize(1);
            int at = differing.get(0);
            assertThat(forms).as("%s -> %s", original[at], changed[at])
                    .anySatisfy(f -> assertThat(f).contains(original[at], changed[at]));
        }
    }

    @Test
    void coordInvPutsTheAnsweringClauseFirstWhenInverted() {
        for (Example e : SentEvalTasks.generate(Task.COORD_INV, new Sizes(200, 0, 0), 8)) {
            String[] halves = e.text().split(" , and ");
            assertThat(halves).hasSize(2);
            boolean firstInitiates = Lexicon.verbs(Lexicon.INITIATING).stream()
                    .anyMatch(v -> Arrays.asList(halves[0].split(" ")).contains(v.past()));
            assertThat(firstInitiates).as(e.text()).isEqualTo(e.label().equals("O"));
        }
    }

    @Test
    void topConstLabelsAreTheTopConstituentsOfEveryTreeOfTheirFrameAndShowInTheWords() {
        List<String> labels = Task.TOP_CONST.labels();
        assertThat(labels).hasSize(20).doesNotHaveDuplicates();
        for (int frame = 0; frame < labels.size(); frame++) {
            for (long seed = 0; seed < 200; seed++) {
                Tree tree = new Grammar(new SplittableRandom(seed), Lexicon.NOUNS, Lexicon.TRANSITIVE).frame(frame);
                assertThat(tree.topConstituents()).as(tree.sentence()).isEqualTo(labels.get(frame));
                assertThat(topConstituentsOf(tree.words())).as(tree.sentence()).isEqualTo(labels.get(frame));
            }
        }
        for (Example e : SentEvalTasks.generate(Task.TOP_CONST, new Sizes(400, 0, 0), 6)) {
            assertThat(topConstituentsOf(List.of(e.text().split(" ")))).as(e.text()).isEqualTo(e.label());
        }
    }

    @Test
    void wordsThatCanStartATopConstFrameTellTheFrame() {
        List<Set<String>> starters = List.of(DETERMINERS, BARE_VERBS, Set.of("does", "did", "which"),
                Set.copyOf(Lexicon.SENTENCE_ADVERBS), Set.copyOf(Lexicon.IMPERATIVE_ADVERBS),
                Set.copyOf(Lexicon.PREPOSITIONS), Set.copyOf(Lexicon.CONJUNCTIONS), Set.copyOf(Lexicon.SUBORDINATORS),
                Set.copyOf(Lexicon.INTERJECTIONS), Set.copyOf(Lexicon.MODALS), Set.copyOf(Lexicon.WH_ADVERBS),
                Set.copyOf(Lexicon.WH_PRONOUNS));
        for (int i = 0; i < starters.size(); i++) {
            for (int j = i + 1; j < starters.size(); j++) {
                assertThat(starters.get(i)).doesNotContainAnyElementsOf(starters.get(j));
            }
        }
    }

    /**
     * TopConst's label read off the words alone: the class of the first word (determiner, verb,
     * adverb, preposition, conjunction, subordinator, interjection, auxiliary, modal, wh-word) and a
     * few landmarks after it (a comma, a semicolon, a conjunction, an adverb before a verb).
     */
    private static String topConstituentsOf(List<String> w) {
        String first = w.get(0);
        if (w.get(w.size() - 1).equals("?")) {
            if (Lexicon.WH_ADVERBS.contains(first)) {
                return "WHADVP_SQ_.";
            }
            if (Lexicon.WH_PRONOUNS.contains(first) || first.equals("which")) {
                return "WHNP_SQ_.";
            }
            return first.equals("does") ? "VBZ_NP_VP_." : first.equals("did") ? "VBD_NP_VP_."
                    : Lexicon.MODALS.contains(first) ? "MD_NP_VP_." : "a question starting with " + first;
        }
        if (Lexicon.INTERJECTIONS.contains(first)) {
            return "INTJ_,_NP_VP_.";
        }
        if (Lexicon.SUBORDINATORS.contains(first)) {
            return "SBAR_,_" + (DETERMINERS.contains(w.get(w.indexOf(",") + 1)) ? "NP_VP_." : "VP_.");
        }
        if (Lexicon.CONJUNCTIONS.contains(first)) {
            return "CC_" + (Lexicon.SENTENCE_ADVERBS.contains(w.get(1)) ? "ADVP_" : "") + "NP_VP_.";
        }
        if (Lexicon.PREPOSITIONS.contains(first)) {
            return "PP_" + (w.contains(",") ? ",_" : "") + "NP_VP_.";
        }
        if (Lexicon.SENTENCE_ADVERBS.contains(first)) {
            return "ADVP_NP_VP_.";
        }
        if (Lexicon.IMPERATIVE_ADVERBS.contains(first)) {
            return "ADVP_VP_.";
        }
        if (BARE_VERBS.contains(first)) {
            return "VP_.";
        }
        if (!DETERMINERS.contains(first)) {
            return "a sentence starting with " + first;
        }
        if (w.contains(";")) {
            return "S_:_S_.";
        }
        for (int i = 1; i < w.size() - 1; i++) {
            if (Lexicon.CONJUNCTIONS.contains(w.get(i))) {
                return w.get(i - 1).equals(",") ? "S_,_CC_S_." : "S_CC_S_.";
            }
            if (Lexicon.PREVERBAL_ADVERBS.contains(w.get(i)) && FINITE_VERBS.contains(w.get(i + 1))) {
                return "NP_ADVP_VP_.";
            }
        }
        return "NP_VP_.";
    }

    @Test
    void wcHasAThousandTargetWordsNoneOfWhichTheGrammarUsesOtherwise() {
        assertThat(Task.WC.labels()).hasSize(1000).doesNotHaveDuplicates();
        assertThat(TargetWords.TAGS).hasSize(1000).containsOnlyKeys(Task.WC.labels());
        assertThat(Set.copyOf(TargetWords.TAGS.values())).containsExactlyInAnyOrder("NN", "JJ", "VBD");
        Set<String> grammarWords = union(DETERMINERS, FINITE_VERBS, Lexicon.ADJECTIVES, Lexicon.ADVERBS,
                Lexicon.INTENSIFIERS, Lexicon.PREPOSITIONS, Lexicon.SENTENCE_ADVERBS, Lexicon.PREVERBAL_ADVERBS,
                Lexicon.IMPERATIVE_ADVERBS, Lexicon.INTERJECTIONS, Lexicon.CONJUNCTIONS, Lexicon.SUBORDINATORS,
                Lexicon.MODALS, Lexicon.WH_ADVERBS, Lexicon.WH_PRONOUNS, List.of("does", "do", "did", "which"),
                Lexicon.NOUNS.stream().flatMap(n -> Stream.of(n.singular(), n.plural())).toList());
        assertThat(grammarWords).doesNotContainAnyElementsOf(Task.WC.labels());
    }

    @Test
    void wcSentencesHoldExactlyOneTargetWordTheLabel() {
        Set<String> targets = Set.copyOf(Task.WC.labels());
        List<Example> examples = SentEvalTasks.generate(Task.WC, new Sizes(2000, 1000, 1000), 9);
        assertBalanced(examples, Task.WC.labels(), "WC");
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
        assertThat(SentEvalTasks.FAMILY.generate("WC", sizes, 1, Map.of("targetWords", "1000")))
                .isEqualTo(SentEvalTasks.generate(Task.WC, sizes, 1));
        assertThat(SentEvalTasks.FAMILY.tasks()).contains("TopConst", "WC").hasSize(10);
    }

    private static Set<String> verbForms(Function<Lexicon.Verb, String> form) {
        return Lexicon.TRANSITIVE.stream().map(form).collect(Collectors.toSet());
    }

    @SafeVarargs
    private static Set<String> union(Collection<String>... sets) {
        return Arrays.stream(sets).flatMap(Collection::stream).collect(Collectors.toSet());
    }
}
