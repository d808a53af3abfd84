package io.fathom.datasets.contactcentre;

import io.fathom.datasets.contactcentre.Turn.Act;
import io.fathom.datasets.contactcentre.Turn.Speaker;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Phrasings for the steps of a call, written as lines {@code step: phrasing}; a following line {@code | phrasing}
 * adds an alternative to the same group. The step fixes speaker and dialogue act. Groups matter for paired steps
 * (a question and its answer): group {@code i} of {@code ask} is answered by group {@code i} of {@code answer}.
 */
record Script(String name, Map<String, List<List<Template>>> steps, Map<String, List<Template>> phrasings) {

    private record Step(Speaker speaker, Act act) {
    }

    private static final Map<String, Step> STEPS = Map.ofEntries(
            Map.entry("greet-agent", new Step(Speaker.AGENT, Act.GREETING)),
            Map.entry("greet-customer", new Step(Speaker.CUSTOMER, Act.GREETING)),
            Map.entry("problem", new Step(Speaker.CUSTOMER, Act.PROBLEM_STATEMENT)),
            Map.entry("sympathise", new Step(Speaker.AGENT, Act.ACKNOWLEDGEMENT)),
            Map.entry("ask-name", new Step(Speaker.AGENT, Act.VERIFICATION)),
            Map.entry("give-name", new Step(Speaker.CUSTOMER, Act.VERIFICATION)),
            Map.entry("verify-ask", new Step(Speaker.AGENT, Act.VERIFICATION)),
            Map.entry("verify-answer", new Step(Speaker.CUSTOMER, Act.VERIFICATION)),
            Map.entry("verified", new Step(Speaker.AGENT, Act.VERIFICATION)),
            Map.entry("ask", new Step(Speaker.AGENT, Act.INFORMATION_REQUEST)),
            Map.entry("answer", new Step(Speaker.CUSTOMER, Act.ANSWER)),
            Map.entry("hold", new Step(Speaker.AGENT, Act.HOLD)),
            Map.entry("acknowledge", new Step(Speaker.CUSTOMER, Act.ACKNOWLEDGEMENT)),
            Map.entry("explain", new Step(Speaker.AGENT, Act.EXPLANATION)),
            Map.entry("question", new Step(Speaker.CUSTOMER, Act.INFORMATION_REQUEST)),
            Map.entry("reply", new Step(Speaker.AGENT, Act.ANSWER)),
            Map.entry("resolve", new Step(Speaker.AGENT, Act.RESOLUTION)),
            Map.entry("thank", new Step(Speaker.CUSTOMER, Act.ACKNOWLEDGEMENT)),
            Map.entry("offer-more", new Step(Speaker.AGENT, Act.CLOSING)),
            Map.entry("decline-more", new Step(Speaker.CUSTOMER, Act.CLOSING)),
            Map.entry("farewell", new Step(Speaker.AGENT, Act.CLOSING)),
            Map.entry("bye", new Step(Speaker.CUSTOMER, Act.CLOSING)));

    /** Paired steps: the first is answered by the second, group by group. */
    static final Map<String, String> ANSWERED_BY = Map.of("ask-name", "give-name", "verify-ask", "verify-answer",
            "ask", "answer", "question", "reply");

    /** @throws IllegalArgumentException on an unknown step, a misplaced alternative or unmatched pairs */
    static Script parse(String name, String text) {
        Map<String, List<List<Template>>> steps = new LinkedHashMap<>();
        List<Template> group = null;
        Step step = null;
        for (String line : text.strip().split("\n")) {
            line = line.strip();
            if (line.startsWith("|")) {
                if (group == null) {
                    throw new IllegalArgumentException(name + ": alternative before any step: " + line);
                }
                group.add(Template.of(step.speaker, step.act, line.substring(1).strip()));
            } else {
                int colon = line.indexOf(':');
                String key = line.substring(0, Math.max(colon, 0));
                step = STEPS.get(key);
                if (step == null) {
                    throw new IllegalArgumentException(name + ": unknown step '" + key + "' in: " + line);
                }
                group = new ArrayList<>();
                group.add(Template.of(step.speaker, step.act, line.substring(colon + 1).strip()));
                steps.computeIfAbsent(key, k -> new ArrayList<>()).add(group);
            }
        }
        ANSWERED_BY.forEach((asking, answering) -> {
            if (steps.getOrDefault(asking, List.of()).size() != steps.getOrDefault(answering, List.of()).size()) {
                throw new IllegalArgumentException(name + ": '" + asking + "' and '" + answering
                        + "' need the same number of groups");
            }
        });
        Map<String, List<Template>> phrasings = new LinkedHashMap<>();
        steps.forEach((key, groups) -> phrasings.put(key, groups.stream().flatMap(List::stream).toList()));
        return new Script(name, steps, phrasings);
    }

    /** The groups of alternatives for {@code step}. */
    List<List<Template>> groups(String step) {
        return steps.get(step);
    }

    /** Every phrasing of {@code step}, whatever its group. */
    List<Template> phrasings(String step) {
        return phrasings.get(step);
    }
}
