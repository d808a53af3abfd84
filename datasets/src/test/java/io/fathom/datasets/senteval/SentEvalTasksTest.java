package io.fathom.datasets.senteval;

import static org.assertj.core.api.Assertions.assertThat;

import io.fathom.datasets.Example;
import io.fathom.datasets.Sizes;
import io.fathom.datasets.senteval.SentEvalTasks.Task;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Labels are checked against the generated sentences by independent means wherever a sentence shows them. */
class SentEvalTasksTest {

    @Test
    void everyTaskIsClassBalancedPerSplitAndReproducible() {
        for (Task task : Task.values()) {
            List<Example> examples = SentEvalTasks.generate(task, new Sizes(240, 48, 48), 7);
            for (String split : List.of("train", "dev", "test")) {
                Map<String, Long> counts = examples.stream().filter(e -> e.split().equals(split))
                        .collect(Collectors.groupingBy(Example::label, Collectors.counting()));
                assertThat(counts.keySet()).as(task + " " + split).containsExactlyInAnyOrderElementsOf(task.labels());
                assertThat(Set.copyOf(counts.values())).as(task + " " + split + " balanced").hasSize(1);
            }
            assertThat(SentEvalTasks.generate(task, new Sizes(240, 48, 48), 7)).isEqualTo(examples);
            assertThat(SentEvalTasks.generate(task, new Sizes(240, 48, 48), 8)).isNotEqualTo(examples);
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
                .filter(e -> List.of("the", "a", "this", "my", "every", "some", "these", "many")
                        .contains(e.text().split(" ")[0])).count();
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
}
