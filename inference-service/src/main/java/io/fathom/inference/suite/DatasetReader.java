package io.fathom.inference.suite;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.fathom.contracts.Json;
import io.fathom.contracts.request.CorpusExample;
import io.fathom.contracts.request.DatasetRef;
import io.fathom.contracts.request.LabelledText;
import io.fathom.contracts.request.SplitNames;
import io.fathom.contracts.result.ErrorCode;
import io.fathom.inference.domain.WorkItem;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads labelled texts from a file: JSONL (one {"id"?, "text", "label"?, "split"?} per line) or
 * SentEval's {@code tr|va|te TAB label TAB sentence}; and a corpus source's examples from JSONL. A
 * malformed line fails the whole dataset with its line number, rather than silently shrinking it.
 */
public final class DatasetReader {

    /** The request schema's id pattern, so that ids from files follow the rule of inline ones. */
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:@-]{0,127}");

    private DatasetReader() {
    }

    /** Reads the dataset, within the bounds of {@code limits} ({@link DatasetFiles}). */
    public static List<WorkItem> read(String suite, DatasetRef ref, DatasetFiles.Limits limits)
            throws DatasetException {
        return readLines(ref, limits, (number, line) -> switch (ref.format()) {
            case "jsonl" -> jsonl(suite, ref.uri(), number, line);
            case "senteval" -> senteval(suite, ref.uri(), number, line);
            default -> throw new DatasetException("unknown dataset format " + ref.format());
        });
    }

    /**
     * Reads a corpus source's JSONL file: one {"id"?, "text"} or {"id"?, "instruction", "response"}
     * per line, other fields ignored; an example without an id gets {@code L<line>}. Errors name the
     * line and the field, never what the line holds, which may be private training data.
     */
    public static List<CorpusExample> readCorpus(DatasetRef ref, DatasetFiles.Limits limits)
            throws DatasetException {
        if (!"jsonl".equals(ref.format())) {
            throw new DatasetException(ref.uri() + ": corpus datasets are JSONL, not " + ref.format());
        }
        return readLines(ref, limits, (number, line) -> corpusExample(ref.uri(), number, line));
    }

    /** Parses one non-blank line, numbered from 1. */
    @FunctionalInterface
    private interface LineParser<T> {
        T parse(int number, String line) throws DatasetException;
    }

    private static <T> List<T> readLines(DatasetRef ref, DatasetFiles.Limits limits, LineParser<T> parser)
            throws DatasetException {
        int limit = ref.limit() == null ? Integer.MAX_VALUE : ref.limit();
        List<T> items = new ArrayList<>();
        try (DatasetFiles.Lines lines = DatasetFiles.open(ref.uri(), limits)) {
            String line;
            while (items.size() < limit && (line = lines.next()) != null) {
                if (!line.isBlank()) {
                    items.add(parser.parse(lines.number(), line));
                }
            }
        }
        return items;
    }

    private static WorkItem jsonl(String suite, String uri, int number, String line) throws DatasetException {
        LabelledText text;
        try {
            text = Json.MAPPER.readValue(line, LabelledText.class);
        } catch (JsonProcessingException e) {
            throw unreadable(uri + " line " + number + ": ", e);
        }
        if (text.text() == null || text.text().isBlank()) {
            throw new DatasetException(uri + " line " + number + ": missing \"text\"");
        }
        if (text.split() != null && !SplitNames.ALL.contains(text.split())) {
            // the value is not quoted: errors never echo what a file holds
            throw new DatasetException(uri + " line " + number + ": split must be train, dev or test");
        }
        String id = text.id() == null ? "L" + number : text.id();
        return new WorkItem(suite, id, text.text(), text.label(), text.split(),
                text.metadata() == null ? Map.of() : text.metadata());
    }

    /** The parser's own message quotes the offending text, which must not leak: only the column is named. */
    private static DatasetException unreadable(String where, JsonProcessingException e) {
        return new DatasetException(where + "not valid JSON" + (e.getLocation() == null ? ""
                : " (column " + e.getLocation().getColumnNr() + ")"));
    }

    private static CorpusExample corpusExample(String uri, int number, String line) throws DatasetException {
        String where = uri + " line " + number + ": ";
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(line);
        } catch (JsonProcessingException e) {
            throw unreadable(where, e);
        }
        if (!node.isObject()) {
            throw new DatasetException(where + "not a JSON object");
        }
        String id = stringField(node, "id", where);
        String text = stringField(node, "text", where);
        String instruction = stringField(node, "instruction", where);
        String response = stringField(node, "response", where);
        if (text != null && (instruction != null || response != null)) {
            throw new DatasetException(where + "has \"text\" and \"instruction\"/\"response\"; give one or the"
                    + " other");
        }
        if (text == null && (instruction == null || response == null)) {
            throw new DatasetException(where + "needs \"text\", or both \"instruction\" and \"response\"");
        }
        if (id != null && !ID.matcher(id).matches()) {
            throw new DatasetException(where + "\"id\" must be 1 to 128 of A-Z a-z 0-9 . _ : @ -, starting with a"
                    + " letter or digit");
        }
        return new CorpusExample(id == null ? "L" + number : id, text, instruction, response);
    }

    /** The field's string value, null when absent; anything but a non-blank string is an error. */
    private static String stringField(JsonNode node, String field, String where) throws DatasetException {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual() || value.asText().isBlank()) {
            throw new DatasetException(where + "\"" + field + "\" must be a non-blank string");
        }
        return value.asText();
    }

    private static WorkItem senteval(String suite, String uri, int number, String line) throws DatasetException {
        String[] fields = line.split("\t", 3);
        if (fields.length != 3) {
            throw new DatasetException(uri + " line " + number + ": expected 3 tab-separated fields"
                    + " (split, label, sentence) but found " + fields.length);
        }
        String split = switch (fields[0]) {
            case "tr" -> SplitNames.TRAIN;
            case "va" -> SplitNames.DEV;
            case "te" -> SplitNames.TEST;
            default -> throw new DatasetException(uri + " line " + number + ": split must be tr, va or te");
        };
        if (fields[2].isBlank()) {
            throw new DatasetException(uri + " line " + number + ": empty sentence");
        }
        return new WorkItem(suite, "L" + number, fields[2], fields[1], split, Map.of());
    }

    /** A dataset that cannot be read, with the place, the reason and the error code that reports it. */
    public static class DatasetException extends Exception {
        private final ErrorCode code;

        /** A file that is there to read but cannot be used as a dataset. */
        public DatasetException(String message) {
            this(ErrorCode.DATASET_UNREADABLE, message);
        }

        public DatasetException(ErrorCode code, String message) {
            super(message);
            this.code = code;
        }

        public ErrorCode code() {
            return code;
        }
    }
}
