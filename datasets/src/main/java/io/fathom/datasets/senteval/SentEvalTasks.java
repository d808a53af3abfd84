package io.fathom.datasets.senteval;

import io.fathom.datasets.Example;
import io.fathom.datasets.Sizes;
import io.fathom.datasets.Splits;
import io.fathom.datasets.TaskFamily;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.function.IntPredicate;
import java.util.function.Predicate;
import java.util.stream.IntStream;

/**
 * SentEval's ten probing tasks generated from {@link Grammar}, class-balanced, with labels known by
 * construction and reproducible from a seed: SentLen, TreeDepth, BShift, Tense, SubjNum, ObjNum,
 * SOMO, CoordInv, TopConst (20 top-constituent sequences) and WC (which of up to 1000
 * {@linkplain TargetWords target words} a sentence holds; parameter {@code targetWords}). Each structural task is
 * built so that its label is not in the surface: depth independent of length, no punctuation or telling first word
 * for top constituents, number only in nouns, swaps and substitutions whose bigrams and word frequencies match
 * intact sentences (see {@code docs/probing.md} for each construction and its surface baselines).
 */
public final class SentEvalTasks {

    public enum Task {
        SENT_LEN("SentLen", List.of("0", "1", "2", "3", "4", "5"), false),
        TREE_DEPTH("TreeDepth", List.of("5", "6", "7", "8", "9", "10", "11", "12"), true),
        BSHIFT("BShift", List.of("O", "I"), true),
        TENSE("Tense", List.of("PRES", "PAST"), true),
        SUBJ_NUM("SubjNum", List.of("NN", "NNS"), true),
        OBJ_NUM("ObjNum", List.of("NN", "NNS"), true),
        SOMO("SOMO", List.of("O", "C"), false),
        COORD_INV("CoordInv", List.of("O", "I"), false),
        TOP_CONST("TopConst", Grammar.FRAME_LABELS, true),
        /** Labels are the target words; {@code targetWords} keeps the first so many. */
        WC("WC", TargetWords.WORDS, false);

        final String name;
        final List<String> labels;
        /** Whether train, dev and test draw nouns, verbs and adjectives from disjoint vocabularies. */
        final boolean disjointVocabulary;

        Task(String name, List<String> labels, boolean disjointVocabulary) {
            this.name = name;
            this.labels = labels;
            this.disjointVocabulary = disjointVocabulary;
        }

        static Task byName(String name) {
            return Arrays.stream(values()).filter(t -> t.name.equals(name)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("unknown SentEval task '" + name + "'"));
        }

        public String taskName() {
            return name;
        }

        /** The labels with default parameters. */
        public List<String> labels() {
            return labels;
        }
    }

    /** SentLen's bins of words per sentence (final punctuation not counted), as in SentEval. */
    static final int[][] LENGTH_BINS = {{5, 8}, {9, 12}, {13, 16}, {17, 20}, {21, 25}, {26, 28}};
    /**
     * TreeDepth's sentence lengths in words (final punctuation not counted), drawn uniformly for every example
     * whatever its depth, so that length says nothing about depth.
     */
    static final int[] DEPTH_TASK_LENGTHS = {16, 20};
    private static final int MAX_TRIES_PER_EXAMPLE = 100_000;
    /** WC's parameter: how many target words, and so classes, to use. */
    static final String TARGET_WORDS = "targetWords";
    /** WC's examples per target word in the smallest split when {@code targetWords} is not given, as in SentEval. */
    static final int WC_EXAMPLES_PER_WORD = 10;

    /** The tasks as the {@code senteval} family of built-in datasets. */
    public static final TaskFamily FAMILY = new TaskFamily() {
        @Override
        public String name() {
            return "senteval";
        }

        @Override
        public List<String> tasks() {
            return Arrays.stream(Task.values()).map(Task::taskName).toList();
        }

        @Override
        public List<Example> generate(String task, Sizes sizes, long seed, Map<String, String> parameters) {
            return SentEvalTasks.generate(Task.byName(task), sizes, seed, parameters);
        }
    };

    private SentEvalTasks() {
    }

    /** Balanced examples with default parameters. */
    public static List<Example> generate(Task task, Sizes sizes, long seed) {
        return generate(task, sizes, seed, Map.of());
    }

    /**
     * Balanced examples: each split's size is rounded down to a multiple of the number of labels.
     *
     * @throws IllegalArgumentException naming a parameter the task does not take or a bad value
     */
    public static List<Example> generate(Task task, Sizes sizes, long seed, Map<String, String> parameters) {
        return Splits.balanced(labels(task, sizes, parameters), sizes, seed, task.ordinal(), (split, random) -> {
            Lexicon.Vocabulary vocabulary = task.disjointVocabulary ? Lexicon.forSplit(split) : Lexicon.ALL;
            Grammar grammar = new Grammar(random, vocabulary);
            // room for all a split asks of one (depth, length) cell, so that no TreeDepth tree drawn there is wasted
            DepthPool depths = new DepthPool(grammar, sizes.of(split) / Task.TREE_DEPTH.labels.size()
                    / (DEPTH_TASK_LENGTHS[1] - DEPTH_TASK_LENGTHS[0] + 1) + 1);
            return label -> new Example(Splits.NAMES.get(split), label,
                    example(task, label, grammar, vocabulary, depths, random));
        });
    }

    /**
     * The labels of {@code task} under {@code parameters}: only WC takes one, {@code targetWords} (2 to 1000), and
     * keeps that many of its target words. Without it WC keeps as many as give the smallest non-empty split
     * {@link #WC_EXAMPLES_PER_WORD} examples of each (SentEval's 1000 words at SentEval's sizes, 50 at 2000/500/500).
     *
     * @throws IllegalArgumentException naming a parameter the task does not take or a bad value
     */
    public static List<String> labels(Task task, Sizes sizes, Map<String, String> parameters) {
        Set<String> unknown = new TreeSet<>(parameters.keySet());
        if (task == Task.WC) {
            unknown.remove(TARGET_WORDS);
        }
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("senteval/" + task.name + (task == Task.WC
                    ? " takes only the parameter " + TARGET_WORDS + ", got " + unknown
                    : " takes no parameters, got " + unknown));
        }
        if (task != Task.WC) {
            return task.labels;
        }
        String targetWords = parameters.get(TARGET_WORDS);
        if (targetWords == null) {
            int smallest = IntStream.range(0, 3).map(sizes::of).filter(size -> size > 0).min().orElse(0);
            return task.labels.subList(0, Math.max(2, Math.min(task.labels.size(), smallest / WC_EXAMPLES_PER_WORD)));
        }
        int count;
        try {
            count = Integer.parseInt(targetWords.strip());
        } catch (NumberFormatException e) {
            count = -1;
        }
        if (count < 2 || count > task.labels.size()) {
            throw new IllegalArgumentException("senteval/" + task.name + " parameter " + TARGET_WORDS
                    + " must be a whole number from 2 to " + task.labels.size() + ", got '" + targetWords + "'");
        }
        return task.labels.subList(0, count);
    }

    /** One sentence whose label for {@code task} is {@code label}; only TreeDepth draws from {@code depths}. */
    static String example(Task task, String label, Grammar grammar, Lexicon.Vocabulary vocabulary, DepthPool depths,
            SplittableRandom random) {
        return switch (task) {
            case TENSE -> grammar.sentence(randomShape(random, null, null, label.equals("PAST"), null)).sentence();
            case SUBJ_NUM -> grammar.sentence(randomShape(random, label.equals("NNS"), null, null, null)).sentence();
            case OBJ_NUM -> grammar.sentence(randomShape(random, null, label.equals("NNS"), null, null)).sentence();
            case TREE_DEPTH -> depths.take(Integer.parseInt(label),
                    DEPTH_TASK_LENGTHS[0] + random.nextInt(DEPTH_TASK_LENGTHS[1] - DEPTH_TASK_LENGTHS[0] + 1))
                    .sentence();
            case SENT_LEN -> {
                int[] bin = LENGTH_BINS[Integer.parseInt(label)];
                for (int tries = 0; tries < MAX_TRIES_PER_EXAMPLE; tries++) {
                    List<String> words = grammar.sentence(lengthShape(random, bin[0])).words();
                    int length = words.size() - 1;
                    if (length >= bin[0] && length <= bin[1]) {
                        yield String.join(" ", words);
                    }
                }
                throw new IllegalStateException("the grammar did not produce a sentence of " + bin[0] + "-" + bin[1]
                        + " words");
            }
            case SOMO -> {
                Tree tree = grammar.sentence(randomShape(random, null, null, null, null));
                yield label.equals("C") ? withSelectionBroken(tree, random) : tree.sentence();
            }
            case COORD_INV -> {
                // two chores done to one garment, one step of the round after the other
                int step = random.nextInt(Lexicon.GARMENT_ROUND.size());
                String earlier = grammar.pick(Lexicon.GARMENT_ROUND.get(step));
                String later = grammar.pick(Lexicon.GARMENT_ROUND.get((step + 1) % Lexicon.GARMENT_ROUND.size()));
                Lexicon.Noun garment = grammar.pick(vocabulary.nouns(Lexicon.Kind.GARMENT));
                String object = "the " + garment.form(random.nextBoolean());
                String first = chore(grammar, earlier, object, random);
                String second = chore(grammar, later, object, random);
                yield label.equals("O") ? first + " , and " + second + " ." : second + " , and " + first + " .";
            }
            case TOP_CONST -> grammar.frame(Grammar.FRAME_LABELS.indexOf(label)).sentence();
            case WC -> {
                // a sentence sure to have a slot of the word's kind, and the word put into one such slot
                String slot = TargetWords.TAGS.get(label);
                Tree tree = grammar.sentence(randomShape(random, slot.equals("NN") ? false : null, null,
                        slot.equals("VBD") ? true : null, slot.equals("JJ") ? true : null));
                List<String> words = new ArrayList<>(tree.words());
                words.set(randomLeaf(tree, slot::equals, random), label);
                yield String.join(" ", words);
            }
            case BSHIFT -> {
                Tree tree = grammar.sentence(randomShape(random, null, null, null, null));
                List<String> words = new ArrayList<>(tree.words());
                if (label.equals("I")) {
                    Set<String> open = vocabulary.words();
                    List<Integer> positions = IntStream.range(1, words.size() - 2)
                            .filter(i -> swappable(words, i, open)).boxed().toList();
                    int at = positions.get(random.nextInt(positions.size()));
                    Collections.swap(words, at, at + 1);
                }
                yield String.join(" ", words);
            }
        };
    }

    /**
     * Whether BShift may swap words {@code i} and {@code i + 1}: never the first word, never the final full stop,
     * two different words, and every bigram the swap breaks or makes holds a word of the split's own vocabulary
     * ({@code open}), so that no bigram of shared words tells a swapped sentence from an intact one.
     */
    static boolean swappable(List<String> words, int i, Set<String> open) {
        if (i < 1 || i + 2 >= words.size() || words.get(i).equals(words.get(i + 1))) {
            return false;
        }
        IntPredicate isOpen = at -> open.contains(words.get(at));
        return (isOpen.test(i - 1) || isOpen.test(i)) && (isOpen.test(i) || isOpen.test(i + 1))
                && (isOpen.test(i + 1) || isOpen.test(i + 2)) && (isOpen.test(i - 1) || isOpen.test(i + 1))
                && (isOpen.test(i) || isOpen.test(i + 2));
    }

    /**
     * {@code tree}'s sentence with its main verb or the head of its object replaced so that the verb no longer fits
     * the object (SOMO's changed sentences): the new word is of the same form and drawn as that slot's words are
     * drawn in intact sentences (the new kind uniformly from the other five kinds, the word uniformly within it), so
     * every word is as frequent in changed sentences as in intact ones.
     */
    static String withSelectionBroken(Tree tree, SplittableRandom random) {
        List<Tree> leaves = tree.leaves();
        List<String> words = new ArrayList<>(tree.words());
        int verbAt = IntStream.range(0, leaves.size()).filter(i -> leaves.get(i).label().startsWith("VB"))
                .findFirst().orElseThrow();
        int objectAt = IntStream.range(verbAt, leaves.size()).filter(i -> leaves.get(i).label().startsWith("NN"))
                .findFirst().orElseThrow();
        Lexicon.Verb verb = Lexicon.TRANSITIVE.stream().filter(v -> v.form(leaves.get(verbAt).label())
                .equals(words.get(verbAt))).findFirst().orElseThrow();
        List<Lexicon.Kind> otherKinds = Arrays.stream(Lexicon.Kind.values()).filter(k -> k != verb.object()).toList();
        Lexicon.Kind kind = otherKinds.get(random.nextInt(otherKinds.size()));
        if (random.nextBoolean()) {
            List<Lexicon.Noun> nouns = Lexicon.ALL.nouns(kind);
            boolean plural = leaves.get(objectAt).label().equals("NNS");
            words.set(objectAt, nouns.get(random.nextInt(nouns.size())).form(plural));
        } else {
            List<Lexicon.Verb> verbs = Lexicon.ALL.verbs(kind);
            words.set(verbAt, verbs.get(random.nextInt(verbs.size())).form(leaves.get(verbAt).label()));
        }
        return String.join(" ", words);
    }

    /** "the nurse posted the coat": one chore of CoordInv's round, in the past. */
    private static String chore(Grammar grammar, String verb, String object, SplittableRandom random) {
        Lexicon.Noun person = grammar.pick(Lexicon.ALL.nouns(Lexicon.Kind.PERSON));
        return grammar.pick(Lexicon.DETERMINERS) + " " + person.form(random.nextBoolean()) + " " + verb + " " + object;
    }

    /**
     * TreeDepth's sentences by depth and length: {@link Grammar#deepSentence} is drawn until one of the wanted depth
     * and length comes up, and the others drawn meanwhile are kept for later requests, up to {@code keptPerCell}
     * per cell.
     */
    static final class DepthPool {
        private final Grammar grammar;
        private final int keptPerCell;
        private final Map<List<Integer>, Deque<Tree>> cells = new HashMap<>();

        DepthPool(Grammar grammar, int keptPerCell) {
            this.grammar = grammar;
            this.keptPerCell = keptPerCell;
        }

        Tree take(int depth, int length) {
            Deque<Tree> wanted = cells.computeIfAbsent(List.of(depth, length), k -> new ArrayDeque<>());
            for (int tries = 0; wanted.isEmpty(); tries++) {
                if (tries == MAX_TRIES_PER_EXAMPLE) {
                    throw new IllegalStateException("the grammar did not produce a tree of depth " + depth + " and "
                            + length + " words");
                }
                Tree tree = grammar.deepSentence();
                Deque<Tree> cell = cells.computeIfAbsent(List.of(tree.depth(), tree.leaves().size() - 1),
                        k -> new ArrayDeque<>());
                if (cell.size() < keptPerCell) {
                    cell.add(tree);
                }
            }
            return wanted.poll();
        }
    }

    /** The position of a random leaf whose tag passes {@code tags}. */
    private static int randomLeaf(Tree tree, Predicate<String> tags, SplittableRandom random) {
        List<Tree> leaves = tree.leaves();
        List<Integer> candidates = IntStream.range(0, leaves.size()).filter(i -> tags.test(leaves.get(i).label()))
                .boxed().toList();
        return candidates.get(random.nextInt(candidates.size()));
    }

    private static Grammar.Shape randomShape(SplittableRandom random, Boolean pluralSubject, Boolean pluralObject,
            Boolean past, Boolean objectAdjective) {
        return new Grammar.Shape(pluralSubject, pluralObject, past, random.nextInt(3), objectAdjective,
                random.nextInt(4) == 0 ? 1 : 0);
    }

    /** Shapes likely to land near {@code minimumWords}, so that rejection sampling stays cheap. */
    private static Grammar.Shape lengthShape(SplittableRandom random, int minimumWords) {
        int nesting = Math.max(0, Math.min(4, (minimumWords - 5) / 4 + random.nextInt(2)));
        return new Grammar.Shape(null, null, null, nesting, null, minimumWords > 20 ? 1 + random.nextInt(2) : random.nextInt(2));
    }
}
