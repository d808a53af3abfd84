package io.fathom.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Deterministic contact-centre-like sentences of 6 to 30 words, the same for every run of a benchmark. */
final class BenchTexts {

    private static final String[] OPENERS = {"I", "The customer", "My router", "Your account", "The agent",
            "Our technician", "The billing team", "This plan", "The refund", "My phone"};
    private static final String[] VERBS = {"has been", "will be", "was", "keeps", "seems", "should be", "is not"};
    private static final String[] WORDS = {"charged", "twice", "for", "the", "same", "month", "and", "internet",
            "dropping", "every", "few", "minutes", "since", "monday", "please", "confirm", "email", "address",
            "outage", "in", "your", "area", "engineers", "working", "on", "it", "replacement", "arrive", "within",
            "three", "business", "days", "restart", "modem", "lights", "turn", "green", "discount", "another",
            "year", "ticket", "number", "reference", "password", "reset", "link", "doesn't", "work", "upgrade",
            "unlimited", "data", "signal", "inside", "house", "travelling", "abroad", "warranty", "device"};

    private BenchTexts() {
    }

    static List<String> generate(int count, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<String> texts = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            StringBuilder text = new StringBuilder(OPENERS[random.nextInt(OPENERS.length)]).append(' ')
                    .append(VERBS[random.nextInt(VERBS.length)]);
            int words = 4 + random.nextInt(25);
            for (int w = 0; w < words; w++) {
                text.append(' ').append(WORDS[random.nextInt(WORDS.length)]);
            }
            texts.add(text.append(random.nextBoolean() ? "." : "?").toString());
        }
        return texts;
    }
}
