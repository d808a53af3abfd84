package io.fathom.inference.suite;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.fathom.contracts.Json;
import io.fathom.contracts.request.DatasetRef;
import io.fathom.contracts.request.LabelledText;
import io.fathom.contracts.request.SplitNames;
import io.fathom.inference.domain.WorkItem;
import java.io.BufferedReader;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads labelled texts from a file: JSONL (one {"id"?, "text", "label"?, "split"?} per line) or
 * SentEval's {@code tr|va|te TAB label TAB sentence}. A malformed line fails the whole dataset with
 * its line number, rather than silently shrinking it.
 */
public final class DatasetReader {

    private DatasetReader() {
    }

    /** Reads the dataset; with {@code roots}, only files inside one of those directories. */
    public static List<WorkItem> read(String suite, DatasetRef ref, Optional<List<String>> roots)
            throws DatasetException {
        Path path = toPath(ref.uri()).toAbsolutePath().normalize();
        if (roots.isPresent() && roots.get().stream().map(r -> Path.of(r).toAbsolutePath().normalize())
                .noneMatch(path::startsWith)) {
            throw new DatasetException(ref.uri() + ": outside the dataset directories this service reads "
                    + roots.get() + " (fathom.inference.dataset-roots)");
        }
        if (!Files.isReadable(path)) {
            throw new DatasetException(ref.uri() + ": file does not exist or is not readable");
        }
        int limit = ref.limit() == null ? Integer.MAX_VALUE : ref.limit();
        List<WorkItem> items = new ArrayList<>();
        try (BufferedReader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            String line;
            int number = 0;
            while ((line = reader.readLine()) != null && items.size() < limit) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                items.add(switch (ref.format()) {
                    case "jsonl" -> jsonl(suite, ref.uri(), number, line);
                    case "senteval" -> senteval(suite, ref.uri(), number, line);
                    default -> throw new DatasetException("unknown dataset format " + ref.format());
                });
            }
        } catch (IOException e) {
            throw new DatasetException(ref.uri() + ": " + e.getMessage());
        }
        return items;
    }

    private static WorkItem jsonl(String suite, String uri, int number, String line) throws DatasetException {
        LabelledText text;
        try {
            text = Json.MAPPER.readValue(line, LabelledText.class);
        } catch (JsonProcessingException e) {
            throw new DatasetException(uri + " line " + number + ": not a JSON object: " + e.getOriginalMessage());
        }
        if (text.text() == null || text.text().isBlank()) {
            throw new DatasetException(uri + " line " + number + ": missing \"text\"");
        }
        if (text.split() != null && !SplitNames.ALL.contains(text.split())) {
            throw new DatasetException(uri + " line " + number + ": split must be train, dev or test, not \""
                    + text.split() + "\"");
        }
        String id = text.id() == null ? "L" + number : text.id();
        return new WorkItem(suite, id, text.text(), text.label(), text.split(),
                text.metadata() == null ? Map.of() : text.metadata());
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
            default -> throw new DatasetException(uri + " line " + number + ": split must be tr, va or te, not \""
                    + fields[0] + "\"");
        };
        if (fields[2].isBlank()) {
            throw new DatasetException(uri + " line " + number + ": empty sentence");
        }
        return new WorkItem(suite, "L" + number, fields[2], fields[1], split, Map.of());
    }

    private static Path toPath(String uri) throws DatasetException {
        try {
            return uri.startsWith("file:") ? Path.of(URI.create(uri)) : Path.of(uri);
        } catch (IllegalArgumentException e) {
            throw new DatasetException(uri + ": not a file path or file: URI (" + e.getMessage() + ")");
        }
    }

    /** A dataset that cannot be read, with the place and reason. */
    public static class DatasetException extends Exception {
        public DatasetException(String message) {
            super(message);
        }
    }
}
