package io.fathom.contracts.request;

import java.util.List;

/**
 * An instruction wording with placeholders, and which models saw it during their instruction
 * tuning: every model when {@code seen}; otherwise the models listed in {@code seenBy} (optional;
 * the request schema allows it only with {@code seen: false}) and no others.
 */
public record InstructionTemplate(String id, String text, boolean seen, List<String> seenBy) {

    public InstructionTemplate {
        seenBy = seenBy == null ? null : List.copyOf(seenBy);
    }

    /** A template seen by every model of the run or by none. */
    public InstructionTemplate(String id, String text, boolean seen) {
        this(id, text, seen, null);
    }

    public boolean isSeenBy(String model) {
        return seen || (seenBy != null && seenBy.contains(model));
    }
}
