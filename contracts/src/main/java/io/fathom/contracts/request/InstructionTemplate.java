package io.fathom.contracts.request;

/** An instruction wording with placeholders, tagged as seen or unseen during the model's instruction tuning. */
public record InstructionTemplate(String id, String text, boolean seen) {
}
