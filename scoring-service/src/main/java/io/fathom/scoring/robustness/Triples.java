package io.fathom.scoring.robustness;

import io.fathom.contracts.request.InstructionItem;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Relation-extraction answers: one {@code head | relation | tail} triple per line, "none" for no
 * relation. A leading bullet or number is allowed; any other line (prose, another format) yields no
 * triple, so a model that ignores the format loses recall rather than being guessed at.
 * Normalisation: lower case and collapsed whitespace; relations also with spaces as underscores.
 */
public final class Triples {

    private static final Pattern BULLET = Pattern.compile("^\\s*([-*•]|\\d+[.)])\\s*");
    private static final Pattern SPACES = Pattern.compile("\\s+");

    public record Triple(String head, String relation, String tail) {
    }

    private Triples() {
    }

    public static Set<Triple> parse(String answer) {
        Set<Triple> triples = new HashSet<>();
        if (answer == null) {
            return triples;
        }
        for (String line : answer.split("\\R")) {
            String[] parts = BULLET.matcher(line).replaceFirst("").split("\\|", -1);
            if (parts.length != 3) {
                continue;
            }
            Triple triple = normalized(parts[0], parts[1], parts[2]);
            if (!triple.head().isEmpty() && !triple.relation().isEmpty() && !triple.tail().isEmpty()) {
                triples.add(triple);
            }
        }
        return triples;
    }

    /** Whether a model kept to the format: a triple line, or "none" for no relation. */
    public static boolean readable(String answer) {
        if (answer == null) {
            return false;
        }
        for (String line : answer.split("\\R")) {
            if (BULLET.matcher(line).replaceFirst("").strip().equalsIgnoreCase("none")) {
                return true;
            }
        }
        return !parse(answer).isEmpty();
    }

    public static Set<Triple> gold(List<InstructionItem.Triple> triples) {
        Set<Triple> gold = new HashSet<>();
        if (triples != null) {
            triples.forEach(t -> gold.add(normalized(t.head(), t.relation(), t.tail())));
        }
        return gold;
    }

    static Triple normalized(String head, String relation, String tail) {
        return new Triple(text(head), SPACES.matcher(text(relation)).replaceAll("_"), text(tail));
    }

    private static String text(String value) {
        return SPACES.matcher(value.toLowerCase(Locale.ROOT)).replaceAll(" ").strip();
    }

    /** The relation labels of a set of triples, for relation accuracy. */
    public static Set<String> relations(Set<Triple> triples) {
        Set<String> relations = new HashSet<>();
        triples.forEach(t -> relations.add(t.relation()));
        return relations;
    }
}
