package io.fathom.datasets.senteval;

import io.fathom.datasets.Example;
import io.fathom.datasets.Sizes;
import io.fathom.datasets.Splits;
import io.fathom.datasets.TaskFamily;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.stream.IntStream;

/**
 * SentEval's ten probing tasks generated from {@link Grammar}, class-balanced, with labels known by
 * construction and reproducible from a seed: SentLen, TreeDepth, BShift, Tense, SubjNum, ObjNum,
 * SOMO, CoordInv, TopConst (20 top-constituent sequences) and WC (which of up to 1000
 * {@linkplain TargetWords target words} a sentence holds; parameter {@code targetWords}).
 */
public final class SentEvalTasks {

    public enum Task {
        SENT_LEN("SentLen", List.of("0", "1", "2", "3", "4", "5"), false),
        TREE_DEPTH("TreeDepth", List.of("5", "6", "7", "8", "9", "10", "11", "12"), false),
        BSHIFT("BShift", List.of("O", "I"), false),
        TENSE("Tense", List.of("PRES", "PAST"), true),
        SUBJ_NUM("SubjNum", List.of("NN", "NNS"), true),
        OBJ_NUM("ObjNum", List.of("NN", "NNS"), true),
        SOMO("SOMO", List.of("O", "C"), false),
        COORD_INV("CoordInv", List.of("O", "I"), false),
        TOP_CONST("TopConst", Grammar.FRAME_LABELS, false),
        /** Labels are the target words; {@code targetWords} keeps the first so many. */
        WC("WC", TargetWords.WORDS, false);

        final String name;
        final List<String> labels;
        /** Whether train, dev and test draw nouns and verbs from disjoint vocabularies. */
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
    private static final int MAX_TRIES_PER_EXAMPLE = 10_000;
    /** WC's parameter: how many target words, and so classes, to use. */
    static final String TARGET_WORDS = "targetWords";

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
        return Splits.balanced(labels(task, parameters), sizes, seed, task.ordinal(), (split, random) -> {
            Grammar grammar = task.disjointVocabulary
                    ? new Grammar(random, Splits.partition(Lexicon.NOUNS, split),
                            Splits.partition(Lexicon.TRANSITIVE, split))
                    : new Grammar(random, Lexicon.NOUNS, Lexicon.TRANSITIVE);
            return label -> new Example(Splits.NAMES.get(split), label, example(task, label, grammar, random));
        });
    }

    /**
     * The labels of {@code task} under {@code parameters}: only WC takes one, {@code targetWords}
     * (2 to 1000, default 1000), and keeps that many of its target words.
     *
     * @throws IllegalArgumentException naming a parameter the task does not take or a bad value
     */
    public static List<String> labels(Task task, Map<String, String> parameters) {
        Set<String> unknown = new TreeSet<>(parameters.keySet());
        if (task == Task.WC) {
            unknown.remove(TARGET_WORDS);
        }
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("senteval/" + task.name + (task == Task.WC
                    ? " takes only the parameter " + TARGET_WORDS + ", got " + unknown
                    : " takes no parameters, got " + unknown));
        }
        String targetWords = parameters.get(TARGET_WORDS);
        if (targetWords == null) {
            return task.labels;
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

    /** One sentence whose label for {@code task} is {@code label}. */
    static String example(Task task, String label, Grammar grammar, SplittableRandom random) {
        return switch (task) {
            case TENSE -> grammar.sentence(randomShape(random, null, null, label.equals("PAST"), null)).sentence();
            case SUBJ_NUM -> grammar.sentence(randomShape(random, label.equals("NNS"), null, null, null)).sentence();
            case OBJ_NUM -> grammar.sentence(randomShape(random, null, label.equals("NNS"), null, null)).sentence();
            case TREE_DEPTH -> {
                int depth = Integer.parseInt(label);
                // S depth = 2 + object NP depth; object NP depth = 2 or 3 (adjective) + 2 per nested PP
                boolean adjective = depth % 2 == 1;
                int nesting = (depth - 2 - (adjective ? 3 : 2)) / 2;
                yield grammar.sentence(new Grammar.Shape(null, null, null, nesting, adjective, 0)).sentence();
            }
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
                List<String> words = new ArrayList<>(tree.words());
                if (label.equals("C")) { // one noun or verb replaced by another of the same form
                    int at = randomLeaf(tree, tag -> tag.startsWith("NN") || tag.startsWith("VB"), random);
                    String tag = tree.leaves().get(at).label();
                    String replacement;
                    do {
                        replacement = sameForm(tag, random);
                    } while (replacement.equals(words.get(at)));
                    words.set(at, replacement);
                }
                yield String.join(" ", words);
            }
            case COORD_INV -> {
                // a story in the order things happen: something is reported, then answered
                Grammar first = new Grammar(random, Lexicon.NOUNS, Lexicon.verbs(Lexicon.INITIATING));
                Grammar then = new Grammar(random, Lexicon.NOUNS, Lexicon.verbs(Lexicon.RESPONDING));
                Tree a = pastClause(first, random);
                Tree b = pastClause(then, random);
                yield Grammar.coordinated(label.equals("O") ? a : b, "and", label.equals("O") ? b : a).sentence();
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
                    int position;
                    do { // swap two adjacent, different words (never the final full stop)
                        position = random.nextInt(words.size() - 2);
                    } while (words.get(position).equals(words.get(position + 1)));
                    Collections.swap(words, position, position + 1);
                }
                yield String.join(" ", words);
            }
        };
    }

    /** A past-tense clause without punctuation. */
    private static Tree pastClause(Grammar grammar, SplittableRandom random) {
        return grammar.clause(new Grammar.Shape(null, null, true, random.nextInt(2), null, 0));
    }

    /** The position of a random leaf whose tag passes {@code tags}. */
    private static int randomLeaf(Tree tree, Predicate<String> tags, SplittableRandom random) {
        List<Tree> leaves = tree.leaves();
        List<Integer> candidates = IntStream.range(0, leaves.size()).filter(i -> tags.test(leaves.get(i).label()))
                .boxed().toList();
        return candidates.get(random.nextInt(candidates.size()));
    }

    /** A random noun or verb in the inflection the tag names. */
    private static String sameForm(String tag, SplittableRandom random) {
        Lexicon.Noun noun = Lexicon.NOUNS.get(random.nextInt(Lexicon.NOUNS.size()));
        Lexicon.Verb verb = Lexicon.TRANSITIVE.get(random.nextInt(Lexicon.TRANSITIVE.size()));
        return switch (tag) {
            case "NN" -> noun.singular();
            case "NNS" -> noun.plural();
            default -> verb.form(tag);
        };
    }

    private static Grammar.Shape randomShape(SplittableRandom random, Boolean pluralSubject, Boolean pluralObject,
            Boolean past, Boolean innermostAdjective) {
        return new Grammar.Shape(pluralSubject, pluralObject, past, random.nextInt(3), innermostAdjective,
                random.nextInt(4) == 0 ? 1 : 0);
    }

    /** Shapes likely to land near {@code minimumWords}, so that rejection sampling stays cheap. */
    private static Grammar.Shape lengthShape(SplittableRandom random, int minimumWords) {
        int nesting = Math.max(0, Math.min(4, (minimumWords - 5) / 4 + random.nextInt(2)));
        return new Grammar.Shape(null, null, null, nesting, null, minimumWords > 20 ? 1 + random.nextInt(2) : random.nextInt(2));
    }
}
