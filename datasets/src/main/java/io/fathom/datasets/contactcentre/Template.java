package io.fathom.datasets.contactcentre;

import io.fathom.datasets.contactcentre.Turn.Act;
import io.fathom.datasets.contactcentre.Turn.Speaker;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A phrasing one speaker uses for one dialogue act, as typed, with {@code {slot}} placeholders for the call's values.
 *
 * @param parts literal text and slot names alternating, starting with literal text (possibly empty)
 */
record Template(Speaker speaker, Act act, String text, List<String> parts) {

    private static final Pattern SLOT = Pattern.compile("\\{(\\w+)}");

    /** @throws IllegalArgumentException if the text names a slot that {@link Slots} does not fill */
    static Template of(Speaker speaker, Act act, String text) {
        List<String> parts = new ArrayList<>();
        Matcher slot = SLOT.matcher(text);
        int literalStart = 0;
        while (slot.find()) {
            if (!Slots.NAMES.contains(slot.group(1))) {
                throw new IllegalArgumentException("unknown slot {" + slot.group(1) + "} in \"" + text + "\"");
            }
            parts.add(text.substring(literalStart, slot.start()));
            parts.add(slot.group(1));
            literalStart = slot.end();
        }
        parts.add(text.substring(literalStart));
        return new Template(speaker, act, text, List.copyOf(parts));
    }

    /** The text with each slot replaced by its spoken or its typed form. */
    String fill(Map<String, Value> slots, boolean spoken) {
        StringBuilder filled = new StringBuilder();
        for (int i = 0; i < parts.size(); i++) {
            if (i % 2 == 0) {
                filled.append(parts.get(i));
            } else {
                Value value = slots.get(parts.get(i));
                filled.append(spoken ? value.spoken() : value.typed());
            }
        }
        return filled.toString();
    }
}
