package io.fathom.datasets.contactcentre;

import io.fathom.datasets.Splits;
import static java.util.Map.entry;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * The values a call's templates are filled with, drawn afresh for every call. Names and streets come from disjoint
 * thirds of the lists below in train, dev and test; companies, products and plans are shared; numbers, amounts,
 * dates, postcodes and references are random.
 */
final class Slots {

    private static final List<List<String>> FIRST_NAMES = bySplit(
            "Priya", "Tom", "Aisha", "James", "Olivia", "Mohammed", "Sophie", "Daniel", "Grace", "Oliver", "Fatima",
            "Liam", "Chloe", "Ravi", "Emma", "Kwame", "Hannah", "Lucas", "Mei", "Jack", "Zara", "Ethan", "Niamh",
            "Samuel", "Amelia", "Arjun", "Ruby", "Connor", "Leah", "Tariq", "Isla", "Callum", "Yasmin", "Owen", "Freya",
            "Dev", "Megan", "Harvey", "Sana", "Rhys", "Lily", "Kofi", "Ellie", "Marcus", "Anya", "George", "Holly",
            "Imran", "Poppy", "Nathan", "Alice", "Omar", "Jade", "Ben", "Erin", "Hamza", "Katie", "Luke", "Noor",
            "Ryan");
    private static final List<List<String>> LAST_NAMES = bySplit(
            "Shah", "Patel", "Smith", "Jones", "Okafor", "Williams", "Taylor", "Brown", "Khan", "Davies", "Evans",
            "Wilson", "Thomas", "Roberts", "Johnson", "Lewis", "Walker", "Robinson", "Wood", "Thompson", "White",
            "Hughes", "Edwards", "Green", "Hall", "Ali", "Wright", "Clarke", "Jackson", "Mensah", "Hussain", "Turner",
            "Hill", "Moore", "Cooper", "Ward", "Morris", "King", "Watson", "Harris", "Baker", "Chen", "Young", "Allen",
            "Mitchell", "Kelly", "Campbell", "Price", "Nowak", "Bennett", "Gray", "Murphy", "Rahman", "Mills", "Reid",
            "Grant", "Singh", "Quinn", "Doyle", "Begum");
    private static final List<List<String>> STREETS = bySplit(
            "Hazel Road", "Mill Lane", "Station Road", "Church Street", "Park Avenue", "Victoria Road", "Oak Close",
            "Meadow Way", "Kings Road", "Green Lane", "Orchard Drive", "Elm Grove", "Queens Crescent", "Willow Court",
            "High Street", "Manor Road", "Brook Street", "Cedar Avenue", "Bridge Street", "Chapel Lane",
            "Spring Gardens", "Ash Grove", "Lime Street", "Castle Road", "Beech Drive", "Forest Road", "Albert Street",
            "North Road", "Windsor Close", "Heath Lane", "Rose Terrace", "Mount Pleasant", "Lark Rise", "Fern Close",
            "Holly Walk", "Abbey Road");
    private static final List<String> COMPANIES = List.of("Northwind", "Brightwater", "Kestrel", "Harbourline",
            "Meadowlink", "Bluefinch");
    private static final List<String> PRODUCTS = List.of("wireless headphones", "coffee machine", "air fryer",
            "smart watch", "desk lamp", "vacuum cleaner", "phone case", "kettle", "printer", "baby monitor",
            "electric toothbrush", "speaker", "tablet", "games console", "hair dryer", "office chair");
    private static final List<String> PLANS = List.of("Essentials", "Unlimited", "Unlimited Plus", "Family Bundle",
            "Superfast", "Flex");
    private static final List<String> DAYPARTS = List.of("morning", "afternoon", "evening");
    private static final List<String> MONTHS = List.of("January", "February", "March", "April", "May", "June", "July",
            "August", "September", "October", "November", "December");

    private static final String[] UNITS = {"zero", "one", "two", "three", "four", "five", "six", "seven", "eight",
        "nine", "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
        "nineteen"};
    private static final String[] TENS = {"", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty",
        "ninety"};
    private static final String[] ORDINAL_UNITS = {"", "first", "second", "third", "fourth", "fifth", "sixth",
        "seventh", "eighth", "ninth", "tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth",
        "sixteenth", "seventeenth", "eighteenth", "nineteenth"};
    private static final String LETTERS = "ABCDEFGHJKLMNPRSTUWXY";

    /** The slots every call fills, the ones templates may name. */
    static final Set<String> NAMES = draw(new SplittableRandom(0), 0).keySet();

    private Slots() {
    }

    /** Every slot's value for one call in {@code split} (0 train, 1 dev, 2 test). */
    static Map<String, Value> draw(SplittableRandom random, int split) {
        int amount = 2_000 + random.nextInt(23_000);
        int month = random.nextInt(12);
        return Map.ofEntries(
                entry("company", Value.text(pick(COMPANIES, random))),
                entry("agent", Value.text(pick(FIRST_NAMES.get(split), random))),
                entry("first", Value.text(pick(FIRST_NAMES.get(split), random))),
                entry("last", Value.text(pick(LAST_NAMES.get(split), random))),
                entry("daypart", Value.text(pick(DAYPARTS, random))),
                entry("amount", money(amount, random)),
                entry("usual", money(amount * (40 + random.nextInt(40)) / 100, random)),
                entry("credit", money(amount * (5 + random.nextInt(25)) / 100, random)),
                entry("fee", money(500 + random.nextInt(5_500), random)),
                entry("order", spelled(String.valueOf(10_000_000 + random.nextInt(90_000_000)))),
                entry("reference", spelled(letters(2, random) + (100_000 + random.nextInt(900_000)))),
                entry("digits", spelled(String.valueOf(10_000 + random.nextInt(10_000)).substring(1))), // 0042 too
                entry("date", date(1 + random.nextInt(28), month)),
                entry("due", date(1 + random.nextInt(28), (month + 1) % 12)),
                entry("days", number(2 + random.nextInt(9))),
                entry("months", number(List.of(12, 18, 24).get(random.nextInt(3)))),
                entry("gigabytes", number(5 + random.nextInt(76))),
                entry("house", number(1 + random.nextInt(180))),
                entry("street", Value.text(pick(STREETS.get(split), random))),
                entry("postcode", spelled(postcode(random))),
                entry("newhouse", number(1 + random.nextInt(180))),
                entry("newstreet", Value.text(pick(STREETS.get(split), random))),
                entry("newpostcode", spelled(postcode(random))),
                entry("product", Value.text(pick(PRODUCTS, random))),
                entry("plan", Value.text(pick(PLANS, random))));
    }

    static <T> T pick(List<T> values, SplittableRandom random) {
        return values.get(random.nextInt(values.size()));
    }

    /** The values for train, dev and test: value {@code i} goes to split {@code i % 3}, so none recurs in another. */
    private static List<List<String>> bySplit(String... values) {
        return IntStream.range(0, 3).mapToObj(split -> Splits.partition(List.of(values), split)).toList();
    }

    /** 0 to 999 in words, British style ("one hundred and five"). */
    static String cardinal(int n) {
        if (n < 20) {
            return UNITS[n];
        }
        if (n < 100) {
            return TENS[n / 10] + (n % 10 == 0 ? "" : " " + UNITS[n % 10]);
        }
        return UNITS[n / 100] + " hundred" + (n % 100 == 0 ? "" : " and " + cardinal(n % 100));
    }

    /** 1 to 99 as an ordinal in words ("twenty third"). */
    static String ordinal(int n) {
        if (n < 20) {
            return ORDINAL_UNITS[n];
        }
        return n % 10 == 0 ? TENS[n / 10].replaceAll("y$", "ieth") : TENS[n / 10] + " " + ORDINAL_UNITS[n % 10];
    }

    private static Value money(int pence, SplittableRandom random) {
        // half the amounts are whole pounds, as prices and fees often are
        int rounded = random.nextBoolean() ? pence - pence % 100 : pence;
        int pounds = rounded / 100;
        int rest = rounded % 100;
        return new Value("£" + pounds + (rest == 0 ? "" : rest < 10 ? ".0" + rest : "." + rest),
                cardinal(pounds) + " pounds" + (rest == 0 ? "" : " " + cardinal(rest)));
    }

    private static Value number(int n) {
        return new Value(String.valueOf(n), cardinal(n));
    }

    private static Value date(int day, int month) {
        return new Value(day + " " + MONTHS.get(month), "the " + ordinal(day) + " of " + MONTHS.get(month));
    }

    /** Codes are read out a character at a time: "LS6 2QT" is "l s six two q t". */
    private static Value spelled(String code) {
        StringBuilder spoken = new StringBuilder();
        for (char c : code.toCharArray()) {
            if (c != ' ') {
                spoken.append(spoken.isEmpty() ? "" : " ")
                        .append(Character.isDigit(c) ? UNITS[c - '0'] : String.valueOf(Character.toLowerCase(c)));
            }
        }
        return new Value(code, spoken.toString());
    }

    /** A UK-style postcode such as "LS6 2QT". */
    private static String postcode(SplittableRandom random) {
        return letters(1 + random.nextInt(2), random) + (1 + random.nextInt(20)) + " " + random.nextInt(10)
                + letters(2, random);
    }

    private static String letters(int count, SplittableRandom random) {
        StringBuilder letters = new StringBuilder();
        for (int i = 0; i < count; i++) {
            letters.append(LETTERS.charAt(random.nextInt(LETTERS.length())));
        }
        return letters.toString();
    }
}
