package io.fathom.datasets;

/** One probing example in SentEval's terms: split ({@code train}, {@code dev} or {@code test}), label, text. */
public record Example(String split, String label, String text) {
}
