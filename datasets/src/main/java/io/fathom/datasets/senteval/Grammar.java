package io.fathom.datasets.senteval;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.stream.IntStream;

/**
 * A small English grammar whose trees are known, so that every probing label (length, depth,
 * tense, number, word order, top constituents) is true by construction:
 *
 * <pre>
 * S    -> NP VP .
 * NP   -> DT (ADJP) N (PP)        ADJP -> JJ | RB JJ        PP -> IN NP
 * VP   -> V (NP) (ADVP)           ADVP -> RB
 * </pre>
 *
 * <p>and, for TopConst, {@linkplain #frame frames} that put other constituents at the top: fronted
 * adverbs, prepositional phrases, conjunctions, interjections and subordinate clauses, coordinated
 * clauses, imperatives, and yes/no and wh-questions (SQ and SBARQ, whose auxiliary carries tense
 * and number while the verb stays bare).
 */
final class Grammar {

    /** What a clause should look like; null leaves a choice to chance. */
    record Shape(Boolean pluralSubject, Boolean pluralObject, Boolean past, int objectNesting,
            Boolean innermostAdjective, int subjectNesting) {
    }

    static final List<String> SINGULAR_DETERMINERS = List.of("the", "a", "this", "my", "every");
    static final List<String> PLURAL_DETERMINERS = List.of("the", "some", "these", "my", "many");

    private static final Tree STOP = Tree.leaf(".", ".");
    private static final Tree QUESTION_MARK = Tree.leaf(".", "?");
    private static final Tree COMMA = Tree.leaf(",", ",");
    private static final Tree SEMICOLON = Tree.leaf(":", ";");

    /** TopConst's frames; the comments name the top constituents each puts under its root. */
    private static final List<Function<Grammar, Tree>> FRAMES = List.of(
            g -> g.fronted(),                                                                // NP_VP_.
            g -> g.fronted(g.adverb(Lexicon.SENTENCE_ADVERBS)),                              // ADVP_NP_VP_.
            g -> g.fronted(g.prepositionalPhrase(g.object(0))),                              // PP_NP_VP_.
            g -> g.fronted(g.prepositionalPhrase(g.object(0)), COMMA),                       // PP_,_NP_VP_.
            g -> g.fronted(g.conjunction()),                                                 // CC_NP_VP_.
            g -> g.fronted(g.conjunction(), g.adverb(Lexicon.SENTENCE_ADVERBS)),             // CC_ADVP_NP_VP_.
            g -> g.fronted(g.interjection(), COMMA),                                         // INTJ_,_NP_VP_.
            g -> g.fronted(g.subordinateClause(), COMMA),                                    // SBAR_,_NP_VP_.
            Grammar::withPreverbalAdverb,                                                    // NP_ADVP_VP_.
            g -> Tree.node("S", g.clause(), g.conjunction(), g.clause(), STOP),              // S_CC_S_.
            g -> coordinated(g.clause(), g.pick(Lexicon.CONJUNCTIONS), g.clause()),          // S_,_CC_S_.
            g -> Tree.node("S", g.clause(), SEMICOLON, g.clause(), STOP),                    // S_:_S_.
            g -> Tree.node("S", g.imperative(), STOP),                                       // VP_.
            g -> Tree.node("S", g.adverb(Lexicon.IMPERATIVE_ADVERBS), g.imperative(), STOP), // ADVP_VP_.
            g -> Tree.node("S", g.subordinateClause(), COMMA, g.imperative(), STOP),         // SBAR_,_VP_.
            g -> g.yesNoQuestion(Tree.leaf("VBZ", "does")),                                  // VBZ_NP_VP_.
            g -> g.yesNoQuestion(Tree.leaf("VBD", "did")),                                   // VBD_NP_VP_.
            g -> g.yesNoQuestion(Tree.leaf("MD", g.pick(Lexicon.MODALS))),                   // MD_NP_VP_.
            g -> g.whQuestion(g.whAdverbPhrase(), true),                                     // WHADVP_SQ_.
            g -> g.whQuestion(g.whNounPhrase(), false));                                     // WHNP_SQ_.

    /** TopConst's labels, frame by frame, read off one tree of each: every tree of a frame has the same. */
    static final List<String> FRAME_LABELS = IntStream.range(0, FRAMES.size())
            .mapToObj(f -> new Grammar(new SplittableRandom(f), Lexicon.NOUNS, Lexicon.TRANSITIVE).frame(f)
                    .topConstituents())
            .toList();

    private final SplittableRandom random;
    private final List<Lexicon.Noun> nouns;
    private final List<Lexicon.Verb> verbs;

    Grammar(SplittableRandom random, List<Lexicon.Noun> nouns, List<Lexicon.Verb> verbs) {
        this.random = random;
        this.nouns = nouns;
        this.verbs = verbs;
    }

    /** S -> NP VP . */
    Tree sentence(Shape shape) {
        return root("S", clause(shape).children(), STOP);
    }

    /** S -> NP VP, without punctuation, to stand inside a larger sentence. */
    Tree clause(Shape shape) {
        boolean pluralSubject = decide(shape.pluralSubject());
        boolean past = decide(shape.past());
        Lexicon.Verb verb = pick(verbs);
        String tag = past ? "VBD" : pluralSubject ? "VBP" : "VBZ";
        Tree subject = subject(pluralSubject, shape.subjectNesting());
        Tree object = nounPhrase(decide(shape.pluralObject()), shape.objectNesting(),
                shape.innermostAdjective() == null ? random.nextBoolean() : shape.innermostAdjective(), true);
        return Tree.node("S", subject, verbPhrase(Tree.leaf(tag, verb.form(tag)), object));
    }

    /** A sentence of TopConst frame {@code f}, one of {@link #FRAME_LABELS}' indices. */
    Tree frame(int f) {
        return FRAMES.get(f).apply(this);
    }

    /** S -> S , CC S . */
    static Tree coordinated(Tree first, String conjunction, Tree second) {
        return Tree.node("S", first, COMMA, Tree.leaf("CC", conjunction), second, STOP);
    }

    /** S -> front... NP VP . */
    private Tree fronted(Tree... front) {
        List<Tree> constituents = new ArrayList<>(List.of(front));
        constituents.addAll(clause().children());
        return root("S", constituents, STOP);
    }

    /** S -> NP ADVP VP . */
    private Tree withPreverbalAdverb() {
        Tree clause = clause();
        return Tree.node("S", clause.children().get(0), adverb(Lexicon.PREVERBAL_ADVERBS), clause.children().get(1),
                STOP);
    }

    /** The constituents under a root node, then its final punctuation. */
    private static Tree root(String label, List<Tree> constituents, Tree punctuation) {
        List<Tree> children = new ArrayList<>(constituents);
        children.add(punctuation);
        return Tree.node(label, children);
    }

    /** A short clause of any tense and number. */
    private Tree clause() {
        return clause(new Shape(null, null, null, random.nextInt(2), null, 0));
    }

    /** SBAR -> IN S */
    private Tree subordinateClause() {
        return Tree.node("SBAR", Tree.leaf("IN", pick(Lexicon.SUBORDINATORS)), clause());
    }

    /** VP -> VB NP (ADVP): an order, with no subject. */
    private Tree imperative() {
        return verbPhrase(Tree.leaf("VB", pick(verbs).form("VB")), object(random.nextInt(2)));
    }

    /** SQ -> AUX NP VP ? */
    private Tree yesNoQuestion(Tree auxiliary) {
        return root("SQ", inverted(auxiliary, true).children(), QUESTION_MARK);
    }

    /** SBARQ -> WH SQ ? ; without an object in the SQ the wh-phrase stands for it. */
    private Tree whQuestion(Tree wh, boolean withObject) {
        Tree auxiliary = switch (random.nextInt(4)) {
            case 0 -> Tree.leaf("VBD", "did");
            case 1 -> Tree.leaf("MD", pick(Lexicon.MODALS));
            case 2 -> Tree.leaf("VBZ", "does");
            default -> Tree.leaf("VBP", "do");
        };
        return Tree.node("SBARQ", wh, inverted(auxiliary, withObject), QUESTION_MARK);
    }

    /** SQ -> AUX NP VP with a bare verb: the auxiliary carries the tense, and the number where it shows one. */
    private Tree inverted(Tree auxiliary, boolean withObject) {
        boolean pluralSubject = switch (auxiliary.label()) {
            case "VBZ" -> false;
            case "VBP" -> true;
            default -> random.nextBoolean();
        };
        Tree subject = subject(pluralSubject, 0);
        Tree verb = Tree.leaf("VB", pick(verbs).form("VB"));
        return Tree.node("SQ", auxiliary, subject, verbPhrase(verb, withObject ? object(random.nextInt(2)) : null));
    }

    /** WHADVP -> WRB */
    private Tree whAdverbPhrase() {
        return Tree.node("WHADVP", Tree.leaf("WRB", pick(Lexicon.WH_ADVERBS)));
    }

    /** WHNP -> WP | WDT NN */
    private Tree whNounPhrase() {
        return random.nextBoolean() ? Tree.node("WHNP", Tree.leaf("WP", pick(Lexicon.WH_PRONOUNS)))
                : Tree.node("WHNP", Tree.leaf("WDT", "which"), Tree.leaf("NN", pick(nouns).singular()));
    }

    /** VP -> V (NP) (ADVP) */
    private Tree verbPhrase(Tree verb, Tree object) {
        List<Tree> children = new ArrayList<>(List.of(verb));
        if (object != null) {
            children.add(object);
        }
        if (random.nextInt(3) == 0) {
            children.add(adverb(Lexicon.ADVERBS));
        }
        return Tree.node("VP", children);
    }

    private Tree subject(boolean plural, int nesting) {
        return nounPhrase(plural, nesting, random.nextInt(3) == 0, false);
    }

    private Tree object(int nesting) {
        return nounPhrase(random.nextBoolean(), nesting, random.nextBoolean(), true);
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
            children.add(prepositionalPhrase(inner));
        }
        return Tree.node("NP", children);
    }

    /** PP -> IN NP */
    private Tree prepositionalPhrase(Tree object) {
        return Tree.node("PP", Tree.leaf("IN", pick(Lexicon.PREPOSITIONS)), object);
    }

    private Tree conjunction() {
        return Tree.leaf("CC", pick(Lexicon.CONJUNCTIONS));
    }

    private Tree interjection() {
        return Tree.node("INTJ", Tree.leaf("UH", pick(Lexicon.INTERJECTIONS)));
    }

    /** ADVP -> RB */
    private Tree adverb(List<String> words) {
        return Tree.node("ADVP", Tree.leaf("RB", pick(words)));
    }

    private boolean decide(Boolean choice) {
        return choice == null ? random.nextBoolean() : choice;
    }

    <T> T pick(List<T> options) {
        return options.get(random.nextInt(options.size()));
    }
}
