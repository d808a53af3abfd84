package io.fathom.datasets.senteval;

import io.fathom.datasets.senteval.Lexicon.Kind;
import io.fathom.datasets.senteval.Lexicon.Noun;
import io.fathom.datasets.senteval.Lexicon.Verb;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * A small English grammar whose trees are known, so that every probing label is true by construction. Subjects are
 * people, and a verb's object is a noun of the kind the verb selects:
 *
 * <pre>
 * S    -> NP VP .                 VP   -> V NP (tail)          tail -> ADVP | PP | SBAR | NP(time)
 * NP   -> DT (ADJP) N | NP PP     PP   -> IN NP                ADJP -> JJ | RB JJ
 * </pre>
 *
 * <p>TopConst's {@linkplain #frame frames} put other constituents at the top; {@link #deepSentence} builds the
 * varied trees TreeDepth measures. Neither writes punctuation inside a sentence.
 */
final class Grammar {

    /** What a simple clause should look like; null leaves a choice to chance. */
    record Shape(Boolean pluralSubject, Boolean pluralObject, Boolean past, int objectNesting,
            Boolean objectAdjective, int subjectNesting) {
    }

    static final Tree STOP = Tree.leaf(".", ".");
    private static final Tree QUESTION_MARK = Tree.leaf(".", "?");
    /** Words that open a subordinate clause: subordinators only, or prepositions too. */
    private static final List<String> SUBORDINATORS = Stream.concat(Lexicon.SUBORDINATORS.stream(),
            Lexicon.TEMPORAL.stream()).toList();
    private static final List<Kind> KINDS = List.of(Kind.values());

    /**
     * TopConst's frames; the comments name the top constituents each puts under its root. A constituent that a
     * frame fronts also appears at the end of other frames' verb phrases, and clauses inside a sentence may front
     * one themselves, so that the words a constituent brings do not tell where it stands.
     */
    private static final List<Function<Grammar, Tree>> FRAMES = List.of(
            g -> g.declarative(),                                                  // NP_VP_.
            g -> g.withPreverbalAdverb(),                                          // NP_ADVP_VP_.
            g -> g.declarative(g.adverbPhrase()),                                  // ADVP_NP_VP_.
            g -> g.declarative(g.timePhrase()),                                    // NP_NP_VP_.
            g -> g.declarative(g.prepositionalPhrase()),                           // PP_NP_VP_.
            g -> g.declarative(g.subordinateClause()),                             // SBAR_NP_VP_.
            g -> g.declarative(g.conjunction()),                                   // CC_NP_VP_.
            g -> g.declarative(g.conjunction(), g.adverbPhrase()),                 // CC_ADVP_NP_VP_.
            g -> g.declarative(g.conjunction(), g.prepositionalPhrase()),          // CC_PP_NP_VP_.
            g -> g.declarative(g.conjunction(), g.subordinateClause()),            // CC_SBAR_NP_VP_.
            g -> root("S", List.of(g.innerClause(), g.conjunction(), g.innerClause()), STOP), // S_CC_S_.
            g -> g.imperative(),                                                   // VP_.
            g -> g.imperative(g.adverbPhrase()),                                   // ADVP_VP_.
            g -> g.imperative(g.subordinateClause()),                              // SBAR_VP_.
            g -> g.imperative(g.prepositionalPhrase()),                            // PP_VP_.
            g -> g.imperative(g.conjunction()),                                    // CC_VP_.
            g -> g.yesNoQuestion(Tree.leaf("VBD", "did"), g.random.nextBoolean()), // VBD_NP_VP_.
            g -> g.yesNoQuestion(Tree.leaf("MD", g.pick(Lexicon.MODALS)), g.random.nextBoolean()), // MD_NP_VP_.
            g -> g.whAdverbQuestion(),                                             // WHADVP_SQ_.
            g -> g.whNounQuestion());                                              // WHNP_SQ_.

    /** TopConst's labels, frame by frame, read off one tree of each: every tree of a frame has the same. */
    static final List<String> FRAME_LABELS = IntStream.range(0, FRAMES.size())
            .mapToObj(f -> new Grammar(new SplittableRandom(f), Lexicon.ALL).frame(f).topConstituents())
            .toList();

    private final SplittableRandom random;
    private final Lexicon.Vocabulary words;

    Grammar(SplittableRandom random, Lexicon.Vocabulary words) {
        this.random = random;
        this.words = words;
    }

    /** S -> NP VP . */
    Tree sentence(Shape shape) {
        return root("S", clause(shape).children(), STOP);
    }

    /** S -> NP VP without punctuation: a person does something to a noun of the kind the verb takes. */
    Tree clause(Shape shape) {
        boolean pluralSubject = decide(shape.pluralSubject());
        Verb verb = pick(words.verbs());
        String tag = decide(shape.past()) ? "VBD" : pluralSubject ? "VBP" : "VBZ";
        Tree subject = nounPhrase(Kind.PERSON, pluralSubject, shape.subjectNesting(), random.nextInt(3) == 0);
        Tree object = nounPhrase(verb.object(), decide(shape.pluralObject()), shape.objectNesting(),
                decide(shape.objectAdjective()));
        List<Tree> children = new ArrayList<>(List.of(Tree.leaf(tag, verb.form(tag)), object));
        if (random.nextInt(3) == 0) {
            children.add(adverbPhrase());
        }
        return Tree.node("S", subject, Tree.node("VP", children));
    }

    /** A sentence of TopConst frame {@code f}, one of {@link #FRAME_LABELS}' indices. */
    Tree frame(int f) {
        return FRAMES.get(f).apply(this);
    }

    /**
     * A sentence built by chance from constructions that deepen a tree in different ways: prepositional phrases
     * chained to the right, relative clauses, clauses under verbs of saying and thinking, possessives chained to the
     * left and intensified adjectives; and from ones that lengthen it without deepening it much: more adjectives,
     * coordinated noun phrases, adverbs and phrases at the end of a verb phrase. Each sentence draws its own
     * propensities, so that depth and length vary independently enough for the caller to pick both.
     */
    Tree deepSentence() {
        // a third of the sentences have no padding at all: deep trees short enough for TreeDepth's lengths
        Propensities p = new Propensities(propensity(0.6), propensity(0.6), propensity(0.5), propensity(0.5),
                propensity(0.5), random.nextInt(3) == 0 ? 0 : random.nextDouble());
        return root("S", deepClause(p, 0).children(), STOP);
    }

    /** Absent from half the sentences, otherwise up to {@code most}: shallow long sentences need all of them low. */
    private double propensity(double most) {
        return random.nextBoolean() ? 0 : random.nextDouble() * most;
    }

    /** How likely each construction is in one {@link #deepSentence}. */
    private record Propensities(double prepositional, double relative, double complement, double possessive,
            double coordination, double flat) {
    }

    /** Nesting stops here whatever the propensities, so that a tree stays a sentence. */
    private static final int MAX_EMBEDDING = 4;

    private Tree deepClause(Propensities p, int embedding) {
        boolean plural = random.nextBoolean();
        boolean past = random.nextBoolean();
        String tag = past ? "VBD" : plural ? "VBP" : "VBZ";
        Tree subject = deepNounPhrase(Kind.PERSON, plural, p, embedding, !tag.equals("VBZ"));
        List<Tree> vp = new ArrayList<>();
        if (embedding < MAX_EMBEDDING && random.nextDouble() < p.complement()) {
            Verb verb = pick(words.complementVerbs());
            vp.add(Tree.leaf(tag, verb.form(tag)));
            // "that" is as often left out, so that its count does not measure the embedding
            Tree clause = deepClause(p, embedding + 1);
            vp.add(random.nextBoolean() ? Tree.node("SBAR", Tree.leaf("IN", "that"), clause)
                    : Tree.node("SBAR", clause));
        } else {
            Verb verb = pick(words.verbs());
            vp.add(Tree.leaf(tag, verb.form(tag)));
            vp.add(deepNounPhrase(verb.object(), random.nextBoolean(), p, embedding, true));
            if (random.nextDouble() < p.flat()) {
                vp.add(random.nextBoolean() ? adverbPhrase() : timePhrase());
            }
        }
        return Tree.node("S", subject, Tree.node("VP", vp));
    }

    /** Where {@code mayCoordinate} is false the phrase stays singular or plural as asked (it is a subject). */
    private Tree deepNounPhrase(Kind kind, boolean plural, Propensities p, int embedding, boolean mayCoordinate) {
        Tree np = deepBaseNounPhrase(kind, plural, p);
        if (embedding >= MAX_EMBEDDING) {
            return np;
        }
        if (random.nextDouble() < p.prepositional()) {
            Kind inner = pick(KINDS);
            np = Tree.node("NP", np, Tree.node("PP", Tree.leaf("IN", pick(Lexicon.PREPOSITIONS)),
                    deepNounPhrase(inner, random.nextBoolean(), p, embedding + 1, true)));
        }
        if (random.nextDouble() < p.relative()) {
            np = Tree.node("NP", np, relativeClause(kind, plural, p, embedding + 1));
        }
        if (mayCoordinate && random.nextDouble() < p.coordination()) {
            np = Tree.node("NP", np, Tree.leaf("CC", "and"), deepBaseNounPhrase(kind, random.nextBoolean(), p));
        }
        return np;
    }

    /**
     * SBAR -> WHNP S. A person is the subject of its relative clause ("who signed the letter"); anything else is the
     * object of one whose verb takes it ("which the nurse signed"), so that every relative clause makes sense.
     */
    private Tree relativeClause(Kind head, boolean pluralHead, Propensities p, int embedding) {
        boolean past = random.nextBoolean();
        if (head == Kind.PERSON) {
            Verb verb = pick(words.verbs());
            String tag = past ? "VBD" : pluralHead ? "VBP" : "VBZ";
            Tree object = deepNounPhrase(verb.object(), random.nextBoolean(), p, embedding, true);
            return Tree.node("SBAR", Tree.node("WHNP", Tree.leaf(random.nextBoolean() ? "WDT" : "WP",
                    random.nextBoolean() ? "that" : "who")),
                    Tree.node("S", Tree.node("VP", Tree.leaf(tag, verb.form(tag)), object)));
        }
        boolean pluralSubject = random.nextBoolean();
        String tag = past ? "VBD" : pluralSubject ? "VBP" : "VBZ";
        Tree subject = deepNounPhrase(Kind.PERSON, pluralSubject, p, embedding, !tag.equals("VBZ"));
        return Tree.node("SBAR", Tree.node("WHNP", Tree.leaf("WDT", random.nextBoolean() ? "that" : "which")),
                Tree.node("S", subject, Tree.node("VP", Tree.leaf(tag, pick(words.verbs(head)).form(tag)))));
    }

    /** DT (JJ...) N, or a chain of possessives to the left: "the nurse 's friend 's letter". */
    private Tree deepBaseNounPhrase(Kind kind, boolean plural, Propensities p) {
        if (random.nextDouble() < p.possessive()) {
            Tree owner = deepBaseNounPhrase(Kind.PERSON, false, p);
            return Tree.node("NP", owner, Tree.leaf("POS", "'s"), noun(kind, plural));
        }
        List<Tree> children = new ArrayList<>(List.of(Tree.leaf("DT", pick(Lexicon.DETERMINERS))));
        List<String> adjectives = new ArrayList<>(words.adjectives());
        while (!adjectives.isEmpty() && random.nextDouble() < p.flat() * 0.7) {
            // each adjective at most once in a noun phrase ("the old small coat", never "the old old coat")
            Tree adjective = Tree.leaf("JJ", adjectives.remove(random.nextInt(adjectives.size())));
            children.add(random.nextInt(4) == 0
                    ? Tree.node("ADJP", Tree.leaf("RB", pick(Lexicon.INTENSIFIERS)), adjective) : adjective);
        }
        children.add(noun(kind, plural));
        return Tree.node("NP", children);
    }

    // ---- TopConst's pieces

    /** S -> front... NP VP . */
    private Tree declarative(Tree... front) {
        List<Tree> constituents = new ArrayList<>(List.of(front));
        constituents.addAll(finiteClause().children());
        return root("S", constituents, STOP);
    }

    /** S -> NP ADVP VP . */
    private Tree withPreverbalAdverb() {
        Tree clause = finiteClause();
        return root("S", List.of(clause.children().get(0), adverbPhrase(), clause.children().get(1)), STOP);
    }

    /** S -> front... VP . : an order, with no subject. */
    private Tree imperative(Tree... front) {
        List<Tree> constituents = new ArrayList<>(List.of(front));
        constituents.add(verbPhrase("VB", true));
        return root("S", constituents, STOP);
    }

    /** A clause of any tense and number whose verb phrase may end in an adverb, a phrase or a clause. */
    private Tree finiteClause() {
        boolean plural = random.nextBoolean();
        String tag = random.nextBoolean() ? "VBD" : plural ? "VBP" : "VBZ";
        // "the nurse and the pilot" takes a plural verb: no coordinated subject before a singular one
        return Tree.node("S", topicNounPhrase(Kind.PERSON, plural, !tag.equals("VBZ")), verbPhrase(tag, true));
    }

    /** A clause inside a sentence, which may itself front an adverb or a phrase (its top is not the sentence's). */
    private Tree innerClause() {
        Tree clause = finiteClause();
        Tree front = switch (random.nextInt(4)) {
            case 0 -> adverbPhrase();
            case 1 -> timePhrase();
            case 2 -> prepositionalPhrase();
            default -> null;
        };
        if (front == null) {
            return clause;
        }
        List<Tree> children = new ArrayList<>(List.of(front));
        children.addAll(clause.children());
        return Tree.node("S", children);
    }

    /**
     * VP -> V NP (tail), or two such verb phrases joined by a conjunction, the second perhaps after an adverb; with
     * {@code tail} false a single verb phrase that ends with its object.
     */
    private Tree verbPhrase(String tag, boolean tail) {
        if (tail && random.nextInt(5) == 0) {
            Tree second = random.nextBoolean() ? simpleVerbPhrase(tag, tail())
                    : Tree.node("VP", adverbPhrase(), simpleVerbPhrase(tag, tail()));
            return Tree.node("VP", simpleVerbPhrase(tag, null), conjunction(), second);
        }
        return simpleVerbPhrase(tag, tail ? tail() : null);
    }

    private Tree simpleVerbPhrase(String tag, Tree end) {
        Verb verb = pick(words.verbs());
        List<Tree> children = new ArrayList<>(List.of(Tree.leaf(tag, verb.form(tag)),
                topicNounPhrase(verb.object(), random.nextBoolean(), true)));
        if (end != null) {
            children.add(end);
        }
        return Tree.node("VP", children);
    }

    /** What may end a verb phrase (or nothing): the same constituents that frames put in front. */
    private Tree tail() {
        return switch (random.nextInt(6)) {
            case 0 -> adverbPhrase();
            case 1 -> timePhrase();
            case 2 -> prepositionalPhrase();
            case 3 -> Tree.node("SBAR", Tree.leaf("IN", pick(SUBORDINATORS)), plainClause());
            default -> null;
        };
    }

    /** A noun phrase that may carry a prepositional phrase or, where {@code mayCoordinate}, be joined to another. */
    private Tree topicNounPhrase(Kind kind, boolean plural, boolean mayCoordinate) {
        Tree np = nounPhrase(kind, plural, 0, random.nextInt(3) == 0);
        return switch (random.nextInt(6)) {
            case 0 -> Tree.node("NP", np, prepositionalPhrase());
            case 1 -> mayCoordinate
                    ? Tree.node("NP", np, Tree.leaf("CC", "and"), nounPhrase(kind, random.nextBoolean(), 0, false))
                    : np;
            default -> np;
        };
    }

    /** A clause with nothing in front and nothing after its object, for subordinate clauses. */
    private Tree plainClause() {
        boolean plural = random.nextBoolean();
        String tag = random.nextBoolean() ? "VBD" : plural ? "VBP" : "VBZ";
        return Tree.node("S", nounPhrase(Kind.PERSON, plural, 0, false), verbPhrase(tag, false));
    }

    /** SBAR -> IN S, with a word that is a subordinator only or a preposition too. */
    private Tree subordinateClause() {
        return Tree.node("SBAR", Tree.leaf("IN", pick(SUBORDINATORS)), plainClause());
    }

    /** PP -> IN NP, with a preposition that may also be a subordinator. */
    private Tree prepositionalPhrase() {
        String preposition = random.nextBoolean() ? pick(Lexicon.TEMPORAL) : pick(Lexicon.PREPOSITIONS);
        return Tree.node("PP", Tree.leaf("IN", preposition),
                nounPhrase(pick(KINDS), random.nextBoolean(), 0, random.nextInt(3) == 0));
    }

    /** NP of time standing as an adverb: "that day", "the next day". */
    private Tree timePhrase() {
        List<String> phrase = pick(Lexicon.TIME_PHRASES);
        List<Tree> leaves = new ArrayList<>();
        for (int i = 0; i < phrase.size(); i++) {
            String word = phrase.get(i);
            String tag = i == phrase.size() - 1 ? "NN" : word.equals("one") ? "CD" : i == 0 && !word.equals("last")
                    ? "DT" : "JJ";
            leaves.add(Tree.leaf(tag, word));
        }
        return Tree.node("NP", leaves);
    }

    /** SQ -> AUX NP VP ? with a bare verb: the auxiliary carries the tense, and the number where it shows one. */
    private Tree yesNoQuestion(Tree auxiliary, boolean pluralSubject) {
        return root("SQ", List.of(auxiliary, topicNounPhrase(Kind.PERSON, pluralSubject, true), verbPhrase("VB", true)),
                QUESTION_MARK);
    }

    /** SBARQ -> WHADVP SQ ? */
    private Tree whAdverbQuestion() {
        Tree wh = Tree.node("WHADVP", Tree.leaf("WRB", pick(Lexicon.WH_ADVERBS)));
        Tree sq = Tree.node("SQ", auxiliary(), topicNounPhrase(Kind.PERSON, random.nextBoolean(), true),
                verbPhrase("VB", false));
        return root("SBARQ", List.of(wh, sq), QUESTION_MARK);
    }

    /** SBARQ -> WHNP SQ ? : the wh-phrase stands for the object ("which letter did the nurse sign ?"). */
    private Tree whNounQuestion() {
        Verb verb = pick(words.verbs());
        String pronoun = pick(Lexicon.WH_PRONOUNS);
        Tree wh = pronoun.equals("which")
                ? Tree.node("WHNP", Tree.leaf("WDT", "which"), noun(verb.object(), random.nextBoolean()))
                : Tree.node("WHNP", Tree.leaf("WP", pronoun));
        List<Tree> vp = new ArrayList<>(List.of(Tree.leaf("VB", verb.form("VB"))));
        Tree end = tail();
        if (end != null) {
            vp.add(end);
        }
        Tree sq = Tree.node("SQ", auxiliary(), topicNounPhrase(Kind.PERSON, random.nextBoolean(), true),
                Tree.node("VP", vp));
        return root("SBARQ", List.of(wh, sq), QUESTION_MARK);
    }

    private Tree auxiliary() {
        return random.nextBoolean() ? Tree.leaf("VBD", "did") : Tree.leaf("MD", pick(Lexicon.MODALS));
    }

    private Tree adverbPhrase() {
        return Tree.node("ADVP", Tree.leaf("RB", pick(Lexicon.ADVERBS)));
    }

    private Tree conjunction() {
        return Tree.leaf("CC", pick(Lexicon.CONJUNCTIONS));
    }

    // ---- shared

    /** The constituents under a root node, then its final punctuation. */
    private static Tree root(String label, List<Tree> constituents, Tree punctuation) {
        List<Tree> children = new ArrayList<>(constituents);
        children.add(punctuation);
        return Tree.node(label, children);
    }

    /** NP -> DT (ADJP) N, or NP -> NP PP with {@code nesting} phrases chained to the right. */
    private Tree nounPhrase(Kind kind, boolean plural, int nesting, boolean adjective) {
        List<Tree> children = new ArrayList<>(List.of(Tree.leaf("DT", pick(Lexicon.DETERMINERS))));
        if (adjective) {
            Tree jj = Tree.leaf("JJ", pick(words.adjectives()));
            children.add(random.nextInt(4) == 0
                    ? Tree.node("ADJP", Tree.leaf("RB", pick(Lexicon.INTENSIFIERS)), jj) : Tree.node("ADJP", jj));
        }
        children.add(noun(kind, plural));
        Tree np = Tree.node("NP", children);
        if (nesting == 0) {
            return np;
        }
        Tree inner = nounPhrase(pick(KINDS), random.nextBoolean(), nesting - 1, random.nextBoolean());
        return Tree.node("NP", np, Tree.node("PP", Tree.leaf("IN", pick(Lexicon.PREPOSITIONS)), inner));
    }

    private Tree noun(Kind kind, boolean plural) {
        Noun noun = pick(words.nouns(kind));
        return plural ? Tree.leaf("NNS", noun.plural()) : Tree.leaf("NN", noun.singular());
    }

    private boolean decide(Boolean choice) {
        return choice == null ? random.nextBoolean() : choice;
    }

    <T> T pick(List<T> options) {
        return options.get(random.nextInt(options.size()));
    }
}
