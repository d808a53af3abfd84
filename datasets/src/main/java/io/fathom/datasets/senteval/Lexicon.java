package io.fathom.datasets.senteval;

import io.fathom.datasets.Splits;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The words the grammar draws from, written for fathom. Nouns come in six kinds, and every transitive verb takes
 * objects of one kind (you stroke an animal, sign a document), so that SOMO can break that restriction; subjects are
 * people. Nouns and verbs carry their inflections so that number and tense are known by construction. Closed-class
 * words (determiners, prepositions, conjunctions, adverbs) are shared by every split; nouns, verbs and adjectives
 * can be {@linkplain #forSplit split} into disjoint train, dev and test vocabularies.
 */
final class Lexicon {

    /** What a noun names; a verb's object must be of the kind it selects. */
    enum Kind { PERSON, ANIMAL, FOOD, DOCUMENT, DEVICE, GARMENT }

    /** A noun's singular and plural. */
    record Noun(String singular, String plural, Kind kind) {

        String form(boolean pluralForm) {
            return pluralForm ? plural : singular;
        }
    }

    /** A verb's third-person singular present, plural present and past forms, and the kind of object it takes. */
    record Verb(String singular, String plural, String past, Kind object) {

        /** The form a verb tag names; the bare verb (VB) is the same word as the plural present. */
        String form(String tag) {
            return switch (tag) {
                case "VB", "VBP" -> plural;
                case "VBZ" -> singular;
                case "VBD" -> past;
                default -> throw new IllegalArgumentException("no verb form for tag " + tag);
            };
        }
    }

    /** The open-class words one split may use, nouns and verbs by kind. */
    record Vocabulary(Map<Kind, List<Noun>> nounsByKind, Map<Kind, List<Verb>> verbsByObject,
            List<Verb> verbs, List<Verb> complementVerbs, List<String> adjectives) {

        Vocabulary(List<Noun> nouns, List<Verb> verbs, List<Verb> complementVerbs, List<String> adjectives) {
            this(nouns.stream().collect(Collectors.groupingBy(Noun::kind)),
                    verbs.stream().collect(Collectors.groupingBy(Verb::object)), verbs, complementVerbs, adjectives);
        }

        List<Noun> nouns(Kind kind) {
            return nounsByKind.get(kind);
        }

        List<Verb> verbs(Kind object) {
            return verbsByObject.get(object);
        }

        /** The words of this vocabulary in every form. */
        Set<String> words() {
            return Stream.of(
                    nounsByKind.values().stream().flatMap(List::stream)
                            .flatMap(n -> Stream.of(n.singular(), n.plural())),
                    Stream.concat(verbs.stream(), complementVerbs.stream())
                            .flatMap(v -> Stream.of(v.singular(), v.plural(), v.past())),
                    adjectives.stream()).flatMap(Function.identity()).collect(Collectors.toSet());
        }
    }

    static final List<Noun> NOUNS = nouns("""
            PERSON: nurse nurses, doctor doctors, teacher teachers, pilot pilots, lawyer lawyers, judge judges,
              farmer farmers, baker bakers, writer writers, painter painters, singer singers, waiter waiters,
              guest guests, tourist tourists, child children, parent parents, friend friends, brother brothers,
              sister sisters, neighbour neighbours, colleague colleagues, manager managers, customer customers,
              engineer engineers
            ANIMAL: dog dogs, cat cats, horse horses, hen hens, calf calves, lamb lambs, mule mules,
              hamster hamsters, ferret ferrets, lizard lizards, tortoise tortoises, foal foals
            FOOD: egg eggs, muffin muffins, pancake pancakes, waffle waffles, plum plums, orange oranges, nut nuts,
              turnip turnips, leek leeks, radish radishes, apricot apricots, fig figs
            DOCUMENT: letter letters, form forms, invoice invoices, receipt receipts, contract contracts,
              report reports, leaflet leaflets, memo memos, essay essays, menu menus, brochure brochures,
              cheque cheques
            DEVICE: router routers, modem modems, phone phones, tablet tablets, laptop laptops, charger chargers,
              scanner scanners, headset headsets, console consoles, projector projectors, smartwatch smartwatches,
              toaster toasters
            GARMENT: coat coats, vest vests, apron aprons, cardigan cardigans, blouse blouses, jumper jumpers,
              gown gowns, shawl shawls, cloak cloaks, tunic tunics, waistcoat waistcoats, kilt kilts
            """);

    static final List<Verb> TRANSITIVE = verbs("""
            PERSON: thanks thank thanked, helps help helped, visits visit visited, greets greet greeted,
              meets meet met, assists assist assisted
            ANIMAL: strokes stroke stroked, grooms groom groomed, pets pet petted, breeds breed bred,
              herds herd herded, muzzles muzzle muzzled
            FOOD: swallows swallow swallowed, chews chew chewed, peels peel peeled, fries fry fried,
              digests digest digested, nibbles nibble nibbled
            DOCUMENT: signs sign signed, drafts draft drafted, photocopies photocopy photocopied,
              staples staple stapled, annotates annotate annotated, rewrites rewrite rewrote
            DEVICE: repairs repair repaired, unplugs unplug unplugged, reboots reboot rebooted,
              installs install installed, recharges recharge recharged, configures configure configured
            GARMENT: knits knit knitted, hems hem hemmed, darns darn darned, unbuttons unbutton unbuttoned,
              starches starch starched, crochets crochet crocheted
            """);

    /** Verbs that take a clause ("the nurse said that ..."); their object kind is unused. */
    static final List<Verb> COMPLEMENT = verbs("""
            PERSON: says say said, thinks think thought, knows know knew, hears hear heard,
              believes believe believed, forgets forget forgot
            """);

    /** Adjectives that fit a noun of any kind, so that none gives away which kind of noun follows. */
    static final List<String> ADJECTIVES = List.of("new", "old", "small", "large", "cheap", "nice", "other",
            "spare", "second", "whole", "extra", "usual");

    /** Every open-class word the lexicon has. */
    static final Vocabulary ALL = new Vocabulary(NOUNS, TRANSITIVE, COMPLEMENT, ADJECTIVES);

    /** Determiners that fit singular and plural nouns alike, so that number shows only in the noun. */
    static final List<String> DETERMINERS = List.of("the", "my", "your", "his", "her", "our", "their", "no");

    static final List<String> PREPOSITIONS = List.of("near", "behind", "beside", "under", "inside", "without",
            "with", "from", "about", "around", "against");

    /** Words that are a preposition before a noun phrase and a subordinator before a clause. */
    static final List<String> TEMPORAL = List.of("before", "after", "until", "since");

    static final List<String> INTENSIFIERS = List.of("very", "rather", "quite", "really", "fairly");

    /** Adverbs that fit anywhere an adverb phrase goes: before a clause, an order, a verb, or at the end. */
    static final List<String> ADVERBS = List.of("then", "later", "soon", "now", "today", "often", "never",
            "usually", "again", "quickly", "slowly", "carefully");

    /** Noun phrases of time that stand as adverbs ("that day the nurse ..." or "... the letter that day"). */
    static final List<List<String>> TIME_PHRASES = List.of(List.of("that", "day"), List.of("one", "day"),
            List.of("last", "week"), List.of("the", "next", "day"), List.of("this", "year"),
            List.of("every", "night"), List.of("the", "other", "night"), List.of("last", "month"));

    /**
     * CoordInv's chores, step by step, as they are done to a garment that is posted away and comes back, round and
     * round: a verb of one step comes before any verb of the next, and the last step comes before the first. Going
     * round a cycle, every verb is as often the earlier as the later of a pair.
     */
    static final List<List<String>> GARMENT_ROUND = List.of(List.of("packed", "boxed"),
            List.of("posted", "sent", "shipped"), List.of("received", "collected"), List.of("unpacked", "unwrapped"),
            List.of("washed", "rinsed"), List.of("dried", "aired"), List.of("ironed", "folded"));

    static final List<String> CONJUNCTIONS = List.of("and", "but");

    /** Subordinators other than the {@link #TEMPORAL} words, for clauses in front or at the end. */
    static final List<String> SUBORDINATORS = List.of("because", "although", "if", "when", "while");

    static final List<String> MODALS = List.of("can", "could", "will", "would", "should");

    static final List<String> WH_ADVERBS = List.of("when", "where", "why", "how");

    static final List<String> WH_PRONOUNS = List.of("what", "who", "which");

    private Lexicon() {
    }

    /**
     * Split {@code split}'s share of the open-class words (every third word of each kind, so that each split has
     * every kind): disjoint vocabularies for train, dev and test.
     */
    static Vocabulary forSplit(int split) {
        return new Vocabulary(
                Arrays.stream(Kind.values()).flatMap(k -> Splits.partition(
                        NOUNS.stream().filter(n -> n.kind() == k).toList(), split).stream()).toList(),
                Arrays.stream(Kind.values()).flatMap(k -> Splits.partition(
                        TRANSITIVE.stream().filter(v -> v.object() == k).toList(), split).stream()).toList(),
                Splits.partition(COMPLEMENT, split), Splits.partition(ADJECTIVES, split));
    }

    private static List<Noun> nouns(String text) {
        return byKind(text, (kind, p) -> new Noun(p[0], p[1], kind));
    }

    private static List<Verb> verbs(String text) {
        return byKind(text, (kind, p) -> new Verb(p[0], p[1], p[2], kind));
    }

    /** Parses {@code KIND: entry, entry ...} sections, each entry a word's forms separated by spaces. */
    private static <T> List<T> byKind(String text, BiFunction<Kind, String[], T> entry) {
        return Arrays.stream(text.strip().split("\\s*\\b(?=[A-Z]+:)")).filter(s -> !s.isBlank()).flatMap(section -> {
            int colon = section.indexOf(':');
            Kind kind = Kind.valueOf(section.substring(0, colon).strip());
            return Arrays.stream(section.substring(colon + 1).split(",")).map(String::strip)
                    .map(forms -> entry.apply(kind, forms.split("\\s+")));
        }).toList();
    }
}
