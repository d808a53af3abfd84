package io.fathom.contracts.request;

/** Items read from a file: {@code jsonl} (one labelled text per line) or SentEval's {@code split TAB label TAB text}. */
public record DatasetRef(String uri, String format, Integer limit) {
}
