package io.fathom.datasets.senteval;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A small English grammar whose trees are known, so that every probing label (length, depth,
 * tense, number, word order) is true by construction:
 *
 * <pre>
 * S    -> NP VP .
 * NP   -> DT (ADJP) N (PP)        ADJP -> JJ | RB JJ        PP -> IN NP
 * VP   -> V NP (ADVP)             ADVP -> RB
 * </pre>
 */
final class Grammar {

    /** What a clause should look like; null leaves a choice to chance. */
    record Shape(Boolean pluralSubject, Boolean pluralObject, Boolean past, int objectNesting,
            Boolean innermostAdjective, int subjectNesting) {
    }

    private static final List<String> SINGULAR_DETERMINERS = List.of("the", "a", "this", "my", "every");
    private static final List<String> PLURAL_DETERMINERS = List.of("the", "some", "these", "my", "many");

    private final SplittableRandom random;
    private final List<Lexicon.Noun> nouns;
    private final List<Lexicon.Verb> verbs;

    Grammar(SplittableRandom random, List<Lexicon.Noun> nouns, List<Lexicon.Verb> verbs) {
        this.random = random;
        this.nouns = nouns;
        this.verbs = verbs;
    }

    Tree sentence(Shape shape) {
        boolean pluralSubject = decide(shape.pluralSubject());
        boolean past = decide(shape.past());
        Lexicon.Verb verb = pick(verbs);
        Tree v = past ? Tree.leaf("VBD", verb.past())
                : pluralSubject ? Tree.leaf("VBP", verb.plural()) : Tree.leaf("VBZ", verb.singular());
        Tree subject = nounPhrase(pluralSubject, shape.subjectNesting(), random.nextInt(3) == 0, false);
        Tree object = nounPhrase(decide(shape.pluralObject()), shape.objectNesting(),
                shape.innermostAdjective() == null ? random.nextBoolean() : shape.innermostAdjective(), true);
        List<Tree> vp = new ArrayList<>(List.of(v, object));
        if (random.nextInt(3) == 0) {
            vp.add(Tree.node("ADVP", Tree.leaf("RB", pick(Lexicon.ADVERBS))));
        }
        return Tree.node("S", subject, Tree.node("VP", vp.toArray(Tree[]::new)), Tree.leaf(".", "."));
    }

    /**
     * An NP with {@code nesting} PPs chained inside it. The innermost NP decides the depth: 2 levels
     * without an adjective phrase, 3 with one; every PP level adds 2. Outer NPs may take adjectives
     * freely ({@code decorate}) because they never deepen the tree.
     */
    private Tree nounPhrase(boolean plural, int nesting, boolean innermostAdjective, boolean decorate) {
        List<Tree> children = new ArrayList<>();
        Lexicon.Noun noun = pick(nouns);
        children.add(Tree.leaf("DT", pick(plural ? PLURAL_DETERMINERS : SINGULAR_DETERMINERS)));
        boolean adjective = nesting == 0 ? innermostAdjective : decorate && random.nextBoolean();
        if (adjective) {
            children.add(random.nextInt(4) == 0
                    ? Tree.node("ADJP", Tree.leaf("RB", pick(Lexicon.INTENSIFIERS)), Tree.leaf("JJ", pick(Lexicon.ADJECTIVES)))
                    : Tree.node("ADJP", Tree.leaf("JJ", pick(Lexicon.ADJECTIVES))));
        }
        children.add(plural ? Tree.leaf("NNS", noun.plural()) : Tree.leaf("NN", noun.singular()));
        if (nesting > 0) {
            Tree inner = nounPhrase(random.nextBoolean(), nesting - 1, innermostAdjective, decorate);
            children.add(Tree.node("PP", Tree.leaf("IN", pick(Lexicon.PREPOSITIONS)), inner));
        }
        return Tree.node("NP", children.toArray(Tree[]::new));
    }

    private boolean decide(Boolean choice) {
        return choice == null ? random.nextBoolean() : choice;
    }

    <T> T pick(List<T> options) {
        return options.get(random.nextInt(options.size()));
    }
}
