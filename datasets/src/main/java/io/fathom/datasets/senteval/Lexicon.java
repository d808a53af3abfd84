package io.fathom.datasets.senteval;

import java.util.List;

/**
 * The words the grammar draws from, written for fathom. Nouns and verbs come with their
 * inflections so that number and tense are known by construction; {@link io.fathom.datasets.Splits#partition} splits them
 * into disjoint train, dev and test vocabularies where a task must not share words across splits.
 */
final class Lexicon {

    /** A noun's singular and plural. */
    record Noun(String singular, String plural) {
    }

    /** A verb's third-person singular present, plural present and past forms. */
    record Verb(String singular, String plural, String past) {

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

    static final List<Noun> NOUNS = nouns("""
            agent agents, customer customers, caller callers, manager managers, technician technicians,
            router routers, modem modems, phone phones, tablet tablets, laptop laptops, bill bills,
            invoice invoices, refund refunds, payment payments, account accounts, password passwords,
            ticket tickets, folder folders, parcel parcels, package packages, driver drivers, courier couriers,
            supervisor supervisors, colleague colleagues, engineer engineers, neighbour neighbours,
            plan plans, contract contracts, device devices, cable cables, charger chargers, screen screens,
            message messages, email emails, letter letters, form forms, card cards, receipt receipts,
            subscription subscriptions, discount discounts, voucher vouchers, complaint complaints,
            survey surveys, website websites, app apps, bottle bottles, outage outages, signal signals,
            station stations, branch branches, store stores, shop shops, office offices, team teams,
            student students, teacher teachers, doctor doctors, nurse nurses, patient patients,
            farmer farmers, baker bakers, writer writers, painter painters, singer singers, pilot pilots,
            lawyer lawyers, judge judges, cook cooks, waiter waiters, guest guests, tourist tourists,
            child children, parent parents, friend friends, brother brothers, sister sisters, dog dogs,
            cat cats, horse horses, bird birds, garden gardens, house houses, window windows, door doors,
            car cars, bike bikes, train trains, bus buses, boat boats, road roads, bridge bridges,
            river rivers, city cities, village villages, book books, song songs, picture pictures,
            table tables, chair chairs, lamp lamps, key keys, box boxes, bag bags, coat coats
            """);

    static final List<Verb> TRANSITIVE = verbs("""
            calls call called, checks check checked, fixes fix fixed, sends send sent, finds find found,
            opens open opened, closes close closed, cancels cancel cancelled, updates update updated,
            replaces replace replaced, repairs repair repaired, signs sign signed,
            writes write wrote, sees see saw, helps help helped, visits visit visited, follows follow followed,
            pays pay paid, orders order ordered, returns return returned, carries carry carried,
            paints paint painted, cleans clean cleaned, moves move moved, watches watch watched,
            thanks thank thanked, answers answer answered, tests test tested, blocks block blocked,
            restarts restart restarted, refunds refund refunded, charges charge charged, greets greet greeted,
            describes describe described, reports report reported, approves approve approved,
            rejects reject rejected, chooses choose chose, loses lose lost, keeps keep kept, brings bring brought
            """);

    /** Verbs that start a small story, and verbs that answer it: the order CoordInv probes. */
    static final List<String> INITIATING = List.of("calls", "reports", "orders", "cancels", "rejects", "loses",
            "describes", "blocks");
    static final List<String> RESPONDING = List.of("fixes", "refunds", "replaces", "repairs", "approves",
            "answers", "returns", "thanks");

    static List<Verb> verbs(List<String> singulars) {
        return TRANSITIVE.stream().filter(v -> singulars.contains(v.singular())).toList();
    }

    static final List<String> ADJECTIVES = List.of("new", "old", "broken", "small", "large", "quiet", "busy",
            "late", "early", "angry", "happy", "careful", "red", "blue", "cheap", "expensive", "local", "remote",
            "noisy", "friendly");

    static final List<String> PREPOSITIONS = List.of("near", "behind", "with", "from", "under", "beside", "after",
            "before", "without", "inside");

    static final List<String> ADVERBS = List.of("quickly", "slowly", "politely", "again", "today", "yesterday",
            "carefully", "twice", "finally", "suddenly");

    static final List<String> INTENSIFIERS = List.of("very", "rather", "quite", "really", "fairly");

    // Words that open or join clauses in TopConst's frames. Lists whose words can start a sentence
    // share no word with each other, so that a sentence's first word tells its frame.

    /** Adverbs in front of a whole clause, fitting any tense. */
    static final List<String> SENTENCE_ADVERBS = List.of("then", "later", "meanwhile", "eventually", "finally",
            "suddenly", "instead", "soon");

    /** Adverbs between a subject and its verb. */
    static final List<String> PREVERBAL_ADVERBS = List.of("also", "always", "never", "often", "usually", "rarely",
            "just", "still");

    /** Adverbs in front of an imperative. */
    static final List<String> IMPERATIVE_ADVERBS = List.of("now", "first", "always", "never", "carefully",
            "quickly");

    static final List<String> INTERJECTIONS = List.of("yes", "no", "well", "oh", "okay");

    static final List<String> CONJUNCTIONS = List.of("and", "but", "yet");

    static final List<String> SUBORDINATORS = List.of("because", "although", "while", "if", "unless", "though",
            "whereas", "since");

    static final List<String> MODALS = List.of("can", "could", "will", "would", "should");

    static final List<String> WH_ADVERBS = List.of("why", "when", "where", "how");

    static final List<String> WH_PRONOUNS = List.of("what", "who");

    private Lexicon() {
    }

    private static List<Noun> nouns(String text) {
        return java.util.Arrays.stream(text.split(",")).map(String::strip).filter(s -> !s.isEmpty())
                .map(s -> s.split("\\s+")).map(p -> new Noun(p[0], p[1])).toList();
    }

    private static List<Verb> verbs(String text) {
        return java.util.Arrays.stream(text.split(",")).map(String::strip).filter(s -> !s.isEmpty())
                .map(s -> s.split("\\s+")).map(p -> new Verb(p[0], p[1], p[2])).toList();
    }
}
