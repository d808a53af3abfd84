package io.fathom.datasets.contactcentre;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Simulated speech-recognition errors on a clean voice transcript: word substitutions from a confusion list written
 * for fathom (words that sound or look alike, and words a recogniser splits in two), deletions, and insertions of
 * short words. The error rate of a noisy transcript is its word-level edit distance to the clean one divided by the
 * clean word count, as word error rate is measured.
 */
final class AsrNoise {

    /** Upper bounds, in percent, of noise-level bins 0 to 3: 0%, (0, 10%], (10, 20%], (20, 35%]. */
    static final int[] BIN_UPPER_PERCENT = {0, 10, 20, 35};
    /** The shortest clean transcript noised: from 10 words on, every bin can be hit whatever the length. */
    static final int MIN_WORDS = 10;

    static final Map<String, List<String>> CONFUSIONS = confusions("""
            the: a | they, a: the | uh, to: two | too, two: to | too, too: two, for: four | from, four: for,
            and: an | in, in: and | an, on: and | in, it: at | is, is: as | his, at: it, that: at | than,
            of: off | have, off: of, your: you | year, you: your | ewe, my: by | might, me: be | mean,
            have: half | of, can: con | could, there: their | they, their: there, here: hear, know: no,
            no: know | now, right: write | ride, by: buy | bye, new: knew, one: won, eight: ate, week: weak,
            wait: weight, hold: hole | old, bill: bell | pill, account: a count | accounts, refund: re fund | we fund,
            router: rooter, broadband: broad band, password: pass word, reset: resent | recent, email: e mail,
            order: border | ordered, number: lumber, delivery: delivered, parcel: partial, address: a dress,
            postcode: post code, charge: change, charged: changed, card: cart | car, fee: free, plan: plant,
            contract: contact, cancel: council | cancer, upgrade: up grade, phone: foam, line: lion, fault: vault,
            engineer: engine, thanks: tanks, thank: tank, please: police, sure: shore, hi: high, hello: hollow,
            help: held, check: cheque, look: luck, see: sea, so: sew, would: wood, through: threw, pounds: towns,
            fifty: fifteen, fifteen: fifty, thirty: thirteen, thirteen: thirty, forty: fourteen, fourteen: forty,
            sixty: sixteen, sixteen: sixty, seventy: seventeen, eighty: eighteen, ninety: nineteen, march: much,
            may: me, june: dune, august: a gust, street: straight, road: rode, lane: lain, today: to day,
            days: daze, working: walking, name: aim, full: fool, last: lost, ending: bending, moved: mood,
            house: mouse, month: months, months: month, was: is, do: due, be: bee, we: wee, our: are, are: our,
            hour: our, been: bean, not: knot, what: watt, which: witch, where: wear, were: where, then: than,
            just: jest, okay: o k, data: dater, service: surface, credit: credits, payment: pavement,
            um: am, uh: a, er: a
            """);
    /** What a recogniser inserts: short function words and hesitations heard in noise. */
    static final List<String> INSERTIONS = List.of("the", "a", "and", "uh", "um", "it", "to", "so", "oh", "i");
    private static final int MAX_TRIES = 1_000;

    private AsrNoise() {
    }

    /** The noise-level bin of {@code edits} errors on {@code words} clean words, or -1 beyond the last bin. */
    static int bin(int edits, int words) {
        for (int bin = 0; bin < BIN_UPPER_PERCENT.length; bin++) {
            if (edits * 100 <= BIN_UPPER_PERCENT[bin] * words) {
                return bin;
            }
        }
        return -1;
    }

    /**
     * {@code clean} (at least {@link #MIN_WORDS} words) with errors injected until its word error rate falls in
     * {@code bin}: the number of errors is drawn uniformly from those the bin allows for this length, each error
     * being a substitution with probability 3/5 (a deletion where no word left has a listed confusion), a deletion
     * 1/5 or an insertion 1/5. Errors can cancel out (an insertion next to a deletion reads as one substitution), so
     * the result is measured and drawn again if its bin is not the one asked for.
     */
    static String noisy(String clean, int bin, SplittableRandom random) {
        List<String> words = List.of(clean.split(" "));
        int fewest = bin == 0 ? 0 : BIN_UPPER_PERCENT[bin - 1] * words.size() / 100 + 1;
        int most = BIN_UPPER_PERCENT[bin] * words.size() / 100;
        for (int tries = 0; tries < MAX_TRIES; tries++) {
            List<String> noisy = inject(words, fewest + random.nextInt(most - fewest + 1), random);
            if (bin(wordEdits(words, noisy), words.size()) == bin) {
                return String.join(" ", noisy);
            }
        }
        throw new IllegalStateException("could not noise \"" + clean + "\" into bin " + bin);
    }

    /** Word-level Levenshtein distance: the fewest substitutions, deletions and insertions turning a into b. */
    static int wordEdits(List<String> a, List<String> b) {
        int[] previous = new int[b.size() + 1];
        int[] current = new int[b.size() + 1];
        for (int j = 0; j <= b.size(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.size(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.size(); j++) {
                int substitution = previous[j - 1] + (a.get(i - 1).equals(b.get(j - 1)) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.size()];
    }

    /** {@code words} with errors costing {@code budget} edits, each clean word changed at most once. */
    private static List<String> inject(List<String> words, int budget, SplittableRandom random) {
        List<List<String>> replaced = new ArrayList<>(words.stream().map(List::of).toList());
        List<List<String>> insertedBefore = new ArrayList<>();
        for (int i = 0; i <= words.size(); i++) {
            insertedBefore.add(new ArrayList<>());
        }
        List<Integer> untouched = new ArrayList<>(IntStream.range(0, words.size()).boxed().toList());
        while (budget > 0) {
            int kind = random.nextInt(5); // 0 to 2 a substitution, 3 a deletion, 4 an insertion
            if (kind == 4) {
                insertedBefore.get(random.nextInt(words.size() + 1)).add(Slots.pick(INSERTIONS, random));
                budget--;
                continue;
            }
            int remaining = budget;
            List<Integer> confusable = kind == 3 ? List.of() : untouched.stream()
                    .filter(i -> CONFUSIONS.getOrDefault(words.get(i), List.of()).stream()
                            .anyMatch(c -> cost(c) <= remaining)).toList();
            int at = Slots.pick(confusable.isEmpty() ? untouched : confusable, random);
            untouched.remove(Integer.valueOf(at));
            if (confusable.isEmpty()) { // a deletion, also where a substitution finds nothing to confuse
                replaced.set(at, List.of());
                budget--;
            } else {
                String confusion = Slots.pick(
                        CONFUSIONS.get(words.get(at)).stream().filter(c -> cost(c) <= remaining).toList(), random);
                replaced.set(at, List.of(confusion.split(" ")));
                budget -= cost(confusion);
            }
        }
        List<String> noisy = new ArrayList<>();
        for (int i = 0; i < words.size(); i++) {
            noisy.addAll(insertedBefore.get(i));
            noisy.addAll(replaced.get(i));
        }
        noisy.addAll(insertedBefore.get(words.size()));
        return noisy;
    }

    /** A confusion that splits a word in two is a substitution and an insertion. */
    private static int cost(String confusion) {
        return confusion.split(" ").length;
    }

    /** Parses {@code word: confusion | confusion, word: ...}; a word listed twice is an error. */
    private static Map<String, List<String>> confusions(String text) {
        return Arrays.stream(text.strip().split(",\\s*")).map(entry -> entry.split(":"))
                .collect(Collectors.toUnmodifiableMap(entry -> entry[0].strip(),
                        entry -> Arrays.stream(entry[1].split("\\|")).map(String::strip).toList()));
    }
}
