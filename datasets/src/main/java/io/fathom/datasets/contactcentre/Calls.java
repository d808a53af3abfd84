package io.fathom.datasets.contactcentre;

import io.fathom.datasets.Splits;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Generates calls: one scenario from {@link Scripts#SCENARIOS} inside the steps every call shares, some of them
 * optional, so that calls run from 14 to 27 turns. Each split says things its own way: of every step's phrasings
 * (of every group's, for questions and answers) train, dev and test each take a disjoint third.
 */
final class Calls {

    private static final Script COMMON = Scripts.COMMON;

    private Calls() {
    }

    /** One call in {@code split} (0 train, 1 dev, 2 test); names come from that split's share. */
    static List<Turn> generate(SplittableRandom random, int split) {
        Script scenario = Scripts.SCENARIOS.get(random.nextInt(Scripts.SCENARIOS.size()));
        List<Template> said = new ArrayList<>();
        say(said, split, COMMON, "greet-agent", random);
        if (random.nextBoolean()) {
            say(said, split, COMMON, "greet-customer", random);
        }
        say(said, split, scenario, "problem", random);
        if (random.nextBoolean()) {
            say(said, split, COMMON, "sympathise", random);
        }
        exchange(said, split, COMMON, "ask-name", 1, random);
        exchange(said, split, COMMON, "verify-ask", 1, random);
        if (random.nextBoolean()) {
            say(said, split, COMMON, "verified", random);
        }
        exchange(said, split, scenario, "ask", 1 + random.nextInt(scenario.groups("ask").size()), random);
        if (random.nextBoolean()) {
            say(said, split, COMMON, "hold", random);
            if (random.nextBoolean()) {
                say(said, split, COMMON, "acknowledge", random);
            }
        }
        say(said, split, scenario, "explain", random);
        if (random.nextBoolean()) {
            say(said, split, COMMON, "acknowledge", random);
        }
        if (random.nextBoolean()) {
            exchange(said, split, scenario, "question", 1, random);
        }
        say(said, split, scenario, "resolve", random);
        say(said, split, COMMON, "thank", random);
        say(said, split, COMMON, "offer-more", random);
        say(said, split, COMMON, "decline-more", random);
        say(said, split, COMMON, "farewell", random);
        if (random.nextBoolean()) {
            say(said, split, COMMON, "bye", random);
        }
        Map<String, Value> slots = Slots.draw(random, split);
        boolean casualTyping = random.nextInt(3) == 0;
        return IntStream.range(0, said.size())
                .mapToObj(i -> new Turn(said.get(i), i, said.size(), slots, casualTyping)).toList();
    }

    private static void say(List<Template> said, int split, Script script, String step, SplittableRandom random) {
        said.add(Slots.pick(Splits.partition(script.phrasings(step), split), random));
    }

    /** {@code count} different questions of {@code asking}, in random order, each followed by its answer. */
    private static void exchange(List<Template> said, int split, Script script, String asking, int count,
            SplittableRandom random) {
        List<List<Template>> questions = script.groups(asking);
        List<List<Template>> answers = script.groups(Script.ANSWERED_BY.get(asking));
        List<Integer> order = new ArrayList<>(IntStream.range(0, questions.size()).boxed().toList());
        for (int i = 0; i < count; i++) {
            int question = order.remove(random.nextInt(order.size()));
            said.add(Slots.pick(Splits.partition(questions.get(question), split), random));
            said.add(Slots.pick(Splits.partition(answers.get(question), split), random));
        }
    }
}
