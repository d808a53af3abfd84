package io.fathom.datasets.contactcentre;

import io.fathom.datasets.contactcentre.Turn.Speaker;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.regex.Pattern;

/** A turn rendered as a chat message or as a voice transcript; see {@link ContactCentreTasks} for the differences. */
final class Renderings {

    /** Texting forms a casual customer uses. */
    static final Map<String, String> ABBREVIATIONS = Map.of("you're", "ur", "your", "ur", "you", "u", "please", "pls",
            "thanks", "thx", "okay", "ok");
    /** The abbreviated words, "you're" and "your" before "you" so that the longer words match first. */
    private static final Pattern ABBREVIATED = Pattern.compile("\\b(you're|your|you|please|thanks|okay)\\b");
    /** Contractions as a normalised transcript writes them out; the specific forms before the general suffixes. */
    private static final String[][] CONTRACTIONS = {{"won't", "will not"}, {"can't", "can not"},
        {"let's", "let us"}, {"n't", " not"}, {"'re", " are"}, {"'s", " is"}, {"'ll", " will"}, {"'ve", " have"},
        {"'m", " am"}, {"'d", " would"}};
    private static final Pattern NOT_A_LETTER = Pattern.compile("[^a-z]+");
    private static final List<String> FILLERS = List.of("uh", "um", "er", "erm", "you know", "i mean", "like");

    private Renderings() {
    }

    /**
     * The turn as typed: the template's case and punctuation, values with digits and symbols. A casual customer
     * types in lower case with texting abbreviations.
     */
    static String chat(Turn turn) {
        String typed = turn.template().fill(turn.slots(), false);
        if (turn.speaker() == Speaker.CUSTOMER && turn.casualTyping()) {
            return ABBREVIATED.matcher(typed.toLowerCase(Locale.ROOT)).replaceAll(m -> ABBREVIATIONS.get(m.group()));
        }
        return typed;
    }

    /**
     * The turn as a normalised ASR transcript of what was said: lower case, letters and spaces only, values in
     * words, contractions written out, with the speaker's fillers and false starts.
     */
    static String voice(Turn turn, SplittableRandom random) {
        String said = turn.template().fill(turn.slots(), true).toLowerCase(Locale.ROOT);
        for (String[] contraction : CONTRACTIONS) {
            said = said.replace(contraction[0], contraction[1]);
        }
        List<String> words = new ArrayList<>(Arrays.asList(NOT_A_LETTER.split(said.strip())));
        words.removeIf(String::isEmpty);
        boolean customer = turn.speaker() == Speaker.CUSTOMER;
        // customers hesitate more than agents, who say much the same things all day
        if (random.nextDouble() < (customer ? 0.25 : 0.1)) { // a false start: a word or two said twice
            int length = Math.min(words.size(), 1 + random.nextInt(2));
            int at = random.nextInt(words.size() - length + 1);
            words.addAll(at, List.copyOf(words.subList(at, at + length)));
        }
        int fillers = customer ? random.nextInt(3) : (random.nextInt(4) == 0 ? 1 : 0);
        for (int i = 0; i < fillers; i++) {
            words.add(random.nextInt(words.size() + 1), FILLERS.get(random.nextInt(FILLERS.size())));
        }
        return String.join(" ", words);
    }
}
